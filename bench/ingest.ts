/**
 * Issue 5, part 1: the ingest ceiling. One stream of messages, offered as fast as mosquitto
 * forwards them, is received in turn by mosquitto_sub (the C reference), a bare mqtt.js client
 * (the library ceiling) and TraceMQ's host pipeline, each in a process of its own.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Mosquitto } from '../test/harness/mosquitto';
import { brokerCounters, settleSys, startBenchBroker } from './broker';
import { brokerPid, cpuMsOf } from './procCpu';
import { startPublisher } from './publisher';
import { median, repeated, round, type Repeated } from './stats';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export type SubscriberMode = 'mosquitto_sub' | 'mqttjs' | 'tracemq';
export const MODES: readonly SubscriberMode[] = ['mosquitto_sub', 'mqttjs', 'tracemq'];

export interface SubscriberOptions {
  mode: 'mqttjs' | 'tracemq';
  url: string;
  topic: string;
  qos: 0 | 1;
  count: number;
  protocolVersion: 4 | 5;
  /** Messages received before the measured ones (see IngestCase.warmup); announced with a `warm` event. */
  warmup: number;
  /** TraceMQ only: with the connection's protocol trace on (default settings), for the trace's cost row. */
  trace?: boolean;
}

export interface SubscriberResult {
  received: number;
  stored: number;
  evicted: number;
  /** Date.now() at the first and the last message. */
  firstAt: number;
  lastAt: number;
  /** CPU the subscriber process used from the first to the last message. */
  cpuMs: number;
  /** Pages the kernel had to map in for the subscriber from the first to the last message (first touches of new memory). */
  minorFaults: number;
  heapMb: number;
  rssMb: number;
}

export interface IngestCase {
  name: string;
  qos: 0 | 1;
  size: number;
  count: number;
  /** Overrides the run's number of repeats for this case. */
  repeats?: number;
  /**
   * Messages sent to the Node subscribers, and received in full, before the measured `count`: with
   * enough of them TraceMQ's store is full when the measurement starts, as after a while in real
   * use. mosquitto_sub keeps nothing and gets none.
   */
  warmup?: number;
}

/** One subscriber's run: what it got and how fast. */
export interface IngestRun {
  mode: SubscriberMode;
  msgsPerSec: number;
  received: number;
  /** Subscriber CPU per message (µs); not known for mosquitto_sub. */
  cpuUsPerMsg: number | null;
  /** Page faults per 1,000 messages (new memory touched); not known for mosquitto_sub. */
  faultsPerKMsg: number | null;
  /** Share of one core the broker used during the run. */
  brokerCpu: number;
  brokerDropped: number;
  stored: number | null;
  evicted: number | null;
}

export interface IngestCaseResult extends IngestCase {
  runs: IngestRun[];
  /** Per subscriber, msg/s over the repeats. */
  msgsPerSec: Record<SubscriberMode, Repeated>;
  cpuUsPerMsg: { mqttjs: Repeated; tracemq: Repeated };
  /** Page faults per 1,000 messages (new memory the kernel had to map in), median. */
  faultsPerKMsg: { mqttjs: number; tracemq: number };
  /** TraceMQ / bare mqtt.js msg/s, per repeat (each pair ran back to back). */
  ratioVsMqttjs: Repeated;
  /** TraceMQ / bare mqtt.js CPU per message (less sensitive to other load on the machine). */
  cpuRatioVsMqttjs: Repeated;
  brokerDropped: number;
  /** Every subscriber of every repeat received every message. */
  complete: boolean;
}

const TOPIC = 'bench/ingest';
/** Generous: a subscriber slower than 5k msg/s has a bigger problem than this benchmark. */
const timeoutMs = (count: number): number => 30_000 + count / 5;

function log(line: string): void {
  process.stderr.write(`[ingest] ${line}\n`);
}

interface Subscriber {
  ready: Promise<void>;
  /** Resolves once the warm-up messages are in (at once for mosquitto_sub, which gets none). */
  warm: Promise<void>;
  done: Promise<SubscriberResult>;
  kill(): void;
}

