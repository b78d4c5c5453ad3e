/**
 * Issue 5, parts 2–6: TraceMQ in a real VS Code (code-server + Chromium), fed by mosquitto:
 * frame times under load, publish→paint latency, memory with a million messages, jumps in a big
 * log, and startup. One code-server session runs them all (plus, in a full run, extra sessions
 * that only measure startup).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Frame, FrameLocator } from 'playwright-core';
import { launchChromium } from '../test/harness/chromium';
import { startCodeServer, type CodeServerHandle } from '../test/harness/codeServer';
import type { Mosquitto } from '../test/harness/mosquitto';
import { VsCodeDriver } from '../test/harness/vscodeDriver';
import { READING_BINDING, READING_PROTO, READING_PROTO_FILE } from './benchReadingProto';
import { brokerCounters, settleSys, startBenchBroker } from './broker';
import { FRAME_SCRIPT } from './frameScript';
import type { BenchStats } from './probe/benchStats';
import { buildInHostProbe } from './probe/buildInHostProbe';
import { HostProbe } from './hostProbe';
import { describeLongFrames, longestOf, startLongFrames, stopLongFrames, type LongFrames } from './longFrames';
import { brokerPid, cpuMsOf, machineCpuMs } from './procCpu';
import { extensionHostPid, memoryOf, type ProcessMemory } from './procMemory';
import { startPublisher, type PublisherOptions } from './publisher';
import { rendererMetrics, workPerPost, type MetricsSpan, type RendererWork } from './rendererWork';
import { median, percentile, repeated, round, type Repeated } from './stats';

export const PROFILE = 'bench';
const TOPIC = 'bench/ui';
const MB = 2 ** 20;

export interface UiOptions {
  vsix: string;
  rates: number[];
  /** Seconds each rate is offered. */
  seconds: number;
  /** Repeats of each rate. */
  repeats: number;
  latencySeconds: number;
  latencyRepeats: number;
  /** Messages stored for the memory and jump figures. */
  bigLog: number;
  jumpRepeats: number;
  /** Extra code-server sessions that only measure startup. */
  extraStartups: number;
  /** Seconds the host is watched, idle, after the big log's fill, before its figures are read (0: not watched). */
  idleSeconds: number;
  /** Write a CPU profile of the renderer (workbench and webview) during the latency runs to this file. */
  rendererProfile?: string;
}

export interface UiRateResult {
  rate: number;
  frame_p50_ms: number;
  frame_p95_ms: number;
  frame_max_ms: number;
  host_loop_p99_ms: number;
  received: number;
  stored: number;
  evicted: number;
  /** Messages the publisher sent, and what the broker dropped ($SYS). */
  sent: number;
  broker_dropped: number | null;
  /** Shown in the webview's "Received" counter once the flood was over. */
  webview_received: number;
  /** received = stored + evicted, and received = sent − broker drops. */
  accounted: boolean;
  /** Messages the host took in per second while the rate was offered. */
  host_msgs_per_s: number;
  /** Seconds after the offer ended until the host had every message. */
  drain_s: number;
  /** Medians over the repeats, as in UiRateRun. */
  machine_busy: number;
  exthost_cpu: number;
  repeats: UiRateRun[];
  spread: { frame_p95_ms: Repeated; frame_max_ms: Repeated; host_loop_p99_ms: Repeated };
  /** Long frames over all repeats, and the longest one's breakdown (null: not measurable). */
  long_frames: LongFrames | null;
  /** Share of frames longer than 20 ms (median over the repeats): p95 ≤ 20 ms means ≤ 0.05. */
  frames_over_20ms_share: number;
  /**
   * The reference: the same rate with the log paused (the host takes in and counts every message, the
   * view updates its counters but renders no new rows). What the machine and the rest of the chain
   * do to frames, measured in the same session; the difference is the log's rendering of the tail.
   */
  paused: PausedReference | null;
}

export interface PausedReference {
  frame_p50_ms: number;
  frame_p95_ms: number;
  frame_max_ms: number;
  frames_over_20ms_share: number;
  machine_busy: number;
  /** Every message accounted for in this run too. */
  accounted: boolean;
}

export interface UiRateRun {
  frame_p50_ms: number;
  frame_p95_ms: number;
  frame_max_ms: number;
  frames: number;
  /** Frames longer than 20 ms (more than one frame at 60 Hz, with the timer's jitter). */
  frames_over_20ms: number;
  host_loop_p99_ms: number;
  host_loop_max_ms: number;
  received: number;
  stored: number;
  evicted: number;
  sent: number;
  /** null when the broker's $SYS counter did not answer. */
  broker_dropped: number | null;
  webview_received: number;
  host_msgs_per_s: number;
  drain_s: number;
  /** Extension host CPU (µs) per message received, from the start of the offer until every message was in (the drain included). */
  exthost_cpu_us_per_msg: number;
  publisher_behind_ms: number;
  /** While the rate was offered: share of all cores busy (1 = the whole machine), and of one core used by the extension host and by mosquitto. */
  machine_busy: number;
  exthost_cpu: number;
  broker_cpu: number;
  long_frames: LongFrames | null;
  /** With a `cpuWindow`: the host's CPU per message measured in-host between two message counts (see rateRun). */
  window?: CpuWindow;
}

/** The host's CPU over the messages between two counts of one run, read in-host with the counters (probe/inHostProbe.ts). */
export interface CpuWindow {
  /** Messages received between the two readings (at least `to − from`). */
  messages: number;
  cpu_us_per_msg: number;
  /** GC pauses (ms) and minor page faults per 1,000 messages in the window. */
  gc_ms: number;
  faults_per_kmsg: number;
}

