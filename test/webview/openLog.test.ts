import { strict as assert } from 'node:assert';
import type { EmbeddedSnapshot } from '../../src/shared/log/embeddedSnapshot';
import type { LogViewToHost } from '../../src/shared/log/logViewProtocols';
import type { RowDto } from '../../src/shared/log/rowDto';
import { CONNECTED, logWebviewSuite, makeCounters, type LogWebview } from '../harness/webviewPage';
import { makeRow, makeRows } from '../harness/messageDto';

const isReady = (m: LogViewToHost): m is Extract<LogViewToHost, { method: 'log/ready' }> => m.kind === 'notify' && m.method === 'log/ready';

/** The snapshot the host would build the page with: rows 0..29 of 30 stored. */
function embeddedWith(tail: RowDto[] = makeRows(0, 30), id = 'page-1'): EmbeddedSnapshot {
  const next = (tail.at(-1)?.pos ?? -1) + 1;
  return { id, snapshot: { connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: next }), tail, filter: null } };
}

/** Seqs of the rows in the DOM, in order. */
async function renderedSeqs(view: LogWebview): Promise<number[]> {
  return view.page.locator('.log-row[data-seq]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.seq)));
}

/**
 * Opening the log (issue 21): the page comes with its first snapshot, the list renders first, and
 * the rest of the view mounts after the first rows are painted.
 */
describe('opening the log in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview | undefined;
  afterEach(async function () {
    view?.assertHealthy();
    await view?.close();
    view = undefined;
  });

  it('paints the rows of the snapshot embedded in the page before the host sends anything', async () => {
    view = await suite.open({ embedded: embeddedWith() });
    await view.page.locator('.log-row[data-seq="29"]').waitFor();
  });

  it('names the embedded snapshot it shows in log/ready', async () => {
    view = await suite.open({ embedded: embeddedWith() });
    assert.deepEqual((await view.waitForPosted(isReady, 'log/ready')).params, { embedded: 'page-1' });
  });

  it('shows each row once when the first tail after log/ready overlaps the embedded rows', async () => {
    view = await suite.open({ embedded: embeddedWith() });
    await view.waitForPosted(isReady, 'log/ready');
    await view.send({ kind: 'notify', method: 'log/tail', params: { counters: makeCounters({ firstPos: 0, nextPos: 35 }), tail: makeRows(25, 35) } });
    await view.page.locator('.log-row[data-seq="34"]').waitFor();
    const seqs = await renderedSeqs(view);
    assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => a - b));
  });

  it('does not show an embedded snapshot it showed before (the same page shown again)', async () => {
    view = await suite.open({ embedded: embeddedWith(), state: { following: true, embeddedSnapshot: 'page-1' } });
    assert.deepEqual([(await view.waitForPosted(isReady, 'log/ready')).params, await renderedSeqs(view)], [{}, []]);
  });

  it('shows a hostile topic and payload of the embedded snapshot as text, and runs nothing', async () => {
    const topic = 'x/</script><script>window.__pwned = 1</script><!--\u2028';
    view = await suite.open({ embedded: embeddedWith([makeRow(0, { topic, payload: '</script><img src=x onerror="window.__pwned = 2">' })]) });
    const row = view.page.locator('.log-row[data-seq="0"]');
    const seen = { topic: await row.locator('.topic').innerText(), payload: await row.locator('.payload').innerText(), pwned: await view.page.evaluate(() => (window as { __pwned?: number }).__pwned ?? null), csp: await view.cspViolations() };
    assert.deepEqual(seen, { topic: 'x/</script><script>window.__pwned = 1</script><!--\\u2028', payload: '</script><img src=x onerror="window.__pwned = 2">', pwned: null, csp: [] });
  });

  it('keeps the rows where they are under the header when the filter bar and the publish panel mount', async () => {
    view = await suite.open({
      embedded: embeddedWith(),
      // Every frame from the first rows until a few frames after the deferred parts mounted: where the list's rows are.
      beforeLoad: async (page) => {
        await page.addInitScript(() => {
          const w = window as unknown as { __listAt: string[] };
          w.__listAt = [];
          let after = -1;
          const sample = (): void => {
            const rows = document.querySelector('.log-rows');
            if (rows) {
              const r = rows.getBoundingClientRect();
              // From the header's bottom: the toolkit's header buttons settle a pixel shorter once
              // the other toolkit elements mount, which moves everything under them alike.
              const header = document.querySelector('.log-header')?.getBoundingClientRect().bottom ?? 0;
              w.__listAt.push(`top ${r.top - header}, height ${r.height}`);
            }
            if (after < 0 && performance.getEntriesByName('tracemq:deferred', 'mark').length > 0) after = 0;
            if (after < 0 || after++ < 5) requestAnimationFrame(sample);
          };
          requestAnimationFrame(sample);
        });
      },
    });
    await view.page.getByTestId('publish-panel').waitFor();
    await view.page.waitForFunction(() => (window as unknown as { __listAt: string[] }).__listAt.length > 0 && performance.getEntriesByName('tracemq:deferred', 'mark').length > 0);
    // The first sample is taken in the first frame's animation callback, before that frame's resize
    // observers fit the list to whole rows and before it is painted: not a position anyone saw.
    const positions = (await view.page.evaluate(() => (window as unknown as { __listAt: string[] }).__listAt)).slice(1);
    const reserved = await view.page.evaluate(() => (window.__tracemq.state as { reserved?: unknown } | undefined)?.reserved);
    assert.deepEqual([...new Set(positions)], [positions[0]], `the list moved: ${positions.join(', ')}; heights now ${JSON.stringify(reserved)}`);
  });
});