function startNodeSubscriber(opts: SubscriberOptions, nodeArgs: string[]): Subscriber {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(HERE, 'ingestSubscriberProcess.ts'), JSON.stringify(opts)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  let onWarm: () => void = () => undefined;
  const warm = new Promise<void>((resolve) => (onWarm = resolve));
  const done = new Promise<SubscriberResult>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
        const line = JSON.parse(out.slice(0, nl)) as { event: string } & SubscriberResult;
        out = out.slice(nl + 1);
        if (line.event === 'ready') onReady();
        else if (line.event === 'warm') onWarm();
        else if (line.event === 'done') resolve(line);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${opts.mode} subscriber exited with ${code ?? 'a signal'}: ${err}`));
    });
  });
  return { ready: Promise.race([ready, done.then(() => undefined)]), warm, done, kill: () => child.kill('SIGKILL') };
}

function startMosquittoSub(broker: Mosquitto, c: IngestCase): Subscriber {
  const id = `bench-mosquitto-sub-${process.pid}-${Date.now()}`;
  const from = broker.log().length;
  // Output to /dev/null: printing costs it little, and piping a million lines here would cost us.
  const child = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.port), '-V', 'mqttv5', '-i', id, '-t', TOPIC, '-q', String(c.qos), '-C', String(c.count)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<SubscriberResult>((resolve, reject) => {
    child.once('close', (code) => {
      const at = Date.now();
      if (code === 0) resolve({ received: c.count, stored: 0, evicted: 0, firstAt: NaN, lastAt: at, cpuMs: NaN, minorFaults: NaN, heapMb: NaN, rssMb: NaN });
      else reject(new Error(`mosquitto_sub exited with ${code ?? 'a signal'}: ${err}`));
    });
  });
  const ready = broker.waitForLog(new RegExp(`${id} \\d ${TOPIC}`), 10_000, from).then(() => undefined);
  return { ready, warm: Promise.resolve(), done, kill: () => child.kill('SIGKILL') };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => { reject(new Error(`${what} did not finish within ${ms} ms`)); }, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runOnce(broker: Mosquitto, c: IngestCase, mode: SubscriberMode, nodeArgs: string[], extra: Pick<SubscriberOptions, 'trace'> = {}): Promise<IngestRun> {
  const url = `mqtt://127.0.0.1:${broker.port}`;
  const warmup = mode === 'mosquitto_sub' ? 0 : (c.warmup ?? 0);
  const sub = mode === 'mosquitto_sub' ? startMosquittoSub(broker, c) : startNodeSubscriber({ mode, url, topic: TOPIC, qos: c.qos, count: c.count, protocolVersion: 5, warmup, ...extra }, nodeArgs);
  try {
    await withTimeout(sub.ready, 30_000, `${mode} subscribing`);
    if (warmup > 0) {
      await startPublisher({ host: '127.0.0.1', port: broker.port, clientId: `bench-warm-${process.pid}`, topic: TOPIC, count: warmup, size: c.size, qos: c.qos, rate: 0 }).done;
      await withTimeout(sub.warm, timeoutMs(warmup), `${mode} receiving ${warmup} warm-up messages`);
    }
    const sys0 = await brokerCounters(broker);
    const pid = brokerPid(broker);
    const brokerCpu0 = pid === undefined ? NaN : cpuMsOf(pid);
    const publisher = startPublisher({ host: '127.0.0.1', port: broker.port, clientId: `bench-pub-${process.pid}`, topic: TOPIC, count: c.count, size: c.size, qos: c.qos, rate: 0 });
    const [pub, got] = await Promise.all([publisher.done, withTimeout(sub.done, timeoutMs(c.count), `${mode} receiving ${c.count} messages`)]);
    const brokerCpuMs = pid === undefined ? NaN : cpuMsOf(pid) - brokerCpu0;
    await settleSys();
    const sys1 = await brokerCounters(broker);
    const seconds = (got.lastAt - pub.startedAt) / 1000;
    return {
      mode,
      msgsPerSec: Math.round(got.received / seconds),
      received: got.received,
      cpuUsPerMsg: Number.isNaN(got.cpuMs) ? null : round((got.cpuMs * 1000) / got.received, 3),
      faultsPerKMsg: Number.isNaN(got.minorFaults) ? null : round((got.minorFaults * 1000) / got.received, 1),
      brokerCpu: round(brokerCpuMs / 1000 / seconds),
      // One subscriber on one TCP connection: what it did not receive, the broker dropped. $SYS
      // says so too; when it did not answer, the count is the evidence.
      brokerDropped: Number.isNaN(sys1.dropped - sys0.dropped) ? c.count - got.received : sys1.dropped - sys0.dropped,
      stored: mode === 'tracemq' ? got.stored : null,
      evicted: mode === 'tracemq' ? got.evicted : null,
    };
  } finally {
    sub.kill();
  }
}

