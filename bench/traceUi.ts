/**
 * Issue 25's frame row in the real log webview, for `npm run bench -- --only trace-ui`: one
 * code-server session, the log open and following, the protocol trace's panel open beside it (the
 * case a user has when watching both), 100k msg/s offered for 10 s, pairs of runs alternating which
 * goes first: trace off (the reference: `tracemq.trace.enabled` off, so the trace is stopped and its
 * panel idle, saying so) and trace on (the setting on, so the live connection is traced from then on
 * and the panel shows it). The setting is changed in the Settings editor, as a user does; each
 * change is confirmed by the panel (it says "Trace stopped", or stops saying it).
 * Frame times of the log, host CPU per message, every message accounted for, and the trace's own
 * counters after each traced run (entries kept, publishes not kept by the rate budget).
 * bench/traceCost.ts measures the host's side of the same in-process.
 */
import type { Frame, FrameLocator } from 'playwright-core';
import type { Mosquitto } from '../test/harness/mosquitto';
import { startBenchBroker } from './broker';
import { startPublisher } from './publisher';
import { median, repeated, round, type Repeated } from './stats';
import { isAccounted, publisherOptions, rateRun, Session, type UiRateRun } from './ui';

const PROFILE = 'bench';
const ENABLED = 'tracemq.trace.enabled';

export interface TraceUiOptions {
  vsix: string;
  rate: number;
  seconds: number;
  /** Pairs of runs (trace off and on, alternating which goes first). */
  repeats: number;
}

/** What the trace's panel said after a traced run. */
export interface TraceCountsAfterRun {
  /** Entries the trace added during the run (those evicted since included). */
  entries: number;
  /** Publishes and acks not kept (rate budget). */
  dropped: number;
  evicted: number;
  /** entries + dropped − messages received: the control packets (pings) of the run, a few at most. */
  beyond_received: number;
}

export interface TraceUiResults {
  rate: number;
  seconds: number;
  /** The trace's `publishesPerSecond` (its default). */
  publishes_per_second: number;
  frame_p95_ms: { on: Repeated; off: Repeated };
  frame_max_ms: { on: Repeated; off: Repeated };
  cpu_us_per_msg: { on: Repeated; off: Repeated };
  /** Host CPU per message, trace on / off, per pair of runs. */
  cpu_ratio: Repeated;
  host_msgs_per_s: { on: number; off: number };
  machine_busy: { on: number; off: number };
  /** After each traced run. */
  trace_counts: TraceCountsAfterRun[];
  /** Every run: received = stored + evicted = sent − broker drops = the view's counter. */
  accounted: boolean;
  runs: { on: UiRateRun[]; off: UiRateRun[] };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function say(line: string): void {
  process.stderr.write(`[trace-ui] ${line}\n`);
}

/**
 * Turns the trace setting on or off as a user does, in the Settings editor (a settings.json written
 * from outside did not reach the extension within 30 s in one run here), which VS Code 1.139 shows
 * as a modal editor over the workbench; it is closed right after.
 */
async function setTraceEnabled(session: Session, enabled: boolean): Promise<void> {
  const vscode = session.vscode;
  await vscode.runCommand('Preferences: Open User Settings');
  const editor = vscode.page.locator('.settings-editor');
  await editor.waitFor({ timeout: 30_000 });
  // The search box has the focus when the editor opens (clicked in case it lost it); it keeps the
  // last search when the editor is shown again, hence select all first.
  await editor.locator('.settings-header .suggest-input-container').first().click({ timeout: 5000 }).catch(() => undefined);
  await vscode.page.keyboard.press('Control+A');
  // `@id:` shows that one setting (a plain search also lists other settings' checkboxes).
  await vscode.page.keyboard.type(`@id:${ENABLED}`);
  const box = editor.locator('.setting-item-bool .setting-value-checkbox').first();
  await box.waitFor({ timeout: 30_000 });
  if ((await box.getAttribute('aria-checked')) !== String(enabled)) await box.click();
  const deadline = Date.now() + 10_000;
  while ((await box.getAttribute('aria-checked')) !== String(enabled)) {
    if (Date.now() > deadline) throw new Error(`the Settings editor did not set ${ENABLED} to ${enabled}`);
    await sleep(100);
  }
  // Closed once the panel shows the change (closing it at once lost the change in one run).
  await panelSays(session, enabled);
  // VS Code 1.139 shows the Settings editor as a modal editor over the workbench (which blocks the
  // palette and every click): closed with Escape, or its close action.
  const modal = vscode.page.locator('.monaco-modal-editor-block');
  for (let attempt = 0; attempt < 3 && (await modal.count()) > 0; attempt++) {
    await vscode.page.keyboard.press('Escape');
    await modal.waitFor({ state: 'detached', timeout: 3000 }).catch(() => undefined);
  }
  if ((await modal.count()) > 0) await modal.locator('.modal-editor-action-container .codicon-close').first().click({ timeout: 10_000 });
  await modal.waitFor({ state: 'detached', timeout: 10_000 });
}

/**
 * Waits until the trace panel says the trace stopped (off) or no longer says it (on). The panel's
 * frame is looked up again on every poll: the Settings editor can hide the panel, and a webview
 * shown again is a new frame, in which a locator of the old one would never see the change.
 */
async function panelSays(session: Session, enabled: boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const trace = await session.vscode.webviewFrame(`Trace: ${PROFILE}`, { timeout: 30_000 });
    if (((await trace.locator('[data-testid="trace-stopped"]').count()) > 0) !== enabled) return;
    if (Date.now() > deadline) {
      const header = (await trace.locator('[data-testid="trace-header"]').textContent().catch(() => null)) ?? 'no header';
      throw new Error(`the trace panel did not show the trace ${enabled ? 'running' : 'stopped'} within 30 s of ${ENABLED} set to ${enabled} (its header: ${header})`);
    }
    await sleep(100);
  }
}