/** The window from the first reading with at least `from` messages received to the first with at least `to`. */
export function cpuWindowOf(samples: readonly BenchStats[], from: number, to: number): CpuWindow | undefined {
  const received = (s: BenchStats): number => s.connections.find((c) => c.name === PROFILE)?.received ?? 0;
  const a = samples.find((s) => received(s) >= from);
  const b = samples.find((s) => received(s) >= to);
  if (!a || !b || a === b) return undefined;
  const messages = received(b) - received(a);
  return {
    messages,
    cpu_us_per_msg: round((b.cpuUs - a.cpuUs) / messages, 2),
    gc_ms: round(b.gcMs - a.gcMs, 1),
    faults_per_kmsg: round(((b.minorFaults - a.minorFaults) * 1000) / messages, 1),
  };
}

export interface UiResults {
  ui: UiRateResult[];
  latency: {
    p50_ms: number;
    p99_ms: number;
    max_ms: number;
    samples: number;
    sent: number;
    painted_fraction: number;
    p50: Repeated;
    p99: Repeated;
    /** Time between two tail posts arriving in the webview (33 ms at best at 1k msg/s: MIN_POST_INTERVAL_MS). */
    post_gap_ms: { p50: number; p99: number; max: number; posts: number };
    /** Long frames in the webview during the latency runs, and the longest one's breakdown. */
    long_frames: LongFrames | null;
    /** The renderer main thread's work per tail post during the latency runs. */
    renderer_per_post: RendererWork;
  };
  memory: {
    host_heap_mb_1m: number;
    host_rss_mb_1m: number;
    webview_heap_mb_1m: number;
    host_heap_mb_empty: number;
    host_rss_mb_empty: number;
    webview_heap_mb_empty: number;
    host_heap_mb_after_clear: number;
    host_rss_mb_after_clear: number;
    webview_heap_mb_after_clear: number;
    /** Renderer heap (workbench + webview, one V8 isolate in code-server) with the log closed: the baseline subtracted. */
    renderer_heap_mb_log_closed: number;
    /** Of the host figures with the big log: V8 heap reserved, and Buffer/ArrayBuffer memory (payloads) outside the heap. */
    host_heap_total_mb_1m: number;
    host_array_buffers_mb_1m: number;
    /** The stores' payload slabs, part of `host_array_buffers_mb_1m`. */
    host_payload_slabs_mb_1m: number;
    /** Of the host's RSS: anonymous pages (heap, buffers, allocator free lists) and file-backed pages (code). */
    host_rss_anon_mb_1m: number;
    host_rss_file_mb_1m: number;
    host_rss_anon_mb_empty: number;
    /**
     * With the big log, right after the fill and an ordinary full collection: V8 still holds the
     * pages it pooled during the fill (the `host_*` figures above are after its last-resort
     * collection; before run 17 `host_rss_mb_1m` was this figure).
     */
    host_rss_mb_1m_after_fill: number;
    host_rss_anon_mb_1m_after_fill: number;
    /** After that reading, the host's RSS about once a second for `seconds` with the host idle and no collection forced; the lowest and when (null: not watched, as in --quick). */
    host_rss_idle: { seconds: number; last_mb: number; min_mb: number; min_at_s: number } | null;
    /** The extension host before TraceMQ was activated in it: VS Code's own (code-server's built-in extensions). */
    host_rss_mb_before_tracemq: number;
    host_rss_anon_mb_before_tracemq: number;
    messages: number;
    fill_msgs_per_s: number;
  };
  jump_ms: {
    middle: number;
    top: number;
    tail: number;
    runs: { middle: number[]; top: number[]; tail: number[] };
    /** Per run: the rows were in the view's cache (no "Loading…" row was ever on screen), so no page was fetched. */
    from_cache: { middle: boolean[]; top: boolean[]; tail: boolean[] };
  };
  /**
   * Open Log, from the click on the command: `frame_created_ms` is when VS Code created the frame
   * the log's page is written into (everything before is VS Code's: the command, the panel, the
   * webview's host frame); from there to the first paint is the log's script; from the first paint
   * to the first rows, the `log/ready` → snapshot round trip and the rows' render.
   */
  startup: {
    activation_ms: number;
    frame_created_ms: number;
    first_paint_ms: number;
    first_rows_ms: number;
    runs: { activation_ms: number[]; frame_created_ms: number[]; first_paint_ms: number[]; first_rows_ms: number[] };
  };
}

