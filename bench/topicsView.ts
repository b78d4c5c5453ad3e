/**
 * `npm run bench -- --only topics-view`: the Topics pane's view side, in the built log webview in
 * Chromium (the page the webview tests load, with its real CSP), fed by a synthetic host (the
 * stand-in index of test/harness/topicsHostStandIn.ts and notifications shaped as the host's).
 * Each figure has its reference measured in the same run, side by side:
 *
 * - expanding a node with 100,000 children → rows painted, against a node with 100 children;
 * - zooming a chart of 100,000 points, against one of 1,000;
 * - frame p95 while the chart takes 1,000 points/s, against the same chart with no points coming;
 * - frame p95 with the tree open while stats of 100,000 topics change (100k msg/s: every visible
 *   node changes in every post, 10 posts/s, plus the log's tail posts), against the pane closed
 *   with the same log feed.
 *
 * The view's times are taken inside the page, from the host's answer arriving to the next animation
 * frame after the result is in the DOM, so the stand-in's own latency is not counted.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/harness/chromium';
import { TopicsHostStandIn, type StandInTopic } from '../test/harness/topicsHostStandIn';
import { makeRow } from '../test/harness/messageDto';
import { assertWebviewBuilt, CONNECTED, LogWebview, makeCounters, startWebviewServer, waitFor } from '../test/harness/webviewPage';
import { percentile, repeated, round, type Repeated } from './stats';

export interface TopicsViewResults {
  expand_100k_ms: Repeated;
  expand_100_ms: Repeated;
  zoom_100k_ms: Repeated;
  zoom_1k_ms: Repeated;
  live_chart_frame_p95_ms: number;
  idle_chart_frame_p95_ms: number;
  tree_open_frame_p95_ms: number;
  tree_closed_frame_p95_ms: number;
  /** Milliseconds of script a second on the page's main thread (Chromium's ScriptDuration) during each frame run. */
  live_chart_script_ms_per_s: number;
  idle_chart_script_ms_per_s: number;
  tree_open_script_ms_per_s: number;
  tree_closed_script_ms_per_s: number;
}

const NOW = Date.now();
const FEED_SECONDS = 10;
const REPEATS = 3;

/** In the page: frame deltas from now on, and the time from a marked moment to the frame that shows `selector`. */
const PAGE_PROBES = String.raw`
(() => {
  const B = (window.__topicsBench = {});
  let frames = null;
  B.startFrames = () => {
    frames = [];
    const mine = frames;
    let last;
    const tick = (t) => { if (frames !== mine) return; if (last !== undefined) mine.push(t - last); last = t; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  };
  B.stopFrames = () => { const f = frames; frames = null; return f; };
  // The moment the host's answer for a watched condition arrives (before the app's promise callbacks run).
  B.armResponse = (total) => {
    B.responseAt = undefined;
    window.addEventListener('message', function on(e) {
      const r = e.data && e.data.result;
      if (e.data && e.data.kind === 'response' && r && r.total === total) { B.responseAt = performance.now(); window.removeEventListener('message', on); }
    });
  };
  B.armMouseUp = () => {
    B.mouseUpAt = undefined;
    document.addEventListener('mouseup', () => { B.mouseUpAt = performance.now(); }, { capture: true, once: true });
  };
  /** Resolves with the time from 'since' to the first frame after 'done()' holds. */
  B.until = (since, done) => new Promise((resolve) => {
    const check = () => {
      if (B[since] !== undefined && done()) requestAnimationFrame(() => resolve(performance.now() - B[since]));
      else requestAnimationFrame(check);
    };
    check();
  });
})();`;

async function openView(page: () => Promise<LogWebview>, topics: StandInTopic[]): Promise<{ view: LogWebview; host: TopicsHostStandIn }> {
  const view = await page();
  // On a machine loaded by other runs a click can wait for the page longer than Playwright's 5 s.
  view.page.setDefaultTimeout(30_000);
  await view.page.evaluate(PAGE_PROBES);
  await view.waitForPosted((m): m is Extract<typeof m, { method: 'log/ready' }> => m.kind === 'notify' && m.method === 'log/ready', 'log/ready');
  await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 40 }), tail: Array.from({ length: 40 }, (_, i) => makeRow(i)) } });
  const host = new TopicsHostStandIn(view, topics);
  host.start();
  return { view, host };
}

async function openPane(view: LogWebview): Promise<void> {
  await view.page.getByTestId('pane-topics').click();
  await view.page.locator('[data-testid="topic-row"]').first().waitFor({ timeout: 30_000 });
}

const rowSelector = (path: string): string => `[data-testid="topic-row"][data-path="${path}"]`;

/**
 * ms from the children's answer arriving to the frame that shows the first child. The pane keeps
 * the children it fetched, so each repeat first changes the sort, which starts the tree afresh.
 */