/** The number in `text` before `label` ("2,010 shown" → 2010), 0 when absent. */
function countBefore(text: string, label: string): number {
  const m = new RegExp(`([\\d,]+) ${label}`).exec(text);
  return m ? Number((m[1] ?? '0').replace(/,/g, '')) : 0;
}

/** The trace's counters as its panel's header shows them, once they stopped moving (the panel posts ≤ 10 times a second). */
async function traceCounts(trace: FrameLocator, received: number): Promise<TraceCountsAfterRun> {
  const header = trace.locator('[data-testid="trace-header"]');
  let last = '';
  for (let i = 0; i < 50; i++) {
    await sleep(300);
    const text = (await header.textContent()) ?? '';
    if (text === last) break;
    last = text;
  }
  const entries = Number((/of ([\d,]+) entries/.exec(last)?.[1] ?? 'NaN').replace(/,/g, ''));
  const dropped = countBefore(last, 'publishes and acks not kept in all');
  const evicted = countBefore(last, 'older entries evicted');
  return { entries, dropped, evicted, beyond_received: entries + dropped + evicted - received };
}

/** The log webview's frame again (it is rendered anew after the trace panel hid it for a moment). */
async function logFrame(session: Session): Promise<{ frame: Frame; log: FrameLocator }> {
  const log = await session.vscode.webviewFrame(`MQTT Log: ${PROFILE}`, { timeout: 60_000 });
  await log.locator('[data-testid="connection-state"]').waitFor({ timeout: 30_000 });
  const frame = await (await log.locator('html').elementHandle()).ownerFrame();
  if (!frame) throw new Error('the log webview has no frame');
  const deadline = Date.now() + 30_000;
  // The frame script (frameScript.ts) is added to every frame made; the rows must be there too.
  while (!(await frame.evaluate('!!(window.__bench && window.__bench.firstRowAt !== undefined)'))) {
    if (Date.now() > deadline) throw new Error('the log webview shown again has no frame script or no rows within 30 s');
    await sleep(50);
  }
  return { frame, log };
}

/** Connected with the trace on, the log open and following, the trace panel open in the group to its right. */
async function openLogAndTrace(session: Session, broker: Mosquitto): Promise<{ frame: Frame; log: FrameLocator; trace: FrameLocator }> {
  await session.vscode.openView('TraceMQ');
  await session.vscode.treeItem(PROFILE).waitFor();
  await session.connect();
  await startPublisher(publisherOptions(broker, { count: 100, rate: 0 })).done;
  const got = await session.probe.until((x) => (x.connections.find((c) => c.name === PROFILE)?.received ?? 0) >= 100, 10_000);
  if (!got.ok) throw new Error('the host did not receive the 100 messages sent before opening the log');
  await session.openLog();
  await session.vscode.runCommand('TraceMQ: Show Protocol Trace');
  await session.vscode.webviewFrame(`Trace: ${PROFILE}`, { timeout: 60_000 });
  await session.vscode.runCommand('View: Move Editor into Right Group');
  const trace = await session.vscode.webviewFrame(`Trace: ${PROFILE}`, { timeout: 60_000 });
  await trace.locator('[data-testid="trace-header"]').waitFor({ timeout: 30_000 });
  const { frame, log } = await logFrame(session);
  return { frame, log, trace };
}