function log(line: string): void {
  process.stderr.write(`[ui] ${line}\n`);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One code-server with TraceMQ installed, connected to the broker, ready to open the log. */
export class Session {
  private constructor(
    readonly codeServer: CodeServerHandle,
    readonly browser: Browser,
    readonly vscode: VsCodeDriver,
    readonly probe: HostProbe,
    private readonly dirs: string[],
  ) {}

  /**
   * With `decoders`, the workspace binds `bench/pb/#` to `bench.Reading` (READING_BINDING, its `.proto`
   * written next to `.tracemq.json`); without, it binds nothing, as the other parts measure.
   * `settings` go into the user settings.json (the trace-ui part starts with the trace on).
   */
  static async start(vsix: string, broker: Mosquitto, opts: { decoders?: boolean; settings?: Record<string, unknown> } = {}): Promise<Session> {
    const workspace = mkdtempSync(join(tmpdir(), 'tracemq-bench-ws-'));
    const statsDir = mkdtempSync(join(tmpdir(), 'tracemq-bench-stats-'));
    if (opts.decoders) writeFileSync(join(workspace, READING_PROTO_FILE), READING_PROTO);
    const decoders = opts.decoders ? { decoders: [READING_BINDING] } : {};
    writeFileSync(
      join(workspace, '.tracemq.json'),
      JSON.stringify({ profiles: [{ name: PROFILE, url: broker.url, clientId: `tracemq-bench-${process.pid}-${Date.now()}`, subscriptions: [{ topic: 'bench/#', qos: 0 }] }], ...decoders }),
    );
    const probe = new HostProbe(join(statsDir, 'stats.json'));
    const codeServer = await startCodeServer({ vsix, workspace, env: { TRACEMQ_BENCH_STATS: probe.file, TRACEMQ_BENCH_PROBE: await buildInHostProbe(statsDir) }, ...(opts.settings ? { settings: opts.settings } : {}) });
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const vscode = await VsCodeDriver.open(browser, codeServer.url);
      // Evaluated in every frame created from now on, the log webview's among them, and in the
      // workbench's own (long frames are reported there).
      await vscode.page.addInitScript(FRAME_SCRIPT);
      await vscode.page.evaluate(FRAME_SCRIPT);
      return new Session(codeServer, browser, vscode, probe, [workspace, statsDir]);
    } catch (e) {
      await browser?.close();
      await codeServer.stop();
      throw e;
    }
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.codeServer.stop();
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }

  /**
   * VS Code's extension host as it is before TraceMQ runs in it (read from /proc, outside the
   * host): code-server's built-in extensions start with it, and its size is part of every host
   * figure. Read once its RSS has stopped growing (two readings 2 s apart within 1 MB, at most
   * 20 s): it grows for some seconds after the workbench opens.
   */
  async extensionHostBeforeActivation(): Promise<{ pid: number; memory: ProcessMemory }> {
    const deadline = Date.now() + 60_000;
    let pid = extensionHostPid(this.codeServer.pid);
    while (pid === undefined) {
      if (Date.now() > deadline) throw new Error('no extension host process under code-server after 60 s');
      await sleep(100);
      pid = extensionHostPid(this.codeServer.pid);
    }
    const read = (): ProcessMemory => {
      const memory = memoryOf(pid);
      if (!memory) throw new Error(`the extension host (pid ${pid}) exited`);
      return memory;
    };
    let last = read();
    for (const settleBy = Date.now() + 20_000; Date.now() < settleBy; ) {
      await sleep(2000);
      const now = read();
      const settled = Math.abs(now.rss - last.rss) < MB;
      last = now;
      if (settled) break;
    }
    return { pid, memory: last };
  }

  /** Opens the TraceMQ view (which activates the extension) and reads VS Code's own activation time. */
  async activate(): Promise<number> {
    await this.vscode.openView('TraceMQ');
    await this.vscode.treeItem(PROFILE).waitFor();
    const row = this.vscode.page.locator('.monaco-list-row').filter({ has: this.vscode.page.locator('.name', { hasText: /^TraceMQ$/ }) });
    let text = '';
    // In one run (2 December, loaded machine) the editor showed no TraceMQ row for 30 s and the
    // harness failed. Three tries of 15 s, each opening the editor again, then Playwright's error.
    for (let attempt = 1; ; attempt++) {
      await this.vscode.runCommand('Developer: Show Running Extensions');
      try {
        text = (await row.locator('.activation-time').first().textContent({ timeout: 15_000 })) ?? '';
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        log(`startup: Running Extensions showed no TraceMQ row within 15 s (try ${attempt} of 3); opening it again`);
        await this.vscode.runCommand('View: Close All Editors');
      }
    }
    const ms = Number(/([\d.]+)\s*ms/.exec(text)?.[1] ?? NaN);
    await this.vscode.page.keyboard.press('Escape');
    await this.vscode.runCommand('View: Close All Editors');
    return ms;
  }

  async connect(): Promise<void> {
    await this.vscode.runCommand('TraceMQ: Connect');
    await this.vscode.treeItem(PROFILE).locator('.label-description', { hasText: /^connected$/ }).waitFor({ timeout: 30_000 });
  }

  /**
   * Opens the log with the palette and times it from the click on the command: first contentful
   * paint of the webview, and the first rows painted.
   */
  async openLog(): Promise<{ frame: Frame; locator: FrameLocator; frameCreatedMs: number; firstPaintMs: number; firstRowsMs: number; clickedAtOnFrameClock: number }> {
    const page = this.vscode.page;
    const title = 'TraceMQ: Open Log';
    await page.keyboard.press('F1');
    const input = this.vscode.quickInput.locator('input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const item = this.vscode.quickItem(title);
    await item.waitFor();
    const clickedAt = Date.now();
    await item.click();
    const locator = await this.vscode.webviewFrame(`MQTT Log: ${PROFILE}`, { timeout: 60_000 });
    await locator.locator('[data-testid="connection-state"]').waitFor();
    const frame = await (await locator.locator('html').elementHandle()).ownerFrame();
    if (!frame) throw new Error('the log webview has no frame');
    await waitInFrame(frame, 'window.__bench && window.__bench.firstRowAt !== undefined', 30_000);
    const offset = await clockOffset(frame);
    // The frame's time origin is its creation by VS Code's webview host (which then writes the page into it).
    const times = await frame.evaluate<{ created: number; fcp: number; rows: number }>(
      '({ created: performance.timeOrigin, fcp: performance.timeOrigin + (performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN), rows: window.__bench.firstRowAt })',
    );
    return {
      frame,
      locator,
      frameCreatedMs: times.created - offset - clickedAt,
      firstPaintMs: times.fcp - offset - clickedAt,
      firstRowsMs: times.rows - offset - clickedAt,
      // The click, on the frame's clock: the page's own timeline is measured from it.
      clickedAtOnFrameClock: clickedAt + offset,
    };
  }
}

/** Connected, with 100 messages received, then the log opened (timed, as Session.openLog). */
export async function openFollowingLog(session: Session, broker: Mosquitto): ReturnType<Session['openLog']> {
  await session.vscode.openView('TraceMQ');
  await session.vscode.treeItem(PROFILE).waitFor();
  await session.connect();
  // A few messages, so that the log opens on rows.
  await startPublisher(publisherOptions(broker, { count: 100, rate: 0 })).done;
  const got = await session.probe.until((x) => (x.connections.find((c) => c.name === PROFILE)?.received ?? 0) >= 100, 10_000);
  if (!got.ok) throw new Error('the host did not receive the 100 messages sent before opening the log');
  return session.openLog();
}

/**
 * Polls a JavaScript expression in the frame until it is truthy. (Playwright's waitForFunction
 * with a string evaluates it with eval, which the webview's CSP forbids; evaluate does not.)
 */
export async function waitInFrame(frame: Frame, expression: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await frame.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting in the webview for: ${expression}`);
    await sleep(25);
  }
}

/** Frame clock minus our clock (ms), from the evaluate round trip with the shortest time. */
async function clockOffset(frame: Frame): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 7; i++) {
    const t0 = Date.now();
    const theirs = await frame.evaluate<number>('performance.timeOrigin + performance.now()');
    const t1 = Date.now();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: theirs - (t0 + t1) / 2 };
  }
  return best.offset;
}

/** The number a counter of the log header shows ("20,000" → 20000). */
async function counter(log: FrameLocator, testId: string): Promise<number> {
  return Number(((await log.locator(`[data-testid="${testId}"]`).textContent()) ?? '').replace(/\D/g, ''));
}

/** Bytes the stores hold in payload slabs (part of the array buffers figure). */
function slabBytes(stats: BenchStats): number {
  return stats.connections.reduce((sum, c) => sum + c.slabBytes, 0);
}

/** V8 heap of the renderer that runs the workbench and (same origin in code-server) the webview, after a full GC. */
async function rendererHeapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize / MB;
}

export async function clearLog(session: Session, log: FrameLocator): Promise<void> {
  await log.locator('[data-testid="clear"]').click();
  await session.probe.until((s) => (s.connections.find((c) => c.name === PROFILE)?.received ?? -1) === 0, 10_000);
  await log.locator('[data-testid="follow"]').filter({ hasText: 'Resume' }).click({ timeout: 1000 }).catch(() => undefined);
}

export function publisherOptions(broker: Mosquitto, rest: Pick<PublisherOptions, 'count' | 'rate'> & Partial<PublisherOptions>): PublisherOptions {
  return { host: '127.0.0.1', port: broker.port, clientId: `bench-ui-pub-${process.pid}`, topic: TOPIC, size: 100, qos: 0, ...rest };
}

/** received = stored + evicted = sent − broker drops = what the webview's counter shows. */
export function isAccounted(x: UiRateRun): boolean {
  return x.received === x.stored + x.evicted && x.received === x.sent - (x.broker_dropped ?? 0) && x.webview_received === x.received;
}

/**
 * Offers `rate` msg/s for `seconds` to the open log, following the tail or (the reference) paused;
 * `publish` changes the publisher's topic or payload format (default: JSON on bench/ui).
 */
export async function rateRun(
  session: Session,
  broker: Mosquitto,
  frame: Frame,
  log: FrameLocator,
  rate: number,
  seconds: number,
  following: boolean,
  publish: Partial<PublisherOptions> = {},
  /**
   * Also measure the host's CPU per message in-host over the messages from `from` to `to` (counts
   * of this run): the same messages in every run, past the start (the store refilling after the
   * clear) and before the end (the backlog drained in bigger reads), whatever the run's pace.
   */
  cpuWindow?: { from: number; to: number },
): Promise<UiRateRun> {
  await clearLog(session, log);
  if (!following) {
    await log.locator('[data-testid="follow"]').filter({ hasText: 'Pause' }).click();
    await log.locator('[data-testid="follow"]').filter({ hasText: 'Resume' }).waitFor({ timeout: 5000 });
  }
  // With a CPU window: the previous run's store, now garbage, is collected before this run, not
  // during it (a major GC of it landing in one run and not another made runs of one case differ).
  if (cpuWindow) await session.probe.command('gc');
  await sleep(500);
  const sys0 = await brokerCounters(broker);
  const hostPid = (await session.probe.command('reset')).pid;
  const mosquittoPid = brokerPid(broker);
  const cpu0 = { machine: machineCpuMs(), host: cpuMsOf(hostPid), broker: mosquittoPid === undefined ? NaN : cpuMsOf(mosquittoPid), at: Date.now() };
  // The probe's readings through the run (it writes one every 250 ms), for the CPU window.
  const samples: BenchStats[] = [];
  let sampling = cpuWindow !== undefined;
  const sampler = (async () => {
    while (sampling) {
      const s = session.probe.read();
      if (s && s.at !== samples.at(-1)?.at) samples.push(s);
      await sleep(50);
    }
  })();
  await startLongFrames(session.vscode.page);
  await frame.evaluate('window.__bench.startFrames()');
  const publisher = startPublisher(publisherOptions(broker, { ...publish, count: rate * seconds, rate }));
  const pub = await publisher.done;
  const frames = await frame.evaluate<number[]>('window.__bench.stopFrames()');
  const longFrames = await stopLongFrames(session.vscode.page);
  const machine1 = machineCpuMs();
  const wallMs = Date.now() - cpu0.at;
  const cpu = {
    machine: (machine1.busy - cpu0.machine.busy) / Math.max(1, machine1.total - cpu0.machine.total),
    host: (cpuMsOf(hostPid) - cpu0.host) / wallMs,
    broker: mosquittoPid === undefined ? NaN : (cpuMsOf(mosquittoPid) - cpu0.broker) / wallMs,
  };
  const atEnd = await session.probe.connection(PROFILE);
  const loop = (await session.probe.fresh()).loop;
  const offered = (pub.endedAt - pub.startedAt) / 1000;
  // Let the host take in what the broker still queues for it.
  const drainStart = Date.now();
  await session.probe.until((s) => (s.connections.find((c) => c.name === PROFILE)?.received ?? 0) >= pub.sent, 180_000);
  const drain = (Date.now() - drainStart) / 1000;
  const hostCpuMs = cpuMsOf(hostPid) - cpu0.host;
  sampling = false;
  await sampler;
  const window = cpuWindow ? cpuWindowOf(samples, cpuWindow.from, cpuWindow.to) : undefined;
  await settleSys();
  const sys1 = await brokerCounters(broker);
  const host = await session.probe.connection(PROFILE);
  // The webview's counter catches up with the next post (≤ 33 ms later); give it a moment.
  let webviewReceived = await counter(log, 'counter-received');
  for (let i = 0; i < 30 && webviewReceived !== host.received; i++) {
    await sleep(100);
    webviewReceived = await counter(log, 'counter-received');
  }
  return {
    frame_p50_ms: round(median(frames)),
    frame_p95_ms: round(percentile(frames, 95)),
    frame_max_ms: round(Math.max(...frames)),
    frames: frames.length,
    frames_over_20ms: frames.filter((f) => f > 20).length,
    host_loop_p99_ms: loop.p99,
    host_loop_max_ms: loop.max,
    received: host.received,
    stored: host.stored,
    evicted: host.evicted,
    sent: pub.sent,
    broker_dropped: Number.isNaN(sys1.dropped - sys0.dropped) ? null : sys1.dropped - sys0.dropped,
    webview_received: webviewReceived,
    host_msgs_per_s: Math.round(atEnd.received / offered),
    drain_s: round(drain, 1),
    exthost_cpu_us_per_msg: round((hostCpuMs * 1000) / Math.max(1, host.received), 2),
    publisher_behind_ms: pub.behindMs,
    machine_busy: round(cpu.machine),
    exthost_cpu: round(cpu.host),
    broker_cpu: round(cpu.broker),
    long_frames: longFrames,
    ...(window ? { window } : {}),
  };
}

/** One latency run: what `summarizeLatency` reads. */
export interface LatencyRun {
  samples: number[];
  sent: number;
  postGaps: number[];
  longFrames: LongFrames | null;
  metrics: MetricsSpan;
}

/**
 * The latency figures over several runs: publish → painted, the gaps between tail posts, and the
 * renderer main thread's work per tail post (each run's posts: its gaps plus one).
 */
export function summarizeLatency(runs: readonly LatencyRun[]): Omit<UiResults['latency'], 'long_frames'> {
  const all = runs.flatMap((r) => r.samples);
  const sent = runs.reduce((n, r) => n + r.sent, 0);
  const postGaps = runs.flatMap((r) => r.postGaps);
  const posts = postGaps.length + runs.length;
  const lat = runs.map((r) => r.samples);
  return {
    p50_ms: round(median(all)),
    p99_ms: round(percentile(all, 99)),
    max_ms: round(Math.max(...all)),
    samples: all.length,
    sent,
    painted_fraction: round(all.length / sent, 3),
    p50: repeated(lat.map((s) => median(s))),
    p99: repeated(lat.map((s) => percentile(s, 99))),
    post_gap_ms: { p50: round(median(postGaps)), p99: round(percentile(postGaps, 99)), max: round(Math.max(...postGaps)), posts },
    renderer_per_post: workPerPost(runs.map((r) => r.metrics), posts),
  };
}

/**
 * Offers 1k msg/s of timestamped messages for `seconds` to the open log, following, and times each
 * row from its publishing to its first paint; reads the renderer's Performance counters around it
 * (`Performance.enable` must have been sent on `cdp`).
 */
export async function latencyRun(
  session: Session,
  broker: Mosquitto,
  frame: Frame,
  log: FrameLocator,
  cdp: CDPSession,
  seconds: number,
): Promise<LatencyRun> {
  await clearLog(session, log);
  await sleep(500);
  const offset = await clockOffset(frame);
  await startLongFrames(session.vscode.page);
  await frame.evaluate('window.__bench.startLatency()');
  const before = await rendererMetrics(cdp);
  const pub = await startPublisher(publisherOptions(broker, { count: 1000 * seconds, rate: 1000, stamp: true })).done;
  await sleep(500);
  const result = await frame.evaluate<{ samples: number[]; posts: number[] }>('window.__bench.stopLatency()');
  const after = await rendererMetrics(cdp);
  const longFrames = await stopLongFrames(session.vscode.page);
  const postGaps = result.posts.slice(1).map((t, i) => t - (result.posts[i] ?? t));
  // Frame clock ahead by `offset`: subtract it from the paint times.
  return { samples: result.samples.map((s) => s - offset), sent: pub.sent, postGaps, longFrames, metrics: { before, after } };
}

type JumpKind = 'middle' | 'top' | 'tail';

async function jump(frame: Frame, log: FrameLocator, vscode: VsCodeDriver, kind: JumpKind, fraction: number): Promise<{ ms: number; fromCache: boolean }> {
  await frame.evaluate(`window.__bench.armJump(${JSON.stringify(kind)})`);
  if (kind === 'middle') {
    const box = await log.locator('[data-testid="log-overview"]').boundingBox();
    if (!box) throw new Error('the overview track is not shown (is the log longer than 20,000 rows?)');
    await vscode.page.mouse.click(box.x + box.width / 2, box.y + box.height * fraction);
  } else {
    await log.locator('.log-rows').press(kind === 'top' ? 'Home' : 'End');
  }
  await waitInFrame(frame, 'window.__bench.jump.ms !== undefined', 15_000);
  const r = await frame.evaluate<{ ms: number; target: number; rows: number[]; placeholders: boolean }>('window.__bench.jump');
  if (r.ms < 0) throw new Error(`jump to the ${kind} never showed row ${r.target} (rows on screen ${r.rows.join('–')})`);
  return { ms: r.ms, fromCache: !r.placeholders };
}

/** Messages offered between two rounds of jumps (see `pushOutCachedRows`), and how fast. */
const CACHE_FLUSH = { count: 6000, rate: 1000 };

/**
 * Between two rounds of jumps, with the view following the tail: new messages, slowly enough that
 * each one reaches the view, fill its row cache (4,000 rows, the farthest from the tail dropped
 * first), so the next Home finds the top rows gone and times a page round trip, as the first
 * Home of a session does. Without this, Home in the second and third rounds was served from the
 * rows the first round had fetched (run 7: 99.9 ms, then 24.5 and 14.8). Whether each jump's rows came
 * from the cache is reported either way.
 */
async function pushOutCachedRows(session: Session, broker: Mosquitto): Promise<void> {
  const received = (s: BenchStats): number => s.connections.find((c) => c.name === PROFILE)?.received ?? 0;
  const before = received(await session.probe.fresh());
  await startPublisher(publisherOptions(broker, CACHE_FLUSH)).done;
  const got = await session.probe.until((s) => received(s) >= before + CACHE_FLUSH.count, 30_000);
  if (!got.ok) throw new Error(`the host received ${received(got.stats) - before} of the ${CACHE_FLUSH.count} messages offered between jumps`);
}

export async function runUi(opts: UiOptions): Promise<UiResults> {
  const broker = await startBenchBroker();
  const startup = { activation_ms: [] as number[], frame_created_ms: [] as number[], first_paint_ms: [] as number[], first_rows_ms: [] as number[] };
  try {
    // Startup-only sessions first (full runs): a fresh code-server each.
    for (let i = 0; i < opts.extraStartups; i++) {
      const s = await Session.start(opts.vsix, broker);
      try {
        startup.activation_ms.push(await s.activate());
        await s.connect();
        await startPublisher(publisherOptions(broker, { count: 100, rate: 0 })).done;
        await s.probe.until((x) => (x.connections.find((c) => c.name === PROFILE)?.received ?? 0) >= 100, 10_000);
        const opened = await s.openLog();
        startup.frame_created_ms.push(opened.frameCreatedMs);
        startup.first_paint_ms.push(opened.firstPaintMs);
        startup.first_rows_ms.push(opened.firstRowsMs);
        log(`startup #${i + 1}: activation ${startup.activation_ms.at(-1)} ms, webview frame ${Math.round(opened.frameCreatedMs)} ms, first paint ${Math.round(opened.firstPaintMs)} ms, rows ${Math.round(opened.firstRowsMs)} ms`);
      } finally {
        await s.stop();
      }
    }

    const session = await Session.start(opts.vsix, broker);
    try {
      const cdp = await session.vscode.page.context().newCDPSession(session.vscode.page);
      const hostBefore = await session.extensionHostBeforeActivation();
      startup.activation_ms.push(await session.activate());
      const probed = await session.probe.fresh();
      if (probed.pid !== hostBefore.pid) throw new Error(`TraceMQ runs in pid ${probed.pid}, not in the extension host measured before (${hostBefore.pid})`);
      log(`extension host before TraceMQ: rss ${round(hostBefore.memory.rss / MB)} MB (anonymous ${round(hostBefore.memory.anon / MB)}, files ${round(hostBefore.memory.file / MB)})`);
      await session.connect();
      // A few messages, so that the log has rows to paint when it opens.
      await startPublisher(publisherOptions(broker, { count: 100, rate: 0 })).done;
      await session.probe.until((x) => (x.connections.find((c) => c.name === PROFILE)?.received ?? 0) >= 100, 10_000);
      const { frame, locator: logView, frameCreatedMs, firstPaintMs, firstRowsMs } = await session.openLog();
      startup.frame_created_ms.push(frameCreatedMs);
      startup.first_paint_ms.push(firstPaintMs);
      startup.first_rows_ms.push(firstRowsMs);
      log(`startup: activation ${startup.activation_ms.at(-1)} ms, webview frame ${Math.round(frameCreatedMs)} ms, first paint ${Math.round(firstPaintMs)} ms, rows ${Math.round(firstRowsMs)} ms`);

      // 4 and 5. Memory and jumps with a big log; first, so that the process sizes reflect the big
      // log rather than the high-water mark of the floods below.
      // Each host figure is read after V8's last-resort collection (probe/inHostProbe.ts): what the host
      // holds, not the pages V8 keeps pooled after the fill's burst of garbage, which it gives back
      // by itself once the host is idle (BENCHMARKS.md, Memory). Right after the fill the host is
      // also read after an ordinary full collection, pooled pages included.
      await clearLog(session, logView);
      await sleep(1000);
      const emptyHost = await session.probe.command('gc-reduce');
      const emptyRenderer = await rendererHeapMb(cdp);
      const fill = await startPublisher(publisherOptions(broker, { count: opts.bigLog, rate: 0 })).done;
      const filled = await session.probe.until((s) => (s.connections.find((c) => c.name === PROFILE)?.received ?? 0) >= opts.bigLog, 300_000);
      const fillSeconds = (Date.now() - fill.startedAt) / 1000;
      if (!filled.ok) throw new Error(`the host stored only ${filled.stats.connections[0]?.received ?? 0} of ${opts.bigLog} messages`);
      await sleep(1000);
      const afterFill = await session.probe.command('gc');
      // V8 gives back the heap pages it pooled during the fill by itself once the host is idle (its
      // memory reducer): the host's RSS once a second, nothing arriving, no collection forced.
      const idleFrom = afterFill.at;
      const idleRss: { at_s: number; mb: number }[] = [];
      while (opts.idleSeconds > 0 && (idleRss.at(-1)?.at_s ?? 0) < opts.idleSeconds) {
        await sleep(1000);
        const f = await session.probe.fresh();
        idleRss.push({ at_s: (f.at - idleFrom) / 1000, mb: f.rss / MB });
      }
      const idleMin = idleRss.reduce((a, b) => (b.mb < a.mb ? b : a), idleRss[0] ?? { at_s: 0, mb: NaN });
      const bigHost = await session.probe.command('gc-reduce');
      const bigRenderer = await rendererHeapMb(cdp);
      log(`big log: ${opts.bigLog} messages in ${round(fillSeconds, 1)} s; right after: rss ${round(afterFill.rss / MB)} MB (anonymous ${round(afterFill.rssAnon / MB)}), heap ${round(afterFill.heapUsed / MB)} of ${round(afterFill.heapTotal / MB)} MB; after the last-resort collection: host heap ${round(bigHost.heapUsed / MB)} of ${round(bigHost.heapTotal / MB)} MB, array buffers ${round(bigHost.arrayBuffers / MB)} MB, payload slabs ${round(slabBytes(bigHost) / MB)} MB, rss ${round(bigHost.rss / MB)} MB (anonymous ${round(bigHost.rssAnon / MB)}, files ${round(bigHost.rssFile / MB)}; empty ${round(emptyHost.rss / MB)}: ${round(emptyHost.rssAnon / MB)} + ${round(emptyHost.rssFile / MB)}); renderer heap ${round(bigRenderer)} MB (empty: ${round(emptyRenderer)} MB)`);

      const jumps = { middle: [] as number[], top: [] as number[], tail: [] as number[] };
      const fromCache = { middle: [] as boolean[], top: [] as boolean[], tail: [] as boolean[] };
      // A different place in the middle each round, so that its rows are not cached from the last.
      const fractions = [0.5, 0.4, 0.6, 0.45, 0.55];
      for (let r = 0; r < opts.jumpRepeats; r++) {
        if (r > 0) await pushOutCachedRows(session, broker);
        const said: string[] = [];
        for (const kind of ['middle', 'top', 'tail'] as const) {
          const j = await jump(frame, logView, session.vscode, kind, kind === 'middle' ? fractions[r % fractions.length] ?? 0.5 : 0);
          jumps[kind].push(j.ms);
          fromCache[kind].push(j.fromCache);
          said.push(`${kind} ${round(j.ms)} ms${j.fromCache ? ' (from the cache)' : ''}`);
          await sleep(300);
        }
        log(`jumps #${r + 1}: ${said.join(', ')}`);
      }

      await clearLog(session, logView);
      await sleep(1000);
      const clearedHost = await session.probe.command('gc-reduce');
      const clearedRenderer = await rendererHeapMb(cdp);
      // 2. UI under load.
      const ui: UiRateResult[] = [];
      for (const rate of opts.rates) {
        const runs: UiRateRun[] = [];
        for (let r = 0; r < opts.repeats; r++) {
          const run = await rateRun(session, broker, frame, logView, rate, opts.seconds, true);
          log(
            `${rate} msg/s #${r + 1}: frames p50 ${run.frame_p50_ms} p95 ${run.frame_p95_ms} max ${run.frame_max_ms} ms (${run.frames}); host loop p99 ${run.host_loop_p99_ms} ms; ` +
              `host took ${run.host_msgs_per_s} msg/s (machine ${Math.round(run.machine_busy * 100)}% busy, ext host ${Math.round(run.exthost_cpu * 100)}% of a core, mosquitto ${Math.round(run.broker_cpu * 100)}%), drained in ${run.drain_s} s; sent ${run.sent} received ${run.received} stored ${run.stored} evicted ${run.evicted} dropped ${run.broker_dropped}; webview shows ${run.webview_received}; ` +
              describeLongFrames(run.long_frames),
          );
          runs.push(run);
        }
        const overShare = (x: UiRateRun): number => x.frames_over_20ms / Math.max(1, x.frames);
        // The reference, after the repeats: the following runs keep the places they had in runs 1 to 8.
        let paused: PausedReference | null = null;
        if (opts.repeats > 0) {
          const ref = await rateRun(session, broker, frame, logView, rate, opts.seconds, false);
          log(
            `${rate} msg/s paused (reference): frames p50 ${ref.frame_p50_ms} p95 ${ref.frame_p95_ms} max ${ref.frame_max_ms} ms, ${ref.frames_over_20ms} of ${ref.frames} over 20 ms ` +
              `(following: ${runs.map((x) => `${x.frames_over_20ms} of ${x.frames}`).join(', ')}); machine ${Math.round(ref.machine_busy * 100)}% busy; ` +
              `sent ${ref.sent} received ${ref.received} stored ${ref.stored} evicted ${ref.evicted} dropped ${ref.broker_dropped}; webview shows ${ref.webview_received}`,
          );
          paused = {
            frame_p50_ms: ref.frame_p50_ms,
            frame_p95_ms: ref.frame_p95_ms,
            frame_max_ms: ref.frame_max_ms,
            frames_over_20ms_share: round(overShare(ref), 4),
            machine_busy: ref.machine_busy,
            accounted: isAccounted(ref),
          };
        }
        const med = (f: (x: UiRateRun) => number): number => round(median(runs.map(f)));
        const last = runs[runs.length - 1];
        if (!last) continue;
        ui.push({
          rate,
          frame_p50_ms: med((x) => x.frame_p50_ms),
          frame_p95_ms: med((x) => x.frame_p95_ms),
          frame_max_ms: med((x) => x.frame_max_ms),
          host_loop_p99_ms: med((x) => x.host_loop_p99_ms),
          received: last.received,
          stored: last.stored,
          evicted: last.evicted,
          sent: last.sent,
          broker_dropped: last.broker_dropped,
          webview_received: last.webview_received,
          accounted: runs.every(isAccounted) && (paused?.accounted ?? true),
          host_msgs_per_s: med((x) => x.host_msgs_per_s),
          drain_s: med((x) => x.drain_s),
          machine_busy: med((x) => x.machine_busy),
          exthost_cpu: med((x) => x.exthost_cpu),
          repeats: runs,
          spread: {
            frame_p95_ms: repeated(runs.map((x) => x.frame_p95_ms)),
            frame_max_ms: repeated(runs.map((x) => x.frame_max_ms)),
            host_loop_p99_ms: repeated(runs.map((x) => x.host_loop_p99_ms)),
          },
          long_frames: longestOf(runs.map((x) => x.long_frames)),
          frames_over_20ms_share: round(median(runs.map(overShare)), 4),
          paused,
        });
      }

      // 3. Latency at 1k msg/s.
      if (opts.rendererProfile) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
        await cdp.send('Profiler.start');
      }
      await cdp.send('Performance.enable');
      const latencyRuns: LatencyRun[] = [];
      for (let r = 0; r < opts.latencyRepeats; r++) {
        const run = await latencyRun(session, broker, frame, logView, cdp, opts.latencySeconds);
        log(
          `latency #${r + 1}: ${run.samples.length} of ${run.sent} rows timed, p50 ${round(median(run.samples))} p99 ${round(percentile(run.samples, 99))} ms; ` +
            `${run.postGaps.length + 1} tail posts, gap p50 ${round(median(run.postGaps))} p99 ${round(percentile(run.postGaps, 99))} max ${round(Math.max(...run.postGaps))} ms; ` +
            describeLongFrames(run.longFrames),
        );
        latencyRuns.push(run);
      }
      if (opts.rendererProfile) {
        const { profile } = await cdp.send('Profiler.stop');
        writeFileSync(opts.rendererProfile, JSON.stringify(profile));
      }
      const latency = summarizeLatency(latencyRuns);
      const rendererPerPost = latency.renderer_per_post;
      log(
        `renderer main thread per tail post (${latency.post_gap_ms.posts} posts): tasks ${rendererPerPost.task_ms} ms, script ${rendererPerPost.script_ms}, layout ${rendererPerPost.layout_ms} ` +
          `(${rendererPerPost.layouts} layouts), style ${rendererPerPost.style_ms} (${rendererPerPost.style_recalcs} recalculations)`,
      );

      // The baseline: the same renderer with the log closed.
      await session.vscode.runCommand('View: Close All Editors');
      await sleep(1500);
      const closedRenderer = await rendererHeapMb(cdp);
      log(`after clear: host heap ${round(clearedHost.heapUsed / MB)} MB rss ${round(clearedHost.rss / MB)} MB; renderer ${round(clearedRenderer)} MB; log closed: renderer ${round(closedRenderer)} MB`);
      return {
        ui,
        latency: { ...latency, long_frames: longestOf(latencyRuns.map((r) => r.longFrames)) },
        memory: {
          host_heap_mb_1m: round(bigHost.heapUsed / MB),
          host_rss_mb_1m: round(bigHost.rss / MB),
          webview_heap_mb_1m: round(bigRenderer - closedRenderer),
          host_heap_mb_empty: round(emptyHost.heapUsed / MB),
          host_rss_mb_empty: round(emptyHost.rss / MB),
          webview_heap_mb_empty: round(emptyRenderer - closedRenderer),
          host_heap_mb_after_clear: round(clearedHost.heapUsed / MB),
          host_rss_mb_after_clear: round(clearedHost.rss / MB),
          webview_heap_mb_after_clear: round(clearedRenderer - closedRenderer),
          renderer_heap_mb_log_closed: round(closedRenderer),
          host_heap_total_mb_1m: round(bigHost.heapTotal / MB),
          host_array_buffers_mb_1m: round(bigHost.arrayBuffers / MB),
          host_payload_slabs_mb_1m: round(slabBytes(bigHost) / MB),
          host_rss_anon_mb_1m: round(bigHost.rssAnon / MB),
          host_rss_file_mb_1m: round(bigHost.rssFile / MB),
          host_rss_anon_mb_empty: round(emptyHost.rssAnon / MB),
          host_rss_mb_1m_after_fill: round(afterFill.rss / MB),
          host_rss_anon_mb_1m_after_fill: round(afterFill.rssAnon / MB),
          host_rss_idle: idleRss.length === 0 ? null : { seconds: round(idleRss.at(-1)?.at_s ?? 0, 1), last_mb: round(idleRss.at(-1)?.mb ?? NaN), min_mb: round(idleMin.mb), min_at_s: round(idleMin.at_s, 1) },
          host_rss_mb_before_tracemq: round(hostBefore.memory.rss / MB),
          host_rss_anon_mb_before_tracemq: round(hostBefore.memory.anon / MB),
          messages: opts.bigLog,
          fill_msgs_per_s: Math.round(opts.bigLog / fillSeconds),
        },
        jump_ms: { middle: round(median(jumps.middle)), top: round(median(jumps.top)), tail: round(median(jumps.tail)), runs: { middle: jumps.middle.map((x) => round(x)), top: jumps.top.map((x) => round(x)), tail: jumps.tail.map((x) => round(x)) }, from_cache: fromCache },
        startup: {
          activation_ms: round(median(startup.activation_ms)),
          frame_created_ms: round(median(startup.frame_created_ms)),
          first_paint_ms: round(median(startup.first_paint_ms)),
          first_rows_ms: round(median(startup.first_rows_ms)),
          runs: { activation_ms: startup.activation_ms, frame_created_ms: startup.frame_created_ms.map((x) => round(x)), first_paint_ms: startup.first_paint_ms.map((x) => round(x)), first_rows_ms: startup.first_rows_ms.map((x) => round(x)) },
        },
      };
    } finally {
      await session.stop();
    }
  } finally {
    await broker.stop();
  }
}
