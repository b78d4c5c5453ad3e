import { strict as assert } from 'node:assert';
import type { NotifyMessage } from '../../src/shared/ipc/envelope';
import type { LogViewToHost } from '../../src/shared/log/logViewProtocols';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeRows } from '../harness/messageDto';
import { TopicsHostStandIn } from '../harness/topicsHostStandIn';

const isReady = (m: LogViewToHost): m is NotifyMessage<'log/ready', Record<string, never>> => m.kind === 'notify' && m.method === 'log/ready';

const TOPIC = 'plant/line1/speed';
const POINTS = 100_000;
/** One point a second, ending now. */
const T0 = Date.now() - POINTS * 1000;
const timeOf = (i: number): number => T0 + i * 1000;

/**
 * The Topics pane's chart with a series of 100,000 points, in Chromium: what uPlot is handed is
 * decimated to the min and max of each pixel column, without losing a spike, while the legend still
 * shows the exact point under the cursor; arrivals are drawn at most once a frame.
 */
describe('Topic chart of 100,000 points in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;
  let host: TopicsHostStandIn;
  afterEach(async function () {
    await host.stop();
    view.assertHealthy();
    await view.close();
  });

  /** A data attribute of the chart as a number (NaN while there is no chart), read without waiting for one. */
  const attr = async (name: string): Promise<number> =>
    Number((await view.page.evaluate((n) => document.querySelector('[data-testid="topic-chart"]')?.getAttribute(`data-${n}`), name)) ?? NaN);

  /** Opens the chart of `TOPIC` whose field holds value `valueOf(i)` at `timeOf(i)`, and waits until every point is in. */
  async function openChart(valueOf: (i: number) => number): Promise<void> {
    view = await suite.open({ viewport: { width: 1400, height: 800 } });
    await view.waitForPosted(isReady, 'log/ready');
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 5 }), tail: makeRows(0, 5) } });
    host = new TopicsHostStandIn(view, [{ topic: TOPIC, count: POINTS, bytes: POINTS }]);
    host.history[TOPIC] = [];
    host.fields[TOPIC] = [{ pointer: '/v', seen: POINTS }];
    host.series[`${TOPIC} /v`] = { topic: TOPIC, pointer: '/v', t: Array.from({ length: POINTS }, (_, i) => timeOf(i)), v: Array.from({ length: POINTS }, (_, i) => valueOf(i)), lastSeq: POINTS };
    host.start();
    await view.page.getByTestId('pane-topics').click();
    await view.page.locator('[data-testid="topics-search"] input').fill(TOPIC);
    await view.page.locator(`[data-testid="topic-row"][data-path="${TOPIC}"]`).click();
    await view.page.getByTestId('topic-detail-tab').getByRole('radio', { name: 'Chart' }).click();
    await waitFor(async () => (await attr('points')) === POINTS, 'every stored point in', 30_000);
  }

  /** Resolves after `n` animation frames of the page. */
  const frames = (n: number): Promise<void> =>
    view.page.evaluate(
      (count) =>
        new Promise<void>((resolve) => {
          const next = (left: number): void => {
            if (left === 0) resolve();
            else requestAnimationFrame(() => { next(left - 1); });
          };
          next(count);
        }),
      n,
    );

  /** The plotting area's box (uPlot's `.u-over`), in CSS pixels. */
  const plotArea = async () => {
    const box = await view.page.locator('[data-testid="topic-chart"] .u-over').boundingBox();
    if (!box) throw new Error('no plotting area');
    return box;
  };

  it('hands uPlot at most two points per pixel column of the plotting area', async function () {
    await openChart((i) => Math.sin(i / 100) * 100);
    const { width } = await plotArea();
    const drawn = await attr('drawn');
    assert.ok(drawn <= 2 * Math.ceil(width) + 2, `${drawn} points drawn on ${width} px`);
  });

  it('keeps a one-point spike and a one-point dip among 100,000 points in what it draws', async function () {
    await openChart((i) => (i === 54_321 ? 1_000_000 : i === 12_345 ? -1_000_000 : Math.sin(i / 100)));
    assert.deepEqual([(await attr('y-max')) >= 1_000_000, (await attr('y-min')) <= -1_000_000], [true, true]);
  });

  it('shows the exact point under the cursor in the legend, not a decimated one', async function () {
    // Each point's value is its index, so the legend says which point it shows.
    await openChart((i) => i);
    const over = await plotArea();
    const left = Math.round(over.width * 0.37);
    await view.page.mouse.move(over.x + left, over.y + over.height / 2);
    const [xMin, xMax] = [await attr('x-min'), await attr('x-max')];
    // uPlot's cursor is at `left` px of the plotting area; the nearest point to its time is this one.
    const expected = Math.round(((xMin + (left / over.width) * (xMax - xMin)) * 1000 - T0) / 1000);
    const value = view.page.locator('.u-legend .u-series').nth(1).locator('.u-value');
    let shown = NaN;
    await waitFor(async () => Math.abs((shown = Number((await value.innerText()).replace(/,/g, ''))) - expected) <= 1, () => `legend ${shown}, exact point ${expected}`);
  });

  it('draws 50 arrivals within one frame once', async function () {
    await openChart((i) => i);
    await frames(2);
    const before = await attr('draws');
    await view.page.evaluate(
      ({ topic, from, t0 }) => {
        // Delivered in one task, as a burst of the host's posts would be when the page is busy.
        for (let k = 0; k < 50; k++) {
          const seq = from + k + 1;
          const params = { series: [{ topic, pointer: '/v', t: [t0 + seq * 1000], v: [seq], lastSeq: seq }] };
          window.dispatchEvent(new MessageEvent('message', { data: { kind: 'notify', method: 'topics/points', params } }));
        }
      },
      { topic: TOPIC, from: POINTS, t0: T0 },
    );
    await waitFor(async () => (await attr('points')) === POINTS + 50, '50 more points');
    // Two frames later, whatever was scheduled has been drawn.
    await frames(2);
    assert.equal((await attr('draws')) - before, 1);
  });
});
