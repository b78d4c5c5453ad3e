/**
 * The soak of issue 7: a real mosquitto, a publisher process at a fixed rate, and in this process
 * the real host pipeline — a `Connection` (mqtt.js, `MessageStore`) and a `LogViewHost` (its `LogSession`) whose
 * throttled posts go to a stand-in for the webview (it structured-clones each post, as VS Code
 * serialises them, and answers asynchronously). Samples heap, RSS, listeners, timers and sockets
 * while it runs; counts published, received, stored, evicted and broker drops.
 *
 * Used by `npm run soak` (scripts/soak.ts, 10 minutes) and by a short broker-layer test.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { Connection } from '../../src/extension/connection/connection';
import { silentLogger, type Logger } from '../../src/extension/base/logger';
import { LogViewHost } from '../../src/extension/log/logViewHost';
import type { HostToLogView } from '../../src/shared/log/logViewProtocols';
import { startMosquitto } from './mosquitto';

export interface SoakOptions {
  durationMs: number;
  /** Messages per second offered by the publisher. */
  rate: number;
  payloadBytes: number;
  /** The store's budget (tracemq.log.maxMessages / maxBytes). */
  maxMessages: number;
  maxBytes: number;
  sampleEveryMs: number;
  /** Called with each sample as it is taken (progress output). */
  onSample?: (sample: SoakSample) => void;
  log?: Logger;
}

export interface SoakSample {
  /** Seconds since the publisher started. */
  t: number;
  heapUsedMb: number;
  heapTotalMb: number;
  rssMb: number;
  externalMb: number;
  published: number;
  received: number;
  stored: number;
  storeMb: number;
  evicted: number;
  posts: number;
  /** Event loop delay over the sampling interval, ms (p50 / p99 / max). */
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  /** `process.getActiveResourcesInfo()` by kind (TCPSocketWrap, Timeout, …). */
  resources: Record<string, number>;
  /** Listeners on the host objects and the mqtt.js client and its socket. */
  listeners: Record<string, number>;
}

export interface SoakResult {
  options: Omit<SoakOptions, 'onSample' | 'log'>;
  samples: SoakSample[];
  published: number;
  publishSeconds: number;
  received: number;
  stored: number;
  evicted: number;
  /** Messages mosquitto dropped ($SYS/broker/publish/messages/dropped), counted apart from ours. */
  brokerDropped: number;
  /** published − received − brokerDropped once the pipeline went quiet: must be 0. */
  lost: number;
  /** Seconds until the store first held its budget (null: it never filled). */
  filledAtS: number | null;
  posts: number;
  postedMb: number;
  /** Active resources before the connection was made, and after it was closed and disposed. */
  resourcesBefore: Record<string, number>;
  resourcesAfter: Record<string, number>;
  gcExposed: boolean;
}

