import { strict as assert } from 'node:assert';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters } from '../harness/webviewPage';
import { makeMessage, makeRows } from '../harness/messageDto';

/** The keyboard shortcuts are VS Code keybindings (package.json); the buttons name them in their tooltips. */
describe('the log view names its keyboard shortcuts in tooltips, in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;

  beforeEach(async function () {
    view = await suite.open();
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 3 }), tail: makeRows(0, 3) } });
    await view.page.locator('[data-testid="log-row"][data-seq="2"]').waitFor();
  });

  afterEach(async function () {
    view.assertHealthy();
    await view.close();
  });

  it('names Ctrl+Alt+P on Pause', async function () {
    assert.match((await view.page.getByTestId('follow').getAttribute('title')) ?? '', /\(Ctrl\+Alt\+P\)$/);
  });

  it('names Ctrl+Alt+K on Clear', async function () {
    assert.match((await view.page.getByTestId('clear').getAttribute('title')) ?? '', /\(Ctrl\+Alt\+K\)$/);
  });

  it('names Ctrl+Alt+F on the topic filter', async function () {
    assert.match((await view.page.getByTestId('filter-topic').getAttribute('title')) ?? '', /\(Ctrl\+Alt\+F\)$/);
  });

  it('names Ctrl+Alt+D on the detail pane\'s Close', async function () {
    await view.page.locator('[data-testid="log-row"][data-seq="1"]').click();
    await view.reply(await view.waitForRequest('log/message/get'), { message: makeMessage(1, { payload: 'on' }) });
    await view.page.getByTestId('detail-close').first().waitFor();
    assert.match((await view.page.getByTestId('detail-close').first().getAttribute('title')) ?? '', /Ctrl\+Alt\+D\)$/);
  });
});
