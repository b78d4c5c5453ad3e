import { strict as assert } from 'node:assert';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeRows } from '../harness/messageDto';

describe('the paused log says how many messages arrived, in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;

  beforeEach(async function () {
    view = await suite.open();
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 10 }), tail: makeRows(0, 10) } });
    await view.page.locator('[data-testid="log-row"][data-seq="9"]').waitFor();
  });

  afterEach(async function () {
    view.assertHealthy();
    await view.close();
  });

  /** Messages up to `next` arrive, as a tail post while not following brings only the counters. */
  const arrive = (next: number): Promise<void> =>
    view.send({ kind: 'notify', method: 'log/tail', params: { counters: makeCounters({ firstPos: 0, nextPos: next }), tail: [] } });

  it('shows no banner while the log follows the tail', async function () {
    await arrive(12);
    assert.equal(await view.page.getByTestId('paused-banner').count(), 0);
  });

  it('counts the messages that arrive after a click on a row paused the log', async function () {
    await view.page.locator('[data-testid="log-row"][data-seq="4"]').click();
    await view.page.getByTestId('paused-banner').waitFor();
    await arrive(13);
    await waitFor(async () => (await view.page.getByTestId('paused-count').innerText()) === '3 new messages', '"3 new messages"');
  });

  it('says "1 new message" for one', async function () {
    await view.page.getByTestId('follow').click();
    await arrive(11);
    await waitFor(async () => (await view.page.getByTestId('paused-count').innerText()) === '1 new message', '"1 new message"');
  });

  it('follows the tail again on Resume and hides the banner', async function () {
    await view.page.locator('[data-testid="log-row"][data-seq="4"]').click();
    await arrive(15);
    await view.page.getByTestId('paused-resume').click();
    await waitFor(async () => (await view.page.getByTestId('paused-banner').count()) === 0, 'the banner gone');
    assert.equal(await view.page.getByTestId('follow').innerText(), 'Pause');
  });
});