const MB = 1024 * 1024;
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** `process.getActiveResourcesInfo()` counted by kind. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Every listener the pipeline's objects hold: our emitters, and the mqtt.js client and socket. */
export function pipelineListeners(connection: Connection): Record<string, number> {
  // Private fields, read for the leak check only.
  const c = connection as unknown as {
    changed: { listenerCount: number };
    watchers: unknown[];
    client?: NodeJS.EventEmitter & { stream?: NodeJS.EventEmitter; outgoing?: object };
    store: { onDidClear: unknown; cleared: { listenerCount: number }; clearing: { listenerCount: number }; wakers: unknown[] };
  };
  const sum = (e: NodeJS.EventEmitter | undefined): number => (e ? e.eventNames().reduce((n, name) => n + e.listenerCount(name), 0) : 0);
  return {
    'connection.onDidChange': c.changed.listenerCount,
    'connection.watchers': c.watchers.length,
    'store.onDidClear': c.store.cleared.listenerCount,
    'store.onWillClear': c.store.clearing.listenerCount,
    'store.wakers': c.store.wakers.length,
    'mqtt client': sum(c.client),
    'mqtt socket': sum(c.client?.stream),
    'mqtt outgoing callbacks': c.client?.outgoing ? Object.keys(c.client.outgoing).length : 0,
  };
}

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  // Polled: "the pipeline went quiet" has no event.
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
};

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? silentLogger;
  const gc = (globalThis as { gc?: () => void }).gc;
  // A generous broker queue: broker drops are counted separately, and should be none.
  const broker = await startMosquitto({ extraConfig: ['max_queued_messages 10000000', 'sys_interval 1'], logTypes: ['error', 'warning', 'notice', 'information'] });
  const resourcesBefore = activeResources();
  let brokerDropped = 0;
  const sys = await mqtt.connectAsync(broker.url, { clientId: `soak-sys-${process.pid}`, reconnectPeriod: 0 });
  sys.on('message', (topic, payload) => {
    if (topic === '$SYS/broker/publish/messages/dropped') brokerDropped = Number(payload.toString());
  });
  await sys.subscribeAsync('$SYS/broker/publish/messages/dropped');

  const connection = new Connection(
    {
      source: 'workspace',
      folder: '/soak',
      profile: {
        name: 'soak',
        url: broker.url,
        protocolVersion: '5.0',
        clientId: `soak-sub-${process.pid}`,
        clean: true,
        keepalive: 30,
        connectTimeout: 10,
        reconnect: { enabled: true, period: 1000 },
        subscriptions: [{ topic: 'soak/#', qos: 0 }],
      },
    },
    { maxMessages: options.maxMessages, maxBytes: options.maxBytes },
    log,
  );
  let posts = 0;
  let postedBytes = 0;
  // The webview stand-in: VS Code serialises every post; the answer comes back asynchronously.
  const post = (message: HostToLogView): Promise<boolean> => {
    posts++;
    const copy = structuredClone(message);
    postedBytes += JSON.stringify(copy, (_k, v: unknown) => (v instanceof Uint8Array ? v.length : v)).length;
    return new Promise((resolve) => setImmediate(() => { resolve(true); }));
  };
  const session = new LogViewHost(connection, post, log);
  await connection.connect(undefined);
  await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
  await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 40, following: true } });

  const samples: SoakSample[] = [];
  /** What the publisher last reported (once a second, and when done). */
  const publisherReport = { published: 0, done: false, seconds: 0 };
  let filledAtS: number | null = null;
  const started = Date.now();
  const publisher = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'soakPublisher.ts'), broker.url, String(options.rate), String(options.durationMs), String(options.payloadBytes)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pending = '';
  publisher.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const report = JSON.parse(line) as { published: number; done: boolean; elapsedMs: number };
      publisherReport.published = report.published;
      publisherReport.done = report.done;
      publisherReport.seconds = report.elapsedMs / 1000;
    }
  });
  // 'close': the publisher's last report may still be unread when 'exit' comes.
  const publisherExit = new Promise<number | null>((resolve) => publisher.once('close', resolve));

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const sample = (): SoakSample => {
    gc?.();
    const m = process.memoryUsage();
    const store = connection.store;
    if (filledAtS === null && (store.size >= options.maxMessages || store.evicted > 0)) filledAtS = round((Date.now() - started) / 1000);
    const s: SoakSample = {
      t: round((Date.now() - started) / 1000),
      heapUsedMb: round(m.heapUsed / MB),
      heapTotalMb: round(m.heapTotal / MB),
      rssMb: round(m.rss / MB),
      externalMb: round(m.external / MB),
      published: publisherReport.published,
      received: store.received,
      stored: store.size,
      storeMb: round(store.byteSize / MB),
      evicted: store.evicted,
      posts,
      loopP50Ms: round(loop.percentile(50) / 1e6),
      loopP99Ms: round(loop.percentile(99) / 1e6),
      loopMaxMs: round(loop.max / 1e6),
      resources: activeResources(),
      listeners: pipelineListeners(connection),
    };
    loop.reset();
    samples.push(s);
    options.onSample?.(s);
    return s;
  };
  const sampler = setInterval(sample, options.sampleEveryMs);
  try {
    // The publisher stops on time; a minute more is for its last flush on a loaded machine. Past
    // that, the soak fails in words here (and the publisher is killed below) rather than leaving a
    // process behind when the test's own timeout fires.
    const graceMs = 60_000;
    let overdue: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      publisherExit,
      new Promise<'overdue'>((resolve) => { overdue = setTimeout(() => { resolve('overdue'); }, options.durationMs + graceMs); }),
    ]).finally(() => { clearTimeout(overdue); });
    if (code === 'overdue') throw new Error(`the publisher was still running ${String((options.durationMs + graceMs) / 1000)} s after it started (it reported ${String(publisherReport.published)} messages written)`);
    if (code !== 0 || !publisherReport.done) throw new Error(`the publisher exited with ${String(code)} before it was done`);
    // Quiet: everything the broker accepted has arrived (or was dropped by the broker, and counted).
    await new Promise((r) => setTimeout(r, 1500)); // one $SYS interval, so the drop count is current
    await waitFor(() => connection.store.received + brokerDropped >= publisherReport.published, 30_000);
    let last = -1;
    await waitFor(() => {
      const now = connection.store.received;
      const quiet = now === last;
      last = now;
      return quiet;
    }, 30_000);
    sample();
  } finally {
    clearInterval(sampler);
    loop.disable();
    session.dispose();
    await connection.disconnect();
    connection.dispose();
    await sys.endAsync();
    publisher.kill();
    await broker.stop();
  }
  // Let closed sockets and cleared timers leave the active list.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 200));
  const store = connection.store;
  const { onSample: _onSample, log: _log, ...plain } = options;
  return {
    options: plain,
    samples,
    published: publisherReport.published,
    publishSeconds: publisherReport.seconds,
    received: store.received,
    stored: store.size,
    evicted: store.evicted,
    brokerDropped,
    lost: publisherReport.published - store.received - brokerDropped,
    filledAtS,
    posts,
    postedMb: round(postedBytes / MB),
    resourcesBefore,
    resourcesAfter: activeResources(),
    gcExposed: gc !== undefined,
  };
}

