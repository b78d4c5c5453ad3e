/**
 * `npm run bench -- --only ui-compare --before a.vsix --after b.vsix`: two builds of TraceMQ side
 * by side on one machine in one run (issue 21, item 5: the tail as a delta, before and after).
 * Fresh code-server sessions alternate A, B, A, B, … (`sessions` of each), so that drift in the
 * machine's load falls on both builds; each session opens the log, following, and measures with
 * bench/ui.ts's own code: publish → painted at 1k msg/s and the renderer thread's work per tail post
 * (`latencyRun`, `summarizeLatency`), then frame times following at each rate (`rateRun`).
 * Figures are per session; the table gives each build's median and range over its sessions.
 */
import type { CDPSession } from 'playwright-core';
import type { Mosquitto } from '../test/harness/mosquitto';
import { startBenchBroker } from './broker';
import { median, repeated, round, type Repeated } from './stats';
import { isAccounted, latencyRun, openFollowingLog, rateRun, Session, summarizeLatency, type LatencyRun, type UiRateRun } from './ui';

export interface UiCompareOptions {
  before: string;
  after: string;
  /** Fresh code-server sessions of each build. */
  sessions: number;
  /** Latency runs per session, and how long each offers 1k msg/s. */
  latencyRepeats: number;
  latencySeconds: number;
  /** Rates offered, following, for frame times (one run per rate per session), and for how long. */
  rates: number[];
  seconds: number;
}

/** One session's figures. */
export interface SessionFigures {
  latency_p50_ms: number;
  latency_p99_ms: number;
  /** Renderer main thread (workbench and log webview together) per tail post. */
  script_ms_per_post: number;
  task_ms_per_post: number;
  posts: number;
  /** Seconds of 1k msg/s offered in the latency runs (the per-post figures times the posts, over these, give the work per second). */
  latency_seconds: number;
  /** Per rate: frame p95 and max of the log webview while following. */
  frames: { rate: number; p95_ms: number; max_ms: number; machine_busy: number; accounted: boolean }[];
}

export type Side = 'before' | 'after';

export interface UiCompareResults {
  options: UiCompareOptions;
  sessions: { side: Side; vsix: string; figures: SessionFigures }[];
  /** Figure name → each build's median and range over its sessions, and after ÷ before (medians). */
  figures: { figure: string; before: Repeated; after: Repeated; ratio: number }[];
  /** Every flood: received = stored + evicted = sent − broker drops = the view's counter. */
  accounted: boolean;
}

function say(line: string): void {
  process.stderr.write(`[ui-compare] ${line}\n`);
}

async function measureSession(vsix: string, broker: Mosquitto, opts: UiCompareOptions): Promise<SessionFigures> {
  const session = await Session.start(vsix, broker);
  try {
    const { frame, locator: log } = await openFollowingLog(session, broker);
    const cdp: CDPSession = await session.vscode.page.context().newCDPSession(session.vscode.page);
    await cdp.send('Performance.enable');
    const runs: LatencyRun[] = [];
    for (let r = 0; r < opts.latencyRepeats; r++) runs.push(await latencyRun(session, broker, frame, log, cdp, opts.latencySeconds));
    const latency = summarizeLatency(runs);
    const frames: SessionFigures['frames'] = [];
    for (const rate of opts.rates) {
      const run: UiRateRun = await rateRun(session, broker, frame, log, rate, opts.seconds, true);
      frames.push({ rate, p95_ms: run.frame_p95_ms, max_ms: run.frame_max_ms, machine_busy: run.machine_busy, accounted: isAccounted(run) });
    }
    return {
      latency_p50_ms: latency.p50_ms,
      latency_p99_ms: latency.p99_ms,
      script_ms_per_post: latency.renderer_per_post.script_ms,
      task_ms_per_post: latency.renderer_per_post.task_ms,
      posts: latency.post_gap_ms.posts,
      latency_seconds: opts.latencyRepeats * opts.latencySeconds,
      frames,
    };
  } finally {
    await session.stop();
  }
}