export async function runTraceUi(opts: TraceUiOptions, publishesPerSecond: number): Promise<TraceUiResults> {
  const broker = await startBenchBroker();
  try {
    const session = await Session.start(opts.vsix, broker, { settings: { [ENABLED]: true } });
    try {
      let { frame, log, trace } = await openLogAndTrace(session, broker);
      say('the log follows; the trace panel is open beside it');
      const runs = { on: [] as UiRateRun[], off: [] as UiRateRun[] };
      const counts: TraceCountsAfterRun[] = [];
      for (let r = 0; r < opts.repeats; r++) {
        // Alternating which side goes first, so that drift in the machine's load falls on both.
        const order = r % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const);
        for (const side of order) {
          await setTraceEnabled(session, side === 'on');
          // Found again in case the Settings editor hid it (a hidden webview is rendered anew).
          trace = await session.vscode.webviewFrame(`Trace: ${PROFILE}`, { timeout: 60_000 });
          await panelSays(session, side === 'on');
          ({ frame, log } = await logFrame(session));
          // Two traced runs in a row share one trace: its counts are taken as the difference.
          const before = side === 'on' ? await traceCounts(trace, 0) : undefined;
          const run = await rateRun(session, broker, frame, log, opts.rate, opts.seconds, true);
          runs[side].push(run);
          let traced = '';
          if (before) {
            const after = await traceCounts(trace, 0);
            const c = { entries: after.entries - before.entries + after.evicted - before.evicted, dropped: after.dropped - before.dropped, evicted: after.evicted - before.evicted, beyond_received: 0 };
            c.beyond_received = c.entries + c.dropped - run.received;
            counts.push(c);
            traced = `; trace kept ${c.entries} entries, ${c.dropped} not kept (rate budget), ${c.evicted} evicted, ${c.beyond_received} beyond the messages received`;
          }
          say(
            `trace ${side} ${opts.rate} msg/s #${r + 1}: frames p95 ${run.frame_p95_ms} max ${run.frame_max_ms} ms (${run.frames}); host ${run.exthost_cpu_us_per_msg} µs CPU/msg, took ${run.host_msgs_per_s} msg/s, ` +
              `machine ${Math.round(run.machine_busy * 100)}% busy; sent ${run.sent} received ${run.received} stored ${run.stored} evicted ${run.evicted} dropped ${run.broker_dropped}; view ${run.webview_received}${traced}`,
          );
        }
      }
      const on = runs.on;
      const off = runs.off;
      const med = (xs: UiRateRun[], f: (x: UiRateRun) => number): number => round(median(xs.map(f)));
      return {
        rate: opts.rate,
        seconds: opts.seconds,
        publishes_per_second: publishesPerSecond,
        frame_p95_ms: { on: repeated(on.map((x) => x.frame_p95_ms)), off: repeated(off.map((x) => x.frame_p95_ms)) },
        frame_max_ms: { on: repeated(on.map((x) => x.frame_max_ms)), off: repeated(off.map((x) => x.frame_max_ms)) },
        cpu_us_per_msg: { on: repeated(on.map((x) => x.exthost_cpu_us_per_msg)), off: repeated(off.map((x) => x.exthost_cpu_us_per_msg)) },
        cpu_ratio: repeated(on.map((x, i) => x.exthost_cpu_us_per_msg / (off[i]?.exthost_cpu_us_per_msg ?? NaN))),
        host_msgs_per_s: { on: med(on, (x) => x.host_msgs_per_s), off: med(off, (x) => x.host_msgs_per_s) },
        machine_busy: { on: med(on, (x) => x.machine_busy), off: med(off, (x) => x.machine_busy) },
        trace_counts: counts,
        accounted: [...on, ...off].every(isAccounted),
        runs,
      };
    } finally {
      await session.stop();
    }
  } finally {
    await broker.stop();
  }
}
