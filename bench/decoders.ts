// The decoders' cost (issue 24), measured side by side in one process, for `npm run bench -- --only decoders`:
//  1. A log view following a 100k msg/s stream of protobuf messages: host CPU per message on a
//     topic the workspace binds (each posted row gets its decoded preview) against the same stream
//     (same bytes, same size, same rate, same bindings loaded) on a topic no binding matches: the
//     reference isolates what the binding costs. A third side, no bindings at all, is informative.
//     The stream is PUBLISH packets parsed by mqtt-packet (mqtt.js's parser) into the connection's
//     store, as on the hot path; the socket and the broker are left out (the same on all sides).
//     Each run first fills the store to its bound (its steady state: evicting, slabs reused) and
//     measures the messages after that only; the sides rotate which goes first, so that noise falls
//     on all. With `profileDir`, each measured window is also CPU-profiled (node:inspector).
//  2. A "payload contains" filter over 1M protobuf messages (searched decoded) against the same
//     filter over 1M JSON messages of the same readings (searched as bytes), time to scan them all.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector';
import { generate, parser as packetParser, type IPublishPacket } from 'mqtt-packet';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { silentLogger } from '../src/extension/base/logger';
import { Connection } from '../src/extension/connection/connection';
import { loadBindingCodecs } from '../src/extension/decoders/bindingCodecLoader';
import { exportDecodeOf } from '../src/extension/decoders/exportDecode';
import { PayloadDecoder } from '../src/extension/decoders/payloadDecoder';
import { SparkplugCodec } from '../src/extension/decoders/sparkplugCodec';
import { loadSparkplugPayloadType } from '../src/extension/decoders/sparkplugPayloadType';
import { ViewDecoder } from '../src/extension/decoders/viewDecoder';
import { FilteredView } from '../src/extension/log/logView';
import { LogViewHost } from '../src/extension/log/logViewHost';
import { compileMessageFilter } from '../src/extension/log/messageFilter';
import type { HostToLogView } from '../src/shared/log/logViewProtocols';
import { MessageStore } from '../src/extension/store/messageStore';
import { repeated, type Repeated } from './stats';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'unit', 'fixtures', 'decoders');
const TOPIC = 'factory/line1/telemetry';
/** The same length as TOPIC (so the same packet size), matched by no binding (`factory/+/telemetry` wants "telemetry"). */
const UNBOUND_TOPIC = 'factory/line1/telemetrx';
/** The store's bound in messages: each run fills it first (not measured), then measures its steady state. */
const STORE_MESSAGES = 100_000;
/** Distinct readings cycled through (so that the filter's needle matches one message in this many). */
const DISTINCT = 1000;

export interface DecodersOptions {
  /** Offered rate of the stream, msg/s. */
  rate: number;
  seconds: number;
  /** Runs of each side (bound, unbound, no bindings), rotating which goes first. */
  repeats: number;
  /** When set, a CPU profile of each measured window is written under it (one folder per side). */
  profileDir?: string;
  /** Messages the filter scans, per format. */
  filterMessages: number;
  filterRepeats: number;
}

export interface DecodersResults {
  stream: {
    rate: number;
    seconds: number;
    /** Messages measured per run: those after the store was full. */
    measured_messages: number;
    /**
     * Host CPU per message (µs): the bound topic, the same stream on an unbound topic (the
     * reference) and without bindings (informative); bound / unbound per round of runs.
     */
    cpu_us_per_msg: { bound: Repeated; unbound: Repeated; none: Repeated };
    cpu_ratio: Repeated;
    /** Garbage collection (ms) and minor page faults in each measured window, bound and unbound (what made runs differ). */
    gc_ms: { bound: Repeated; unbound: Repeated };
    page_faults: { bound: Repeated; unbound: Repeated };
    /** Messages taken in per second (offered `rate`), bound. */
    msgs_per_s_with: Repeated;
    /** Rows posted to the view with a decoded preview, per run with bindings (proves previews were made). */
    decoded_rows_posted: number;
  };
  filter: { messages: number; protobuf_ms: Repeated; json_ms: Repeated; ratio: Repeated; matches: { protobuf: number; json: number } };
}

function loadDecoder(): PayloadDecoder {
  const sparkplug = new SparkplugCodec(loadSparkplugPayloadType(readFileSync(join(ROOT, 'media', 'sparkplug_b.proto'), 'utf8')));
  return new PayloadDecoder(
    loadBindingCodecs([{ topic: 'factory/+/telemetry', format: 'protobuf', proto: 'protos/telemetry.proto', type: 'acme.iot.Telemetry', protoPaths: ['vendor'], index: 0, spans: {} }], FIXTURES, (p) => readFileSync(p, 'utf8'), () => sparkplug),
  );
}

const reading = (i: number): { device: string; temperature: number; counter: string; samples: number[] } => ({ device: `press-${i}`, temperature: 20 + (i % 50) / 10, counter: String(123456789012 + i), samples: [1, 2, 3, 4, 5, 6, 7, 8] });

