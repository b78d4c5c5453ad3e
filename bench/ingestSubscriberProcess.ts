/**
 * One subscriber of the ingest benchmark, in its own process: a bare mqtt.js client (the library
 * ceiling) or TraceMQ's host pipeline (the real ConnectionManager → Connection → MessageStore, with
 * a log view (LogViewHost) attached that follows the tail and posts to nowhere). Argument: JSON
 * SubscriberOptions. Prints `{"event":"ready"}` once subscribed, then one JSON line with the result
 * once `count` messages arrived.
 */
import mqtt from 'mqtt';
import { ConnectionManager } from '../src/extension/connection/connectionManager';
import type { Logger } from '../src/extension/base/logger';
import { LogViewHost } from '../src/extension/log/logViewHost';
import type { ProfileEntry } from '../src/extension/profiles/profile';
import { DEFAULT_TRACE_SETTINGS, ProtocolTrace } from '../src/extension/trace/protocolTrace';
import type { SubscriberOptions, SubscriberResult } from './ingest';

const opts = JSON.parse(process.argv[2] ?? '{}') as SubscriberOptions;

function say(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(`${m}\n`) };

/** The store budget of the extension's default settings (tracemq.log.maxMessages / maxBytes). */
const DEFAULT_LIMITS = { maxMessages: 1_000_000, maxBytes: 256 * 1024 * 1024 };

let firstAt = 0;
let cpuAtFirst = process.cpuUsage();
let faultsAtFirst = process.resourceUsage().minorPageFault;

function finish(received: number, stored: number, evicted: number): void {
  const lastAt = Date.now();
  const cpu = process.cpuUsage(cpuAtFirst);
  const result: SubscriberResult = {
    received,
    stored,
    evicted,
    firstAt,
    lastAt,
    cpuMs: (cpu.user + cpu.system) / 1000,
    minorFaults: process.resourceUsage().minorPageFault - faultsAtFirst,
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    rssMb: process.memoryUsage().rss / 2 ** 20,
  };
  say({ event: 'done', ...result });
}

function markFirst(): void {
  firstAt = Date.now();
  cpuAtFirst = process.cpuUsage();
  faultsAtFirst = process.resourceUsage().minorPageFault;
}

async function bare(): Promise<void> {
  const client = await mqtt.connectAsync(opts.url, { clientId: `bench-mqttjs-${process.pid}`, protocolVersion: opts.protocolVersion, clean: true, reconnectPeriod: 0 });
  let received = -opts.warmup;
  client.on('message', () => {
    if (++received === 1) markFirst();
    else if (received === 0) say({ event: 'warm' });
    if (received === opts.count) {
      finish(received, 0, 0);
      void client.endAsync(true).then(() => process.exit(0));
    }
  });
  await client.subscribeAsync(opts.topic, { qos: opts.qos });
  say({ event: 'ready' });
}

async function tracemq(): Promise<void> {
  const manager = new ConnectionManager(() => DEFAULT_LIMITS, quiet);
  const entry: ProfileEntry = {
    source: 'user',
    profile: {
      name: 'bench',
      url: opts.url,
      protocolVersion: opts.protocolVersion === 5 ? '5.0' : '3.1.1',
      clientId: `bench-tracemq-${process.pid}`,
      clean: true,
      keepalive: 60,
      connectTimeout: 10,
      reconnect: { enabled: false, period: 1000 },
      subscriptions: [{ topic: opts.topic, qos: opts.qos }],
    },
  };
  const connection = manager.getOrCreate(entry);
  // A log view that is open and following the tail: it wakes ≤ 30 times a second and builds the
  // rows it would post (previews copied), exactly as for a real webview; the post goes nowhere.
  let posts = 0;
  const session = new LogViewHost(connection, () => { posts++; return Promise.resolve(true); }, quiet);
  await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
  await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 40, following: true } });
  // The protocol trace as `tracemq.trace.enabled` would attach it: from the first byte, default bounds.
  const trace = opts.trace ? new ProtocolTrace(DEFAULT_TRACE_SETTINGS, { nextSeq: () => connection.store.nextSeq }) : undefined;
  if (trace) connection.addTap(trace);
  await connection.connect(undefined);
  const store = connection.store;
  const total = opts.warmup + opts.count;
  if (opts.warmup === 0) store.onNextAppend(markFirst);
  // Polled rather than woken per message: a waker on every append would add work to the path we measure.
  let warm = opts.warmup === 0;
  const timer = setInterval(() => {
    if (!warm && store.received >= opts.warmup) {
      // The measured messages are sent only after this, so none of them has arrived yet.
      warm = true;
      store.onNextAppend(markFirst);
      say({ event: 'warm' });
    }
    if (store.received < total) return;
    clearInterval(timer);
    finish(store.received - opts.warmup, store.size, store.evicted);
    process.stderr.write(`log session posts: ${posts}\n`);
    if (trace) process.stderr.write(`trace: ${JSON.stringify(trace.counters)}\n`);
    session.dispose();
    manager.dispose();
    process.exit(0);
  }, 2);
  say({ event: 'ready' });
}

(opts.mode === 'mqttjs' ? bare() : tracemq()).catch((e: unknown) => {
  process.stderr.write(`subscriber: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
