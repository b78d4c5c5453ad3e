// The decoders' cost (issue 24), measured side by side in one process, for `npm run bench -- --only decoders`:
//  1. A log view following a 100k msg/s stream of protobuf messages on a bound topic: host CPU per
//     message with the workspace's bindings (each posted row gets its decoded preview) against the
//     same stream without bindings. The stream is PUBLISH packets parsed by mqtt-packet (mqtt.js's
//     parser) into the connection's store, as on the hot path; the socket and the broker are left
//     out (the same on both sides). Runs alternate with and without, so that noise falls on both.
//  2. A "payload contains" filter over 1M protobuf messages (searched decoded) against the same
//     filter over 1M JSON messages of the same readings (searched as bytes), time to scan them all.
import { readFileSync } from 'node:fs';
import { generate, parser as packetParser, type IPublishPacket } from 'mqtt-packet';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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
/** Distinct readings cycled through (so that the filter's needle matches one message in this many). */
const DISTINCT = 1000;

export interface DecodersOptions {
  /** Offered rate of the stream, msg/s. */
  rate: number;
  seconds: number;
  /** Runs with and without bindings each (alternating). */
  repeats: number;
  /** Messages the filter scans, per format. */
  filterMessages: number;
  filterRepeats: number;
}

export interface DecodersResults {
  stream: {
    rate: number;
    seconds: number;
    /** Host CPU per message (µs) without and with bindings, and their ratio per pair of runs. */
    cpu_us_per_msg: { without: Repeated; with: Repeated };
    cpu_ratio: Repeated;
    /** Messages taken in per second (offered `rate`), with bindings. */
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

/** One run of the stream into a following log view; host CPU (user + system) per message, µs. */
async function streamRun(decoder: PayloadDecoder | undefined, packets: Buffer[], rate: number, seconds: number): Promise<{ cpuUsPerMsg: number; msgsPerSec: number; decodedRows: number }> {
  const connection = new Connection(
    { source: 'user', profile: { name: 'bench', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: false, period: 1000 }, subscriptions: [] } },
    { maxMessages: 100_000, maxBytes: 256 << 20 },
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
  const total = rate * seconds;
  const parser = packetParser({ protocolVersion: 4 });
  parser.on('packet', (packet) => {
    const p = packet as IPublishPacket;
    connection.store.append(p.topic, p.payload as Buffer, 0, false, false, undefined, Date.now());
  });
  const start = performance.now();
  const cpu = process.cpuUsage();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      // Catch up with the offered rate, 1 ms at a time, as a socket's bursts would.
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; sent < due; sent++) parser.parse(packets[sent % packets.length] as Buffer);
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const used = process.cpuUsage(cpu);
  const elapsed = (performance.now() - start) / 1000;
  host.dispose();
  connection.dispose();
  return { cpuUsPerMsg: (used.user + used.system) / total, msgsPerSec: total / elapsed, decodedRows };
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
  const packets = protobuf.map((payload) => generate({ cmd: 'publish', topic: TOPIC, payload, qos: 0, retain: false, dup: false }));

  const without: number[] = [];
  const withBindings: number[] = [];
  const ratios: number[] = [];
  const rates: number[] = [];
  let decodedRows = 0;
  // A warm-up of each, not counted: JIT and the decoder's generated code.
  await streamRun(undefined, packets, options.rate, 1);
  await streamRun(decoder, packets, options.rate, 1);
  for (let r = 0; r < options.repeats; r++) {
    const a = await streamRun(undefined, packets, options.rate, options.seconds);
    const b = await streamRun(decoder, packets, options.rate, options.seconds);
    without.push(a.cpuUsPerMsg);
    withBindings.push(b.cpuUsPerMsg);
    ratios.push(b.cpuUsPerMsg / a.cpuUsPerMsg);
    rates.push(b.msgsPerSec);
    decodedRows = b.decodedRows;
    say(`decoders stream run ${r + 1}: ${a.cpuUsPerMsg.toFixed(2)} µs/msg without bindings, ${b.cpuUsPerMsg.toFixed(2)} with (${b.decodedRows} decoded rows posted)`);
  }

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
    stream: { rate: options.rate, seconds: options.seconds, cpu_us_per_msg: { without: repeated(without), with: repeated(withBindings) }, cpu_ratio: repeated(ratios), msgs_per_s_with: repeated(rates), decoded_rows_posted: decodedRows },
    filter: { messages: n, protobuf_ms: repeated(pbMs), json_ms: repeated(jsonMs), ratio: repeated(filterRatios), matches },
  };
}