async function expandTime(view: LogWebview, node: string, children: number, sort: 'Name' | 'Bytes'): Promise<number> {
  const p: Page = view.page;
  await p.getByTestId('topics-sort').click();
  await p.getByRole('option', { name: sort, exact: true }).click();
  await p.locator(rowSelector(node)).click();
  await p.evaluate((n) => {
    (window as unknown as { __topicsBench: { armResponse(n: number): void } }).__topicsBench.armResponse(n);
  }, children);
  const measured = p.evaluate(
    (sel) => (window as unknown as { __topicsBench: { until(s: string, d: () => boolean): Promise<number> } }).__topicsBench.until('responseAt', () => document.querySelector(sel) !== null),
    rowSelector(`${node}/c${'0'.repeat(6)}`),
  );
  await p.keyboard.press('ArrowRight');
  const ms = await measured;
  await p.keyboard.press('ArrowLeft');
  await p.locator(rowSelector(`${node}/c000000`)).waitFor({ state: 'detached' });
  return ms;
}

function childrenOf(node: string, n: number): StandInTopic[] {
  return Array.from({ length: n }, (_, i) => ({ topic: `${node}/c${String(i).padStart(6, '0')}`, count: 1, bytes: 10, lastAt: NOW }));
}

/** Opens the chart of a topic with `points` stored points; resolves when they are drawn. */
async function openChart(view: LogWebview, host: TopicsHostStandIn, topic: string, points: number): Promise<void> {
  host.fields[topic] = [{ pointer: '/v', seen: points }];
  host.series[`${topic} /v`] = { topic, pointer: '/v', t: Array.from({ length: points }, (_, i) => NOW - (points - i) * 100), v: Array.from({ length: points }, (_, i) => Math.sin(i / 100) * 100 + Math.random()), lastSeq: points };
  host.history[topic] = [];
  await view.page.locator('[data-testid="topics-search"] input').fill(topic);
  await view.page.locator(rowSelector(topic)).click();
  await view.page.getByTestId('topic-detail-tab').getByRole('radio', { name: 'Chart' }).click();
  await waitFor(async () => (await view.page.getByTestId('topic-chart').getAttribute('data-points')) === String(points), `${points} points drawn`, 60_000);
}

/** ms from the mouse released after a drag across the middle fifth to the frame showing the zoomed chart. */
async function zoomTime(view: LogWebview): Promise<number> {
  const p = view.page;
  const chart = p.getByTestId('topic-chart');
  const over = await p.locator('[data-testid="topic-chart"] .u-over').boundingBox();
  if (!over) throw new Error('no chart');
  const before = await chart.getAttribute('data-x-min');
  await p.evaluate(() => {
    (window as unknown as { __topicsBench: { armMouseUp(): void } }).__topicsBench.armMouseUp();
  });
  const measured = p.evaluate(
    (b) => (window as unknown as { __topicsBench: { until(s: string, d: () => boolean): Promise<number> } }).__topicsBench.until('mouseUpAt', () => document.querySelector('[data-testid="topic-chart"]')?.getAttribute('data-x-min') !== b),
    before,
  );
  await p.mouse.move(over.x + over.width * 0.4, over.y + over.height / 2);
  await p.mouse.down();
  await p.mouse.move(over.x + over.width * 0.6, over.y + over.height / 2, { steps: 4 });
  await p.mouse.up();
  const ms = await measured;
  await p.getByTestId('chart-reset').click();
  await waitFor(async () => (await chart.getAttribute('data-x-min')) === before, 'zoom reset');
  return ms;
}

/**
 * Frame p95 over `FEED_SECONDS` while `feed` runs every 100 ms, and the page's script time a second
 * meanwhile (frame p95 comes in whole frames of 16.7 ms, so on a quiet machine it cannot tell a
 * cheap update from a dear one; script time can).
 */