function payloadsOf(decoder: PayloadDecoder): { protobuf: Buffer[]; json: Buffer[] } {
  const protobuf: Buffer[] = [];
  const json: Buffer[] = [];
  for (let i = 0; i < DISTINCT; i++) {
    const r = decoder.encode(TOPIC, JSON.stringify(reading(i)));
    if (!r || !('payload' in r)) throw new Error(`cannot encode the bench reading: ${JSON.stringify(r)}`);
    protobuf.push(Buffer.from(r.payload));
    json.push(Buffer.from(JSON.stringify(reading(i))));
  }
  return { protobuf, json };
}

type Side = 'bound' | 'unbound' | 'none';

interface StreamRun {
  cpuUsPerMsg: number;
  msgsPerSec: number;
  decodedRows: number;
  gcMs: number;
  pageFaults: number;
}

/** A full collection on demand (the documented way to get `gc` without starting node with --expose-gc). */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Total GC pause time (ms) so far in this process, from the performance timeline. */
let gcMsSoFar = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMsSoFar += e.duration;
}).observe({ entryTypes: ['gc'] });

function post(session: InspectorSession, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    session.post(method, params, (err, result) => {
      if (err) reject(err);
      else resolve(result);
    });
  });
}

/**
 * One run of the stream into a following log view: the store filled to its bound first (not
 * measured), then `rate × seconds` messages measured: host CPU (user + system) per message, µs.
 */
async function streamRun(decoder: PayloadDecoder | undefined, packets: Buffer[], rate: number, seconds: number, profile?: string): Promise<StreamRun> {
  // The previous run's store is garbage: collected now, not in the middle of this run's window.
  collectGarbage();
  const connection = new Connection(
    { source: 'user', profile: { name: 'bench', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: false, period: 1000 }, subscriptions: [] } },
    { maxMessages: STORE_MESSAGES, maxBytes: 256 << 20 },
    silentLogger,
  );
  if (decoder) connection.decoding = { view: new ViewDecoder(decoder), exportDecode: exportDecodeOf(decoder) };
  let decodedRows = 0;
  const host = new LogViewHost(connection, (m: HostToLogView) => {
    if (m.kind === 'notify' && (m.method === 'log/tail' || m.method === 'log/snapshot')) for (const row of (m.params as { tail: { decoded?: unknown }[] }).tail) if (row.decoded) decodedRows++;
    // Delivered at once: the webview's side is not what this row measures.
    return Promise.resolve(true);
  }, silentLogger);
  await host.receive({ kind: 'notify', method: 'log/ready', params: {} });
  await host.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 40, following: true } });
  const measured = rate * seconds;
  const total = STORE_MESSAGES + measured;
  const parser = packetParser({ protocolVersion: 4 });
  parser.on('packet', (packet) => {
    const p = packet as IPublishPacket;
    connection.store.append(p.topic, p.payload as Buffer, 0, false, false, undefined, Date.now());
  });
  const inspector = profile ? new InspectorSession() : undefined;
  if (inspector) {
    inspector.connect();
    await post(inspector, 'Profiler.enable');
  }
  let start = performance.now();
  let window: { at: number; sent: number; cpu: NodeJS.CpuUsage; gcMs: number; faults: number; decodedRows: number } | undefined;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      if (!window && sent >= STORE_MESSAGES) {
        // The store is full: from here on it evicts as it appends, as after a while in real use.
        window = { at: performance.now(), sent, cpu: process.cpuUsage(), gcMs: gcMsSoFar, faults: process.resourceUsage().minorPageFault, decodedRows };
        start = window.at - (STORE_MESSAGES / rate) * 1000;
        if (inspector) void post(inspector, 'Profiler.start');
      }
      // Catch up with the offered rate, 1 ms at a time, as a socket's bursts would.
      // Up to the store's bound first: the window starts on the tick after it is full.
      const due = Math.min(window ? total : STORE_MESSAGES, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; sent < due; sent++) parser.parse(packets[sent % packets.length] as Buffer);
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const w = window;
  if (!w) throw new Error('the measured window never started');
  const used = process.cpuUsage(w.cpu);
  const elapsed = (performance.now() - w.at) / 1000;
  const counted = total - w.sent;
  const result: StreamRun = {
    cpuUsPerMsg: (used.user + used.system) / counted,
    msgsPerSec: counted / elapsed,
    decodedRows: decodedRows - w.decodedRows,
    gcMs: gcMsSoFar - w.gcMs,
    pageFaults: process.resourceUsage().minorPageFault - w.faults,
  };
  if (inspector && profile) {
    const { profile: cpuProfile } = (await post(inspector, 'Profiler.stop')) as { profile: object };
    writeFileSync(profile, JSON.stringify(cpuProfile));
    inspector.disconnect();
  }
  host.dispose();
  connection.dispose();
  return result;
}

/** Milliseconds to scan a whole store with a filter, in 100 ms slices as the log session does (without its pauses). */
function scanMs(store: MessageStore, decoder: PayloadDecoder | undefined, needle: string): { ms: number; matches: number } {
  const view = decoder ? new ViewDecoder(decoder) : undefined;
  const predicate = compileMessageFilter({ text: needle }, view ? (s, seq) => view.searchText(s.topicAt(seq), s.payloadAt(seq), seq) : undefined);
  const filtered = new FilteredView(store, predicate);
  const start = performance.now();
  while (!filtered.catchUp(100));
  return { ms: performance.now() - start, matches: filtered.next - filtered.first };
}