/**
 * Growth between the first samples once the store is full and the last ones: a leak shows as a
 * trend, not as one noisy sample. Returns the median of each window.
 */
export function steadyGrowth(result: SoakResult, pick: (s: SoakSample) => number): { early: number; late: number } {
  const steady = result.samples.filter((s) => result.filledAtS !== null && s.t >= result.filledAtS + 2 && s.published < result.published);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const median = (xs: number[]): number => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? NaN;
  };
  return { early: median(steady.slice(0, third).map(pick)), late: median(steady.slice(-third).map(pick)) };
}

/**
 * The leak checks of a soak: nothing lost, the store's counts add up, and — once the store is full —
 * no growth in listeners, timers, sockets or heap (late window against early window), and no timer
 * or socket left after the connection is closed. Returns what failed, in words (empty: all passed).
 */
export function soakProblems(result: SoakResult): string[] {
  const problems: string[] = [];
  if (result.lost !== 0) problems.push(`lost ${result.lost} messages (published ${result.published}, received ${result.received}, broker dropped ${result.brokerDropped})`);
  if (result.received !== result.stored + result.evicted) problems.push(`received ${result.received} ≠ stored ${result.stored} + evicted ${result.evicted}`);
  if (result.filledAtS === null) {
    problems.push('the store never filled: the leak checks need a full store');
    return problems;
  }
  const steady = result.samples.filter((s) => result.filledAtS !== null && s.t >= result.filledAtS + 2 && s.published < result.published);
  if (steady.length < 6) {
    problems.push(`only ${steady.length} samples with a full store: run longer`);
    return problems;
  }
  const third = Math.floor(steady.length / 3);
  const early = steady.slice(0, third);
  const late = steady.slice(-third);
  const max = (xs: SoakSample[], pick: (s: SoakSample) => number): number => Math.max(...xs.map(pick));
  // One-shot timers, immediates and wake-up listeners come and go between samples (a post in
  // flight, a pending flush): one more than ever seen early is noise; a leak grows by hundreds.
  const slack: Record<string, number> = { Timeout: 1, Immediate: 1 };
  for (const key of Object.keys(steady[0]?.listeners ?? {})) {
    const pick = (s: SoakSample): number => s.listeners[key] ?? 0;
    if (max(late, pick) > max(early, pick) + 1) problems.push(`listeners grew: ${key} ${max(early, pick)} → ${max(late, pick)}`);
  }
  for (const kind of ['TCPSocketWrap', 'Timeout', 'Immediate', 'TTYWrap']) {
    const pick = (s: SoakSample): number => s.resources[kind] ?? 0;
    if (max(late, pick) > max(early, pick) + (slack[kind] ?? 0)) problems.push(`${kind} grew: ${max(early, pick)} → ${max(late, pick)}`);
    const before = result.resourcesBefore[kind] ?? 0;
    const after = result.resourcesAfter[kind] ?? 0;
    if (after > before) problems.push(`${after - before} ${kind} left after the connection was closed`);
  }
  if (result.gcExposed) {
    // Samples are taken after a full GC, so heapUsed is what is live. Allow noise, not a trend.
    const heap = steadyGrowth(result, (s) => s.heapUsedMb);
    if (heap.late > heap.early * 1.1 + 8) problems.push(`heap grew with a full store: ${heap.early} MB → ${heap.late} MB`);
  } else {
    problems.push('run with --expose-gc: heap samples need a GC first');
  }
  return problems;
}