async function framesWhile(view: LogWebview, feed: (tick: number) => Promise<void>): Promise<{ p95: number; scriptMsPerS: number }> {
  const cdp = await view.page.context().newCDPSession(view.page);
  await cdp.send('Performance.enable');
  const scriptSeconds = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN;
  await view.page.evaluate(() => {
    (window as unknown as { __topicsBench: { startFrames(): void } }).__topicsBench.startFrames();
  });
  const scriptBefore = await scriptSeconds();
  const start = Date.now();
  const end = start + FEED_SECONDS * 1000;
  for (let tick = 0; Date.now() < end; tick++) {
    const next = Date.now() + 100;
    await feed(tick);
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  const scriptMs = ((await scriptSeconds()) - scriptBefore) * 1000;
  const seconds = (Date.now() - start) / 1000;
  const frames = await view.page.evaluate(() => (window as unknown as { __topicsBench: { stopFrames(): number[] } }).__topicsBench.stopFrames());
  await cdp.detach();
  return { p95: round(percentile(frames, 95)), scriptMsPerS: round(scriptMs / seconds) };
}

/** The log's own feed at 100k msg/s: counters and the rows at the tail, 10 posts a second. */
async function logTail(view: LogWebview, tick: number): Promise<void> {
  const next = 40 + (tick + 1) * 10_000;
  await view.send({
    kind: 'notify',
    method: 'log/tail',
    params: { counters: makeCounters({ firstPos: 0, nextPos: next, msgPerSec: 100_000 }), tail: Array.from({ length: 40 }, (_, i) => makeRow(next - 40 + i, { topic: `fleet/c${String((next + i) % 100_000).padStart(6, '0')}` })) },
  });
}

export async function runTopicsView(say: (line: string) => void): Promise<TopicsViewResults> {
  assertWebviewBuilt();
  const server = await startWebviewServer();
  const browser = await launchChromium();
  const open = (): Promise<LogWebview> => LogWebview.open(browser, server, { viewport: { width: 1400, height: 900 } });
  try {
    // Expanding: 100k children and 100 children, alternately.
    say('topics-view: expanding a node with 100,000 children and one with 100');
    const big = await openView(open, [...childrenOf('big', 100_000), ...childrenOf('small', 100)]);
    await openPane(big.view);
    const expand100k: number[] = [];
    const expand100: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      expand100k.push(await expandTime(big.view, 'big', 100_000, i % 2 === 0 ? 'Bytes' : 'Name'));
      expand100.push(await expandTime(big.view, 'small', 100, i % 2 === 0 ? 'Name' : 'Bytes'));
    }
    await big.host.stop();
    await big.view.close();

    // Charts: zoom at 100k and 1k points, then frames with and without 1k points/s arriving.
    say('topics-view: chart zoom at 100,000 and 1,000 points; live chart at 1,000 points/s');
    const topics: StandInTopic[] = [{ topic: 'plant/big', count: 100_000, bytes: 1 }, { topic: 'plant/small', count: 1000, bytes: 1 }];
    const charts = await openView(open, topics);
    await openPane(charts.view);
    await openChart(charts.view, charts.host, 'plant/small', 1000);
    const zoom1k: number[] = [];
    for (let i = 0; i < REPEATS; i++) zoom1k.push(await zoomTime(charts.view));
    await openChart(charts.view, charts.host, 'plant/big', 100_000);
    const zoom100k: number[] = [];
    for (let i = 0; i < REPEATS; i++) zoom100k.push(await zoomTime(charts.view));
    const idleChart = await framesWhile(charts.view, () => Promise.resolve());
    let seq = 100_000;
    const liveChart = await framesWhile(charts.view, async () => {
      const t = Array.from({ length: 100 }, (_, i) => Date.now() - 100 + i);
      seq += 100;
      await charts.view.send({ kind: 'notify', method: 'topics/points', params: { series: [{ topic: 'plant/big', pointer: '/v', t, v: t.map((x) => Math.sin(x / 1000) * 100), lastSeq: seq }] } });
    });
    await charts.host.stop();
    await charts.view.close();

    // The tree at 100k msg/s over 100k topics: closed, then open, with the same log feed.
    say('topics-view: frames at 100k msg/s over 100k topics, pane closed then open');
    const flood = await openView(open, childrenOf('fleet', 100_000));
    const closed = await framesWhile(flood.view, (tick) => logTail(flood.view, tick));
    await openPane(flood.view);
    await flood.view.page.locator(rowSelector('fleet')).click();
    await flood.view.page.keyboard.press('ArrowRight');
    await flood.view.page.locator(rowSelector('fleet/c000000')).waitFor();
    const watched = async (): Promise<string[]> => {
      const posted = await flood.view.posted();
      const last = posted.filter((m): m is Extract<typeof m, { method: 'topics/watch' }> => m.kind === 'notify' && m.method === 'topics/watch').at(-1);
      return last?.params.paths ?? [];
    };
    const paths = await watched();
    let count = 1;
    const open_ = await framesWhile(flood.view, async (tick) => {
      count += 10;
      await flood.view.send({
        kind: 'notify',
        method: 'topics/changed',
        params: { rows: paths.map((p) => ({ ...flood.host.node(p), count: count * (p === 'fleet' ? 100_000 : 1), rate: 10 + (tick % 7), lastAt: Date.now() })), totals: { ...flood.host.totals(), messages: count * 100_000 }, structureChanged: false },
      });
      await logTail(flood.view, tick);
    });
    await flood.host.stop();
    await flood.view.close();

    return {
      expand_100k_ms: repeated(expand100k),
      expand_100_ms: repeated(expand100),
      zoom_100k_ms: repeated(zoom100k),
      zoom_1k_ms: repeated(zoom1k),
      live_chart_frame_p95_ms: liveChart.p95,
      idle_chart_frame_p95_ms: idleChart.p95,
      tree_open_frame_p95_ms: open_.p95,
      tree_closed_frame_p95_ms: closed.p95,
      live_chart_script_ms_per_s: liveChart.scriptMsPerS,
      idle_chart_script_ms_per_s: idleChart.scriptMsPerS,
      tree_open_script_ms_per_s: open_.scriptMsPerS,
      tree_closed_script_ms_per_s: closed.scriptMsPerS,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
