/**
 * Issue 24's bench rows in the real log webview, for `npm run bench -- --only decoders-ui`: one
 * code-server session whose workspace binds `bench/pb/#` to protobuf, the log open and following,
 * 100k msg/s offered side by side (alternating) on two topics: JSON on the unbound `bench/ui` (the
 * reference) and protobuf `bench.Reading` on the bound `bench/pb/reading`, whose rows the host posts
 * to the view with their decoded preview. Frame times, host CPU per message, every message
 * accounted for. (bench/decoders.ts measures the host's side of the same in-process.)
 */
import type { FrameLocator } from 'playwright-core';
import type { Mosquitto } from '../test/harness/mosquitto';
import { startBenchBroker } from './broker';
import type { PublisherOptions } from './publisher';
import { startPublisher } from './publisher';
import { median, repeated, round, type Repeated } from './stats';
import { isAccounted, publisherOptions, rateRun, Session, type UiRateRun } from './ui';

const PROFILE = 'bench';
/** Under READING_BINDING's filter (bench/benchReadingProto.ts), so bound; the reference publishes on bench/ui, unbound. */
const PROTOBUF: Partial<PublisherOptions> = { topic: 'bench/pb/reading', format: 'protobuf' };
const JSON_REFERENCE: Partial<PublisherOptions> = { topic: 'bench/ui', format: 'json' };

export interface DecodersUiOptions {
  vsix: string;
  rate: number;
  seconds: number;
  /** Pairs of runs (reference and protobuf, alternating which goes first). */
  repeats: number;
}

export interface DecodersUiResults {
  rate: number;
  seconds: number;
  /** Frame p95 of the log webview, protobuf bound (decoded previews) and JSON unbound (reference). */
  frame_p95_ms: { protobuf: Repeated; json: Repeated };
  frame_max_ms: { protobuf: Repeated; json: Repeated };
  /** Extension host CPU per message received (µs), and protobuf / JSON per pair of runs. */
  cpu_us_per_msg: { protobuf: Repeated; json: Repeated };
  cpu_ratio: Repeated;
  host_msgs_per_s: { protobuf: number; json: number };
  machine_busy: { protobuf: number; json: number };
  /** Before measuring: the row the check found, its badge and preview as the webview shows them. */
  decoded_check: { badge: string; preview: string };
  /** After each protobuf run: rows on screen, and how many of them carried the PB badge. */
  decoded_rows_on_screen: { rows: number; decoded: number }[];
  /** Every run: received = stored + evicted = sent − broker drops = the view's counter. */
  accounted: boolean;
  runs: { protobuf: UiRateRun[]; json: UiRateRun[] };
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

/** Rows on screen after a protobuf run (all of them are protobuf: the run cleared the log first), and those with the PB badge. */
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
  await startPublisher(publisherOptions(broker, { ...PROTOBUF, count: 100, rate: 0 })).done;
  const got = await session.probe.until((x) => (x.connections.find((c) => c.name === PROFILE)?.received ?? 0) >= 100, 10_000);
  if (!got.ok) throw new Error('the host did not receive the 100 protobuf messages sent before opening the log');
  return session.openLog();
}

export async function runDecodersUi(opts: DecodersUiOptions): Promise<DecodersUiResults> {
  const broker = await startBenchBroker();
  try {
    const session = await Session.start(opts.vsix, broker, { decoders: true });
    try {
      const { frame, locator: log } = await openFollowingLog(session, broker);
      const decodedCheck = await checkDecodedRow(log);
      say(`the log shows bench/pb/reading decoded: ${decodedCheck.badge} ${decodedCheck.preview}`);
      const runs = { protobuf: [] as UiRateRun[], json: [] as UiRateRun[] };
      const onScreen: { rows: number; decoded: number }[] = [];
      for (let r = 0; r < opts.repeats; r++) {
        // Alternating which side goes first, so that drift in the machine's load falls on both.
        const order = r % 2 === 0 ? (['json', 'protobuf'] as const) : (['protobuf', 'json'] as const);
        for (const side of order) {
          const run = await rateRun(session, broker, frame, log, opts.rate, opts.seconds, true, side === 'protobuf' ? PROTOBUF : JSON_REFERENCE);
          runs[side].push(run);
          let shown = '';
          if (side === 'protobuf') {
            const seen = await decodedOnScreen(log);
            onScreen.push(seen);
            shown = `; ${seen.decoded} of ${seen.rows} rows on screen decoded`;
          }
          say(
            `${side} ${opts.rate} msg/s #${r + 1}: frames p95 ${run.frame_p95_ms} max ${run.frame_max_ms} ms (${run.frames}); host ${run.exthost_cpu_us_per_msg} µs CPU/msg, took ${run.host_msgs_per_s} msg/s, ` +
              `machine ${Math.round(run.machine_busy * 100)}% busy; sent ${run.sent} received ${run.received} stored ${run.stored} evicted ${run.evicted} dropped ${run.broker_dropped}; view ${run.webview_received}${shown}`,
          );
        }
      }
      const p = runs.protobuf;
      const j = runs.json;
      const med = (xs: UiRateRun[], f: (x: UiRateRun) => number): number => round(median(xs.map(f)));
      return {
        rate: opts.rate,
        seconds: opts.seconds,
        frame_p95_ms: { protobuf: repeated(p.map((x) => x.frame_p95_ms)), json: repeated(j.map((x) => x.frame_p95_ms)) },
        frame_max_ms: { protobuf: repeated(p.map((x) => x.frame_max_ms)), json: repeated(j.map((x) => x.frame_max_ms)) },
        cpu_us_per_msg: { protobuf: repeated(p.map((x) => x.exthost_cpu_us_per_msg)), json: repeated(j.map((x) => x.exthost_cpu_us_per_msg)) },
        cpu_ratio: repeated(p.map((x, i) => x.exthost_cpu_us_per_msg / (j[i]?.exthost_cpu_us_per_msg ?? NaN))),
        host_msgs_per_s: { protobuf: med(p, (x) => x.host_msgs_per_s), json: med(j, (x) => x.host_msgs_per_s) },
        machine_busy: { protobuf: med(p, (x) => x.machine_busy), json: med(j, (x) => x.machine_busy) },
        decoded_check: decodedCheck,
        decoded_rows_on_screen: onScreen,
        accounted: [...p, ...j].every(isAccounted),
        runs,
      };
    } finally {
      await session.stop();
    }
  } finally {
    await broker.stop();
  }
}
