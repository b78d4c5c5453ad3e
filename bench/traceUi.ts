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
import { median, repeated, round, type Repeated } from './stats';
import { isAccounted, openFollowingLog, PROFILE, rateRun, Session, waitInFrame, type UiRateRun } from './ui';

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
  /**
   * The median of the traced runs over the median of the reference runs: the gated figure. At
   * 100k msg/s both sides saturate the two cores and one run's CPU per message can be half its
   * neighbours' (larger read batches when the host happens to fall behind), which a single pair's
   * ratio takes whole.
   */
  cpu_ratio_of_medians: number;
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
 * from outside did not reach the extension within 30 s in one run here); it is closed once the
 * trace panel shows the change. The Settings editor is modal: the panels under it stay rendered.
 */
async function setTraceEnabled(session: Session, trace: FrameLocator, enabled: boolean): Promise<void> {
  await session.vscode.setBooleanSetting(ENABLED, enabled, () => panelSays(trace, enabled));
}

/** Waits until the trace panel says the trace stopped (off) or no longer says it (on). */
async function panelSays(trace: FrameLocator, enabled: boolean): Promise<void> {
  const stopped = trace.locator('[data-testid="trace-stopped"]');
  try {
    await stopped.waitFor({ state: enabled ? 'detached' : 'visible', timeout: 30_000 });
  } catch (err) {
    const header = (await trace.locator('[data-testid="trace-header"]').textContent({ timeout: 1000 }).catch(() => null)) ?? 'no header';
    throw new Error(`the trace panel did not show the trace ${enabled ? 'running' : 'stopped'} within 30 s of ${ENABLED} set to ${enabled} (its header: ${header})`, { cause: err });
  }
}

/** The number in `text` before `label` ("2,010 shown" → 2010), 0 when absent. */
function countBefore(text: string, label: string): number {
  const m = new RegExp(`([\\d,]+) ${label}`).exec(text);
  return m ? Number((m[1] ?? '0').replace(/,/g, '')) : 0;
}

/**
 * The trace's counters as its panel's header shows them, once they stopped moving: unchanged for
 * 1.5 s, since the publishes not kept are counted per second (a shorter wait split one run's last
 * second into the next run's counts).
 */
async function traceCounts(trace: FrameLocator, received: number): Promise<TraceCountsAfterRun> {
  const header = trace.locator('[data-testid="trace-header"]');
  let last = '';
  let unchangedSince = Date.now();
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    await sleep(300);
    const text = (await header.textContent()) ?? '';
    if (text !== last) {
      last = text;
      unchangedSince = Date.now();
    } else if (Date.now() - unchangedSince >= 1500) break;
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
  // The frame script (frameScript.ts) is added to every frame made; the rows must be there too.
  await waitInFrame(frame, '!!(window.__bench && window.__bench.firstRowAt !== undefined)', 30_000);
  return { frame, log };
}

/** Connected with the trace on, the log open and following, the trace panel open in the group to its right. */
async function openLogAndTrace(session: Session, broker: Mosquitto): Promise<{ frame: Frame; log: FrameLocator; trace: FrameLocator }> {
  await openFollowingLog(session, broker);
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
      const opened = await openLogAndTrace(session, broker);
      const trace = opened.trace;
      let { frame, log } = opened;
      say('the log follows; the trace panel is open beside it');
      const runs = { on: [] as UiRateRun[], off: [] as UiRateRun[] };
      const counts: TraceCountsAfterRun[] = [];
      for (let r = 0; r < opts.repeats; r++) {
        // Alternating which side goes first, so that drift in the machine's load falls on both.
        const order = r % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const);
        for (const side of order) {
          await setTraceEnabled(session, trace, side === 'on');
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
        cpu_ratio_of_medians: round(median(on.map((x) => x.exthost_cpu_us_per_msg)) / median(off.map((x) => x.exthost_cpu_us_per_msg)), 3),
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
