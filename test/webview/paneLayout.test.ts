import { strict as assert } from 'node:assert';
import type { NotifyMessage } from '../../src/shared/ipc/envelope';
import type { LogViewToHost } from '../../src/shared/log/logViewProtocols';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeMessage, makeRows } from '../harness/messageDto';

const isReady = (m: LogViewToHost): m is NotifyMessage<'log/ready', Record<string, never>> => m.kind === 'notify' && m.method === 'log/ready';

type Box = { x: number; y: number; width: number; height: number };

/**
 * The log panel's layout in Chromium: topics | log | detail side by side when wide and stacked when
 * narrow, the splitters, one scrollbar per pane, and a header that wraps instead of clipping.
 */
describe('log panel layout in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;
  afterEach(async function () {
    view.assertHealthy();
    await view.close();
  });

  /** Opens the view at `width`×`height` with 200 messages and, when asked, the first message's detail. */
  async function open(width: number, height: number, options: { detail?: boolean; state?: unknown } = {}): Promise<void> {
    view = await suite.open({ viewport: { width, height }, ...(options.state === undefined ? {} : { state: options.state }) });
    await view.waitForPosted(isReady, 'log/ready');
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 200 }), tail: makeRows(150, 200) } });
    await view.page.locator('[data-testid="log-row"][data-seq="199"]').waitFor();
    if (options.detail) {
      await view.page.locator('[data-testid="log-row"][data-seq="199"]').click();
      await view.reply(await view.waitForRequest('log/message/get'), { message: makeMessage(199) });
      await view.page.getByTestId('detail-payload').waitFor();
    }
  }

  const box = async (testId: string): Promise<Box> => {
    const b = await view.page.getByTestId(testId).boundingBox();
    assert.ok(b, `${testId} has a box`);
    return b;
  };

  it('puts the detail pane beside the log when the panel is wide', async function () {
    await open(1400, 720, { detail: true });
    const list = await box('log-list');
    const detail = await box('message-detail');
    const area = await box('pane-area');
    assert.ok(detail.x >= list.x + list.width - 1, `detail at x=${detail.x}, log ends at ${list.x + list.width}`);
    assert.deepEqual([detail.y, detail.height], [area.y, area.height], 'the detail pane spans the area\'s height');
  });

  it('stacks the detail pane under the log when the panel is narrow', async function () {
    await open(700, 900, { detail: true });
    const list = await box('log-list');
    const detail = await box('message-detail');
    assert.ok(detail.y >= list.y + list.height - 1, `detail at y=${detail.y}, log ends at ${list.y + list.height}`);
  });

  it('has no outer scrollbar with the detail pane and the publish panel open', async function () {
    await open(1100, 720, { detail: true });
    await view.page.getByTestId('publish-panel').waitFor();
    const overflow = await view.page.getByTestId('log-view').evaluate((el) => el.scrollHeight - el.clientHeight);
    assert.equal(overflow, 0);
  });

  it('keeps every header action inside the panel at half a screen\'s width', async function () {
    await open(640, 720);
    const follow = await box('follow');
    assert.ok(follow.x + follow.width <= 640, `Pause ends at ${follow.x + follow.width}`);
  });

  it('moves the detail splitter with the arrow keys and saves the new size', async function () {
    await open(1400, 720, { detail: true });
    const before = (await box('message-detail')).width;
    await view.page.getByTestId('splitter-detail').focus();
    await view.page.keyboard.press('ArrowLeft');
    // Generous waits: on a busy machine the state is saved after its debounce, a while later.
    await waitFor(async () => (await box('message-detail')).width > before + 10, 'the detail pane wider', 15_000);
    await waitFor(
      async () => Math.abs((((await view.savedState()) as { layout?: { detailSize?: number } } | undefined)?.layout?.detailSize ?? 0) - 0.37) < 1e-9,
      'detailSize 0.37 saved',
      15_000,
    );
  });

  it('opens the Topics pane at the size saved for this connection', async function () {
    await open(1400, 720, { state: { following: true, layout: { topicsOpen: true, topicsSize: 0.3, detailSize: 0.35 } } });
    const area = await box('pane-area');
    const topics = await view.page.locator('.topics-slot').boundingBox();
    assert.ok(topics);
    assert.ok(Math.abs(topics.width - area.width * 0.3) < 3, `topics ${topics.width} of ${area.width}`);
  });
});