function describe(f: SessionFigures): string {
  return (
    `latency p50 ${f.latency_p50_ms} p99 ${f.latency_p99_ms} ms; per tail post (${f.posts} posts) script ${f.script_ms_per_post} ms, tasks ${f.task_ms_per_post} ms; ` +
    f.frames.map((x) => `${x.rate} msg/s frames p95 ${x.p95_ms} max ${x.max_ms} ms (machine ${Math.round(x.machine_busy * 100)}% busy${x.accounted ? '' : ', NOT all accounted for'})`).join('; ')
  );
}

/** The figures compared, each read from one session's figures. */
function figureReaders(rates: readonly number[]): { figure: string; read: (f: SessionFigures) => number }[] {
  const rate = (f: SessionFigures, r: number): SessionFigures['frames'][number] => {
    const x = f.frames.find((y) => y.rate === r);
    if (!x) throw new Error(`no frame figures at ${r} msg/s`);
    return x;
  };
  return [
    { figure: 'publish → painted p50, 1k msg/s (ms)', read: (f) => f.latency_p50_ms },
    { figure: 'publish → painted p99, 1k msg/s (ms)', read: (f) => f.latency_p99_ms },
    { figure: 'renderer script per tail post (ms)', read: (f) => f.script_ms_per_post },
    { figure: 'renderer tasks per tail post (ms)', read: (f) => f.task_ms_per_post },
    // Per second of 1k msg/s, whatever the number of posts: a slower renderer takes fewer, larger
    // posts (the host posts what the view has not got), which the per-post figures divide by.
    { figure: 'renderer script per second at 1k msg/s (ms)', read: (f) => (f.script_ms_per_post * f.posts) / f.latency_seconds },
    { figure: 'renderer tasks per second at 1k msg/s (ms)', read: (f) => (f.task_ms_per_post * f.posts) / f.latency_seconds },
    { figure: 'tail posts per second at 1k msg/s', read: (f) => f.posts / f.latency_seconds },
    ...rates.flatMap((r) => [
      { figure: `frame p95 following, ${r.toLocaleString('en-US')} msg/s (ms)`, read: (f: SessionFigures) => rate(f, r).p95_ms },
      { figure: `frame max following, ${r.toLocaleString('en-US')} msg/s (ms)`, read: (f: SessionFigures) => rate(f, r).max_ms },
    ]),
  ];
}

export async function runUiCompare(opts: UiCompareOptions): Promise<UiCompareResults> {
  const broker = await startBenchBroker();
  const sessions: UiCompareResults['sessions'] = [];
  try {
    for (let i = 0; i < opts.sessions; i++) {
      for (const side of ['before', 'after'] as const) {
        const vsix = opts[side];
        const figures = await measureSession(vsix, broker, opts);
        say(`${side} #${i + 1}: ${describe(figures)}`);
        sessions.push({ side, vsix, figures });
      }
    }
  } finally {
    await broker.stop();
  }
  return compareSessions(opts, sessions);
}

/** Each figure's median and range per build over its sessions, and after ÷ before. */
export function compareSessions(opts: UiCompareOptions, sessions: UiCompareResults['sessions']): UiCompareResults {
  const of = (side: Side): SessionFigures[] => sessions.filter((s) => s.side === side).map((s) => s.figures);
  const figures = figureReaders(opts.rates).map(({ figure, read }) => {
    const before = repeated(of('before').map(read));
    const after = repeated(of('after').map(read));
    return { figure, before, after, ratio: round(after.median / before.median) };
  });
  return { options: opts, sessions, figures, accounted: sessions.every((s) => s.figures.frames.every((x) => x.accounted)) };
}

/** The table: figure, before and after (median and range over the sessions), after ÷ before. */
export function compareTable(r: UiCompareResults): string {
  const cell = (x: Repeated): string => `${x.median} (${x.min}–${x.max})`;
  const head = ['figure', `before (median, range of ${r.options.sessions})`, 'after', 'after ÷ before'];
  const rows = r.figures.map((f) => [f.figure, cell(f.before), cell(f.after), `${f.ratio}`]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), '', `every message accounted for in every flood: ${r.accounted ? 'yes' : 'NO'}`, `medians of per-session figures; machine busy during the floods (median): ${median(r.sessions.flatMap((s) => s.figures.frames.map((x) => x.machine_busy)))}`].join('\n');
}
