// Decode cost per message and per format, measured side by side in one process (a micro-bench,
// not part of `npm run bench`): `node --import tsx bench/decodeCost.ts [iterations]`.
// Each row decodes the same reading (a device, a temperature, a 64-bit counter, a few samples)
// encoded in its format, through PayloadDecoder as the log preview, filter and export do; JSON.parse
// of the same reading is the baseline. Also: the export line with and without a decoder, and the
// Sparkplug B ingest-path cost (SparkplugState.observe) for a data message and for a birth.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import avro from 'avsc';
import { encode as cborEncode } from 'cbor-x';
import { pack } from 'msgpackr';
import { loadBindingCodecs } from '../src/extension/decoders/bindingCodecLoader';
import type { DecoderBinding } from '../src/extension/decoders/decoderBinding';
import { exportDecodeOf } from '../src/extension/decoders/exportDecode';
import { PayloadDecoder } from '../src/extension/decoders/payloadDecoder';
import { SparkplugCodec } from '../src/extension/decoders/sparkplugCodec';
import { loadSparkplugPayloadType } from '../src/extension/decoders/sparkplugPayloadType';
import { SparkplugState } from '../src/extension/decoders/sparkplugState';
import type { StoredMessage } from '../src/extension/store/messageStore';
import { toNdjsonLine } from '../src/extension/store/ndjsonExport';
import { median } from './stats';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'unit', 'fixtures', 'decoders');
const iterations = Number(process.argv[2] ?? 200_000);
const REPEATS = 5;

const reading = { device: 'press-7', temperature: 21.5, counter: '123456789012', samples: [1, 2, 3, 4, 5, 6, 7, 8] };
const bind = (topic: string, format: DecoderBinding['format'], extra: Partial<DecoderBinding> = {}, index = 0): DecoderBinding => ({ topic, format, index, spans: {}, ...extra });
const sparkplug = new SparkplugCodec(loadSparkplugPayloadType(readFileSync(join(ROOT, 'media', 'sparkplug_b.proto'), 'utf8')));
const decoder = new PayloadDecoder(
  loadBindingCodecs(
    [
      bind('pb', 'protobuf', { proto: 'protos/telemetry.proto', type: 'acme.iot.Telemetry', protoPaths: ['vendor'] }, 0),
      bind('cbor', 'cbor', {}, 1),
      bind('msgpack', 'msgpack', {}, 2),
      bind('avro', 'avro', { schema: 'schemas/reading.avsc' }, 3),
      bind('spBv1.0/#', 'sparkplugb', {}, 4),
    ],
    FIXTURES,
    (p) => readFileSync(p, 'utf8'),
    () => sparkplug,
  ),
);

const encoded = (topic: string, json: unknown): Uint8Array => {
  const result = decoder.encode(topic, JSON.stringify(json));
  if (!result || !('payload' in result)) throw new Error(`cannot encode for ${topic}: ${JSON.stringify(result)}`);
  return result.payload;
};
const avroType = avro.Type.forSchema(JSON.parse(readFileSync(join(FIXTURES, 'schemas', 'reading.avsc'), 'utf8')) as avro.Schema);
const payloads = {
  json: Buffer.from(JSON.stringify(reading)),
  protobuf: encoded('pb', { device: reading.device, temperature: reading.temperature, counter: reading.counter, samples: reading.samples }),
  cbor: cborEncode({ ...reading, counter: 123456789012 }),
  msgpack: pack({ ...reading, counter: 123456789012 }),
  avro: avroType.toBuffer({ sensor: reading.device, temperature: reading.temperature, count: 123456789012, raw: Buffer.alloc(0), tags: ['a', 'b'], unit: 'C', note: null }),
  sparkplugData: encoded('spBv1.0/g/NDATA/e', { timestamp: 1, seq: 1, metrics: [{ alias: 1, doubleValue: 21.5 }, { alias: 2, longValue: 5 }] }),
  /** One NDATA per seq value, so that the observed sequence has no gaps (a gap writes a note). */
  sparkplugSeqs: Array.from({ length: 256 }, (_, seq) => encoded('spBv1.0/g/NDATA/e', { timestamp: 1, seq, metrics: [{ alias: 1, doubleValue: 21.5 }, { alias: 2, longValue: 5 }] })),
  sparkplugBirth: encoded('spBv1.0/g/NBIRTH/e', { timestamp: 1, seq: 0, metrics: [{ name: 'bdSeq', datatype: 'Int64', value: 0 }, { name: 'Temperature', alias: 1, datatype: 'Double', value: 20 }, { name: 'Count', alias: 2, datatype: 'Int64', value: 0 }] }),
};

