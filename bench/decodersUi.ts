/**
 * Issue 24's bench rows in the real log webview, for `npm run bench -- --only decoders-ui`: one
 * code-server session whose workspace binds `bench/pb/#` to protobuf, the log open and following,
 * 100k msg/s of protobuf `bench.Reading` offered in pairs of runs (alternating which goes first): on
 * the bound `bench/pb/reading`, whose rows the host posts with their decoded preview, and the same
 * bytes at the same rate on `bench/px/reading`, which no binding matches (the reference: same
 * session, same process, same bindings loaded, so the only difference is the binding's work). One
 * JSON run on the unbound `bench/ui` after the pairs is informative. Frame times, host CPU per
 * message, every message accounted for. (bench/decoders.ts measures the host's side in-process.)
 *
 * Host CPU per message is read in-host over the same messages of every run (STEADY_WINDOW): the
 * store, bounded at STORE_MESSAGES, is full and evicting by then (its steady state, slabs reused),
 * and the backlog the broker built up is not yet being drained in big reads. The whole-run figure
 * (from /proc, the offer and the drain, as before) is kept next to it to show the difference.
 */
import type { FrameLocator } from 'playwright-core';
import type { Mosquitto } from '../test/harness/mosquitto';
import { startBenchBroker } from './broker';
import type { PublisherOptions } from './publisher';
import { startPublisher } from './publisher';
import { median, repeated, round, type Repeated } from './stats';
import { isAccounted, publisherOptions, rateRun, Session, type UiRateRun } from './ui';

const PROFILE = 'bench';
/** Under READING_BINDING's filter (bench/benchReadingProto.ts), so bound. */
const BOUND: Partial<PublisherOptions> = { topic: 'bench/pb/reading', format: 'protobuf' };
/** The same length as BOUND's topic (same packets, byte for byte but one), matched by no binding. */
const UNBOUND: Partial<PublisherOptions> = { topic: 'bench/px/reading', format: 'protobuf' };
const JSON_UNBOUND: Partial<PublisherOptions> = { topic: 'bench/ui', format: 'json' };
/** The store's bound in this session (tracemq.log.maxMessages): full well before the window. */
const STORE_MESSAGES = 200_000;

type Side = 'bound' | 'unbound' | 'json';

export interface DecodersUiOptions {
  vsix: string;
  rate: number;
  seconds: number;
  /** Pairs of runs (bound and unbound, alternating which goes first); then one JSON run. */
  repeats: number;
}

export interface DecodersUiResults {
  rate: number;
  seconds: number;
  /** Messages of each run whose host CPU is counted: from the first to the second count. */
  window: { from: number; to: number };
  store_messages: number;
  /** Frame p95 of the log webview: protobuf bound (decoded previews), the same unbound (reference), JSON unbound (one run). */
  frame_p95_ms: { bound: Repeated; unbound: Repeated; json: Repeated };
  frame_max_ms: { bound: Repeated; unbound: Repeated; json: Repeated };
  /** Extension host CPU per message over the window (µs), and bound / unbound per pair of runs. */
  cpu_us_per_msg: { bound: Repeated; unbound: Repeated; json: Repeated };
  cpu_ratio: Repeated;
  /** The same runs measured as before: /proc over the whole run (offer and drain), per message received. */
  whole_run_cpu_us_per_msg: { bound: Repeated; unbound: Repeated };
  whole_run_cpu_ratio: Repeated;
  /** GC pauses (ms) and minor page faults per 1,000 messages in each run's window. */
  gc_ms: { bound: Repeated; unbound: Repeated };
  faults_per_kmsg: { bound: Repeated; unbound: Repeated };
  host_msgs_per_s: { bound: number; unbound: number };
  machine_busy: { bound: number; unbound: number };
  /** Before measuring: the row the check found, its badge and preview as the webview shows them. */
  decoded_check: { badge: string; preview: string };
  /** After each run: rows on screen, and how many carried the PB badge (all when bound, none when not). */
  decoded_rows_on_screen: { bound: { rows: number; decoded: number }[]; unbound: { rows: number; decoded: number }[] };
  /** Every run: received = stored + evicted = sent − broker drops = the view's counter. */
  accounted: boolean;
  runs: Record<Side, UiRateRun[]>;
}

function say(line: string): void {
  process.stderr.write(`[decoders-ui] ${line}\n`);
}

/**
 * The figure must be of decoded previews: one protobuf row on screen has the PB badge and a JSON
 * preview of the reading (not hex or base64 of the bytes), else the run stops with why.
 */
async function checkDecodedRow(log: FrameLocator): Promise<{ badge: string; preview: string }> {
  const row = log.locator('[data-testid="log-row"]').filter({ hasText: 'bench/pb/reading' }).last();
  await row.waitFor({ timeout: 15_000 });
  const badge = ((await row.getByTestId('row-decoded-badge').textContent({ timeout: 5000 }).catch(() => null)) ?? '').trim();
  const preview = ((await row.locator('.payload').textContent()) ?? '').trim();
  if (badge !== 'PB' || !preview.startsWith('{"sensor":"bench"')) {
    throw new Error(`the log does not show bench/pb/reading decoded (badge "${badge}", preview "${preview.slice(0, 80)}"): is the workspace's protobuf binding loaded?`);
  }
  return { badge, preview: preview.slice(0, 80) };
}

/** Rows on screen after a run (all of that run's topic: it cleared the log first), and those with the PB badge. */
async function decodedOnScreen(log: FrameLocator): Promise<{ rows: number; decoded: number }> {
  const rows = await log.locator('[data-testid="log-row"]').count();
  const decoded = await log.locator('[data-testid="log-row"] [data-testid="row-decoded-badge"]', { hasText: 'PB' }).count();
  return { rows, decoded };
}