/** Runs each case `repeats` times; every repeat runs the three subscribers back to back. */
export async function runIngest(cases: readonly IngestCase[], repeats: number, opts: { cpuProfileDir?: string } = {}): Promise<IngestCaseResult[]> {
  const broker = await startBenchBroker();
  const results: IngestCaseResult[] = [];
  try {
    for (const c of cases) {
      const runs: IngestRun[] = [];
      for (let r = 0; r < (c.repeats ?? repeats); r++) {
        for (const mode of MODES) {
          const nodeArgs = opts.cpuProfileDir && mode !== 'mosquitto_sub' ? ['--cpu-prof', '--cpu-prof-dir', join(opts.cpuProfileDir, `${c.name}-${mode}`)] : [];
          const run = await runOnce(broker, c, mode, nodeArgs);
          log(`${c.name} #${r + 1} ${mode.padEnd(13)} ${run.msgsPerSec.toLocaleString('en-US').padStart(9)} msg/s  cpu ${run.cpuUsPerMsg ?? '-'} µs/msg  faults ${run.faultsPerKMsg ?? '-'}/1k msgs  broker ${Math.round(run.brokerCpu * 100)}% cpu  dropped ${run.brokerDropped}`);
          runs.push(run);
        }
      }
      const of = (mode: SubscriberMode): IngestRun[] => runs.filter((r) => r.mode === mode);
      const ratios = of('tracemq').map((t, i) => t.msgsPerSec / (of('mqttjs')[i]?.msgsPerSec ?? NaN));
      const cpuRatios = of('tracemq').map((t, i) => (t.cpuUsPerMsg ?? NaN) / (of('mqttjs')[i]?.cpuUsPerMsg ?? NaN));
      results.push({
        ...c,
        runs,
        msgsPerSec: { mosquitto_sub: repeated(of('mosquitto_sub').map((r) => r.msgsPerSec)), mqttjs: repeated(of('mqttjs').map((r) => r.msgsPerSec)), tracemq: repeated(of('tracemq').map((r) => r.msgsPerSec)) },
        cpuUsPerMsg: { mqttjs: repeated(of('mqttjs').map((r) => r.cpuUsPerMsg ?? NaN)), tracemq: repeated(of('tracemq').map((r) => r.cpuUsPerMsg ?? NaN)) },
        faultsPerKMsg: { mqttjs: median(of('mqttjs').map((r) => r.faultsPerKMsg ?? NaN)), tracemq: median(of('tracemq').map((r) => r.faultsPerKMsg ?? NaN)) },
        ratioVsMqttjs: repeated(ratios.map((x) => round(x, 3))),
        cpuRatioVsMqttjs: repeated(cpuRatios.map((x) => round(x, 3))),
        brokerDropped: runs.reduce((sum, r) => sum + r.brokerDropped, 0),
        complete: runs.every((r) => r.received === c.count),
      });
    }
  } finally {
    await broker.stop();
  }
  return results;
}

/**
 * What it costs this machine to give a process new memory: CPU (ms) for a fresh process to
 * allocate `mb` MB and write one byte to each 4 KB page. A store that fills up pays this once for
 * its budget (256 MB by default), whatever it does; a client that keeps nothing never does.
 */
export function firstTouchCpuMs(mb: number): Promise<number> {
  const script = `const c=process.cpuUsage();const b=Buffer.allocUnsafeSlow(${mb}*2**20);for(let o=0;o<b.length;o+=4096)b[o]=1;const u=process.cpuUsage(c);process.stdout.write(String((u.user+u.system)/1000))`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('close', (code) => {
      if (code === 0) resolve(round(Number(out)));
      else reject(new Error(`first-touch probe exited with ${code ?? 'a signal'}`));
    });
  });
}
