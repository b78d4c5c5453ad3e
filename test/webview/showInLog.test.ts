import { strict as assert } from 'node:assert';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeRows } from '../harness/messageDto';

// The log view's side of the trace's "Show in Log", in Chromium: the host tells it where the
// message is (`trace/revealMessage`, test/unit/showInLog.test.ts for the host's side) and the view
// scrolls to that row, selects it and opens it; or it says why it cannot show it.

describe('the log reveals the message the trace asks for, in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;
  const answered = new Set<number>();

  /** Answers every page the view asks for (rows are made for whatever positions it wants) until `done`. */
  async function servePagesUntil(done: () => Promise<boolean>, what: string): Promise<void> {
    await waitFor(async () => {
      for (const request of await view.requests('log/page/get')) {
        if (answered.has(request.id)) continue;
        answered.add(request.id);
        await view.reply(request, { rows: makeRows(request.params.from, request.params.from + request.params.count) });
      }
      return done();
    }, what);
  }

  const reveal = (params: { seq: number; pos: number } | { seq: number; hidden: 'evicted' | 'filtered' | 'filtering' }): Promise<void> =>
    view.send({ kind: 'notify', method: 'trace/revealMessage', params });

  afterEach(async function () {
    answered.clear();
    view.assertHealthy();
    await view.close();
  });

  describe('a message the log shows', function () {
    beforeEach(async function () {
      view = await suite.open();
      await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 5000 }), tail: makeRows(4950, 5000) } });
      await view.page.locator('[data-testid="log-row"][data-seq="4999"]').waitFor();
      await reveal({ seq: 1234, pos: 1234 });
    });

    it('scrolls to its row, far from the tail', async function () {
      await servePagesUntil(async () => (await view.page.locator('[data-testid="log-row"][data-seq="1234"]').count()) === 1, 'row 1234 on screen');
      assert.ok(await view.page.locator('[data-testid="log-row"][data-seq="1234"]').isVisible());
    });

    it('selects its row', async function () {
      await servePagesUntil(async () => (await view.page.locator('[data-testid="log-row"][data-seq="1234"]').count()) === 1, 'row 1234 on screen');
      await waitFor(async () => (await view.page.locator('[data-testid="log-row"][data-seq="1234"]').getAttribute('aria-selected')) === 'true', 'row 1234 selected');
    });

    it('opens it in the detail pane, as a click on its row does', async function () {
      await servePagesUntil(async () => (await view.requests('log/message/get')).length > 0, 'the detail to ask for the message');
      assert.deepEqual((await view.requests('log/message/get')).map((r) => r.params.seq), [1234]);
    });

    it('stops following the tail, so that new messages do not carry it away', async function () {
      await servePagesUntil(async () => (await view.page.locator('[data-testid="log-row"][data-seq="1234"]').count()) === 1, 'row 1234 on screen');
      assert.equal(await view.page.getByTestId('follow').innerText(), 'Resume');
    });
  });

  describe('a message the log does not show', function () {
    beforeEach(async function () {
      view = await suite.open({ state: { following: true, filter: { topic: 'sensors/dev7/#' } } });
      await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: { topic: 'sensors/dev7/#' }, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 1 }), tail: makeRows(0, 1) } });
      await view.page.locator('[data-testid="log-row"]').first().waitFor();
    });

    it('says a message hidden by the filter is hidden by it', async function () {
      await reveal({ seq: 12, hidden: 'filtered' });
      assert.match(await view.page.getByTestId('reveal-notice').innerText(), /Message #12 is hidden by the log's filter/);
    });

    it('says an evicted message is no longer in the log, and offers no filter to clear', async function () {
      await reveal({ seq: 12, hidden: 'evicted' });
      const notice = view.page.getByTestId('reveal-notice');
      assert.deepEqual([/no longer in the log/.test(await notice.innerText()), await view.page.getByTestId('reveal-clear-filter').count()], [true, 0]);
    });

    it('clears the filter when asked', async function () {
      await reveal({ seq: 12, hidden: 'filtered' });
      await view.page.getByTestId('reveal-clear-filter').click();
      await waitFor(async () => (await view.requests('log/filter/set')).length === 2, 'a second filter request');
      assert.deepEqual((await view.requests('log/filter/set')).map((r) => r.params.filter), [{ topic: 'sensors/dev7/#' }, null]);
    });

    it('asks the host for the message again once the log is unfiltered', async function () {
      await reveal({ seq: 12, hidden: 'filtered' });
      await view.page.getByTestId('reveal-clear-filter').click();
      await waitFor(async () => (await view.requests('log/filter/set')).some((r) => r.params.filter === null), 'the filter cleared');
      const clear = (await view.requests('log/filter/set')).find((r) => r.params.filter === null);
      assert.ok(clear);
      await view.reply(clear, {});
      await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 20 }), tail: makeRows(0, 20) } });
      const again = await view.waitForPosted((m): m is Extract<typeof m, { kind: 'notify'; method: 'trace/reveal' }> => m.kind === 'notify' && m.method === 'trace/reveal', 'trace/reveal');
      assert.deepEqual(again.params, { seq: 12 });
    });
  });
});