async function openFollowingLog(session: Session, broker: Mosquitto): ReturnType<Session['openLog']> {
  await session.vscode.openView('TraceMQ');
  await session.vscode.treeItem(PROFILE).waitFor();
  await session.connect();
  // A few bound messages, so that the log opens on rows to check.
  await startPublisher(publisherOptions(broker, { ...BOUND, count: 100, rate: 0 })).done;
  const got = await session.probe.until((x) => (x.connections.find((c) => c.name === PROFILE)?.received ?? 0) >= 100, 10_000);
  if (!got.ok) throw new Error('the host did not receive the 100 protobuf messages sent before opening the log');
  return session.openLog();
}

export async function runDecodersUi(opts: DecodersUiOptions): Promise<DecodersUiResults> {
  const count = opts.rate * opts.seconds;
  // Past the store's filling (and a margin), short of the last tenth (the drained backlog).
  const window = { from: STORE_MESSAGES + Math.round(count / 10), to: Math.round((count * 9) / 10) };
  if (window.to - window.from < count / 4) throw new Error(`a run of ${count} messages is too short for a steady window past the store's ${STORE_MESSAGES}`);
  const broker = await startBenchBroker();
  try {
    const session = await Session.start(opts.vsix, broker, { decoders: true, settings: { 'tracemq.log.maxMessages': STORE_MESSAGES } });
    try {
      const { frame, locator: log } = await openFollowingLog(session, broker);
      const decodedCheck = await checkDecodedRow(log);
      say(`the log shows bench/pb/reading decoded: ${decodedCheck.badge} ${decodedCheck.preview}`);
      const runs: Record<Side, UiRateRun[]> = { bound: [], unbound: [], json: [] };
      const onScreen: DecodersUiResults['decoded_rows_on_screen'] = { bound: [], unbound: [] };
      const publishOf: Record<Side, Partial<PublisherOptions>> = { bound: BOUND, unbound: UNBOUND, json: JSON_UNBOUND };
      const measure = async (side: Side, label: string): Promise<void> => {
        const run = await rateRun(session, broker, frame, log, opts.rate, opts.seconds, true, publishOf[side], window);
        if (!run.window) throw new Error(`${side} run ${label}: the probe gave no readings across messages ${window.from}–${window.to}`);
        runs[side].push(run);
        let shown = '';
        if (side !== 'json') {
          const seen = await decodedOnScreen(log);
          onScreen[side].push(seen);
          shown = `; ${seen.decoded} of ${seen.rows} rows on screen decoded`;
        }
        const w = run.window;
        say(
          `${side} ${opts.rate} msg/s ${label}: frames p95 ${run.frame_p95_ms} max ${run.frame_max_ms} ms (${run.frames}); host ${w.cpu_us_per_msg} µs CPU/msg over ${w.messages} msgs (GC ${w.gc_ms} ms, ${w.faults_per_kmsg} faults/1k), ` +
            `whole run ${run.exthost_cpu_us_per_msg}; took ${run.host_msgs_per_s} msg/s, machine ${Math.round(run.machine_busy * 100)}% busy; sent ${run.sent} received ${run.received} stored ${run.stored} evicted ${run.evicted} dropped ${run.broker_dropped}; view ${run.webview_received}${shown}`,
        );
      };
      for (let r = 0; r < opts.repeats; r++) {
        // Alternating which side goes first, so that drift in the machine's load falls on both.
        const order = r % 2 === 0 ? (['unbound', 'bound'] as const) : (['bound', 'unbound'] as const);
        for (const side of order) await measure(side, `#${r + 1}`);
      }
      await measure('json', '(informative)');
      const b = runs.bound;
      const u = runs.unbound;
      const win = (x: UiRateRun): NonNullable<UiRateRun['window']> => x.window as NonNullable<UiRateRun['window']>;
      const med = (xs: UiRateRun[], f: (x: UiRateRun) => number): number => round(median(xs.map(f)));
      const per = (f: (x: UiRateRun) => number) => ({ bound: repeated(b.map(f)), unbound: repeated(u.map(f)) });
      return {
        rate: opts.rate,
        seconds: opts.seconds,
        window,
        store_messages: STORE_MESSAGES,
        frame_p95_ms: { ...per((x) => x.frame_p95_ms), json: repeated(runs.json.map((x) => x.frame_p95_ms)) },
        frame_max_ms: { ...per((x) => x.frame_max_ms), json: repeated(runs.json.map((x) => x.frame_max_ms)) },
        cpu_us_per_msg: { ...per((x) => win(x).cpu_us_per_msg), json: repeated(runs.json.map((x) => win(x).cpu_us_per_msg)) },
        cpu_ratio: repeated(b.map((x, i) => win(x).cpu_us_per_msg / (u[i] ? win(u[i]).cpu_us_per_msg : NaN))),
        whole_run_cpu_us_per_msg: per((x) => x.exthost_cpu_us_per_msg),
        whole_run_cpu_ratio: repeated(b.map((x, i) => x.exthost_cpu_us_per_msg / (u[i]?.exthost_cpu_us_per_msg ?? NaN))),
        gc_ms: per((x) => win(x).gc_ms),
        faults_per_kmsg: per((x) => win(x).faults_per_kmsg),
        host_msgs_per_s: { bound: med(b, (x) => x.host_msgs_per_s), unbound: med(u, (x) => x.host_msgs_per_s) },
        machine_busy: { bound: med(b, (x) => x.machine_busy), unbound: med(u, (x) => x.machine_busy) },
        decoded_check: decodedCheck,
        decoded_rows_on_screen: onScreen,
        accounted: [...b, ...u, ...runs.json].every(isAccounted),
        runs,
      };
    } finally {
      await session.stop();
    }
  } finally {
    await broker.stop();
  }
}