function filledStore(payloads: Buffer[], count: number, topic: string): MessageStore {
  const store = new MessageStore({ maxMessages: count, maxBytes: 1 << 30 });
  for (let i = 0; i < count; i++) store.append(topic, payloads[i % payloads.length] as Buffer, 0, false, false, undefined, 0);
  return store;
}

export async function runDecoders(options: DecodersOptions, say: (line: string) => void): Promise<DecodersResults> {
  const decoder = loadDecoder();
  const { protobuf, json } = payloadsOf(decoder);
  const packetsOn = (topic: string): Buffer[] => protobuf.map((payload) => generate({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false }));
  const bound = packetsOn(TOPIC);
  const unbound = packetsOn(UNBOUND_TOPIC);
  const sides: Record<Side, { decoder: PayloadDecoder | undefined; packets: Buffer[]; runs: StreamRun[] }> = {
    bound: { decoder, packets: bound, runs: [] },
    unbound: { decoder, packets: unbound, runs: [] },
    none: { decoder: undefined, packets: bound, runs: [] },
  };
  const order: Side[] = ['unbound', 'bound', 'none'];
  // A warm-up of each, not counted: JIT and the decoder's generated code.
  for (const side of order) await streamRun(sides[side].decoder, sides[side].packets, options.rate, 1);
  const ratios: number[] = [];
  for (let r = 0; r < options.repeats; r++) {
    // Rotating which side goes first, so that drift in the machine's load falls on all.
    const round = [...order.slice(r % 3), ...order.slice(0, r % 3)];
    for (const side of round) {
      let profile: string | undefined;
      if (options.profileDir) {
        mkdirSync(join(options.profileDir, side), { recursive: true });
        profile = join(options.profileDir, side, `run${r + 1}.cpuprofile`);
      }
      sides[side].runs.push(await streamRun(sides[side].decoder, sides[side].packets, options.rate, options.seconds, profile));
    }
    const b = sides.bound.runs[r] as StreamRun;
    const u = sides.unbound.runs[r] as StreamRun;
    const none = sides.none.runs[r] as StreamRun;
    ratios.push(b.cpuUsPerMsg / u.cpuUsPerMsg);
    say(
      `decoders stream round ${r + 1} (${round.join(', ')}): bound ${b.cpuUsPerMsg.toFixed(2)} µs/msg (GC ${Math.round(b.gcMs)} ms, ${b.pageFaults} faults, ${b.decodedRows} decoded rows posted), ` +
        `unbound ${u.cpuUsPerMsg.toFixed(2)} (GC ${Math.round(u.gcMs)} ms, ${u.pageFaults} faults), no bindings ${none.cpuUsPerMsg.toFixed(2)}; bound / unbound ${(b.cpuUsPerMsg / u.cpuUsPerMsg).toFixed(3)}`,
    );
  }
  const of = (side: Side, f: (x: StreamRun) => number): Repeated => repeated(sides[side].runs.map(f));

  const n = options.filterMessages;
  // The needle is a device name that one reading in DISTINCT carries, as the user would search it.
  const needle = 'press-427"';
  const pbStore = filledStore(protobuf, n, TOPIC);
  const jsonStore = filledStore(json, n, 'factory/line1/json');
  const pbMs: number[] = [];
  const jsonMs: number[] = [];
  const filterRatios: number[] = [];
  let matches = { protobuf: 0, json: 0 };
  for (let r = 0; r < options.filterRepeats; r++) {
    const j = scanMs(jsonStore, undefined, needle);
    const p = scanMs(pbStore, decoder, needle);
    jsonMs.push(j.ms);
    pbMs.push(p.ms);
    filterRatios.push(p.ms / j.ms);
    matches = { protobuf: p.matches, json: j.matches };
    say(`decoders filter run ${r + 1}: ${Math.round(p.ms)} ms over ${n.toLocaleString('en-US')} protobuf, ${Math.round(j.ms)} ms over JSON`);
  }
  return {
    stream: {
      rate: options.rate,
      seconds: options.seconds,
      measured_messages: options.rate * options.seconds,
      cpu_us_per_msg: { bound: of('bound', (x) => x.cpuUsPerMsg), unbound: of('unbound', (x) => x.cpuUsPerMsg), none: of('none', (x) => x.cpuUsPerMsg) },
      cpu_ratio: repeated(ratios),
      gc_ms: { bound: of('bound', (x) => x.gcMs), unbound: of('unbound', (x) => x.gcMs) },
      page_faults: { bound: of('bound', (x) => x.pageFaults), unbound: of('unbound', (x) => x.pageFaults) },
      msgs_per_s_with: of('bound', (x) => x.msgsPerSec),
      decoded_rows_posted: sides.bound.runs.at(-1)?.decodedRows ?? 0,
    },
    filter: { messages: n, protobuf_ms: repeated(pbMs), json_ms: repeated(jsonMs), ratio: repeated(filterRatios), matches },
  };
}