/** Nanoseconds per call of `fn`, the median of REPEATS runs of `iterations` calls after a warm-up. */
function nsPerCall(fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) fn(i);
  const runs: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn(i);
    runs.push(((performance.now() - start) * 1e6) / iterations);
  }
  return median(runs);
}

const state = new SparkplugState(sparkplug.payloadType);
state.observe('spBv1.0/g/NBIRTH/e', payloads.sparkplugBirth, 0);
/** A state in step with the sparkplugSeqs stream (its birth had seq 0). */
const streamState = new SparkplugState(sparkplug.payloadType);
streamState.observe('spBv1.0/g/NBIRTH/e', payloads.sparkplugBirth, 0);
const message = (topic: string, payload: Uint8Array): StoredMessage => ({ seq: 1, sub: 0, time: 0, topic, payload, qos: 0, retain: false, dup: false, properties: undefined });
const exportDecode = exportDecodeOf(decoder, state);

const rows: [string, number, number][] = [];
const row = (name: string, bytes: number, fn: (i: number) => unknown): void => {
  rows.push([name, bytes, nsPerCall(fn)]);
};
row('JSON.parse (baseline)', payloads.json.length, () => JSON.parse(payloads.json.toString()));
row('protobuf decode', payloads.protobuf.length, () => decoder.decode('pb', payloads.protobuf));
row('CBOR decode', payloads.cbor.length, () => decoder.decode('cbor', payloads.cbor));
row('MessagePack decode', payloads.msgpack.length, () => decoder.decode('msgpack', payloads.msgpack));
row('Avro decode', payloads.avro.length, () => decoder.decode('avro', payloads.avro));
row('Sparkplug B NDATA decode (aliases resolved)', payloads.sparkplugData.length, (i) => decoder.decode('spBv1.0/g/NDATA/e', payloads.sparkplugData, { sparkplug: state, at: i }));
row('Sparkplug observe NDATA (ingest path: seq read)', payloads.sparkplugData.length, (i) => {
  streamState.observe('spBv1.0/g/NDATA/e', payloads.sparkplugSeqs[(i + 1) % 256] as Uint8Array, i);
});
row('Sparkplug observe NBIRTH (ingest path: decoded)', payloads.sparkplugBirth.length, (i) => {
  state.observe('spBv1.0/g/NBIRTH/e', payloads.sparkplugBirth, i);
});
row('observe, not a Sparkplug topic (ingest path)', payloads.json.length, (i) => {
  state.observe('factory/a/telemetry', payloads.json, i);
});
const unbound = message('factory/a/telemetry', payloads.json);
row('export line, no decoder', payloads.json.length, () => toNdjsonLine(unbound));
row('export line, decoder, unbound topic', payloads.json.length, () => toNdjsonLine(unbound, exportDecode));
const bound = message('pb', payloads.protobuf);
row('export line, protobuf decoded', payloads.protobuf.length, () => toNdjsonLine(bound, exportDecode));

const baseline = rows[0]?.[2] ?? 1;
console.log(`decode cost per message, ${iterations.toLocaleString('en-US')} calls × ${REPEATS} runs (median), Node ${process.version}`);
console.log(`${'row'.padEnd(50)} ${'bytes'.padStart(6)} ${'ns/msg'.padStart(9)} ${'× JSON.parse'.padStart(13)}`);
for (const [name, bytes, ns] of rows) console.log(`${name.padEnd(50)} ${String(bytes).padStart(6)} ${ns.toFixed(0).padStart(9)} ${(ns / baseline).toFixed(2).padStart(13)}`);
