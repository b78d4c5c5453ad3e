import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode as cborDecode, encode as cborEncode } from 'cbor-x';
import { pack, unpack } from 'msgpackr';
import { Connection } from '../../src/extension/connection/connection';
import { ConnectionManager } from '../../src/extension/connection/connectionManager';
import { ConnectionDecodings } from '../../src/extension/decoders/connectionDecoding';
import type { DecoderBindings } from '../../src/extension/decoders/decoderBindings';
import { exportDecodeOf } from '../../src/extension/decoders/exportDecode';
import { Emitter } from '../../src/extension/base/emitter';
import { rebirthCommand } from '../../src/extension/decoders/sparkplugRebirth';
import { SparkplugState } from '../../src/extension/decoders/sparkplugState';
import type { StoredMessage } from '../../src/extension/store/messageStore';
import { toNdjsonLine } from '../../src/extension/store/ndjsonExport';
import { fixtureDecoder, referenceAvro, referenceTelemetry, sparkplugCodec } from '../harness/decoderFixtures';
import { limits, recordingLogger, testProfile, uniqueId, waitForMessages } from '../harness/connectionHelpers';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { mosquittoSub } from '../harness/mosquittoSub';


/**
 * Each decoder format round-trips through a real mosquitto: TraceMQ encodes and publishes, the
 * C reference client receives the bytes and the format's reference library decodes them; and the
 * other way, bytes made by the reference library and published by mosquitto_pub are decoded by
 * TraceMQ and exported with `decoded`.
 */
describe('payload decoders against mosquitto', function () {
  let broker: Mosquitto;
  let dir: string;
  const connections: Connection[] = [];
  const codec = sparkplugCodec();
  const decoder = fixtureDecoder();

  before(async () => {
    broker = await startMosquitto();
    dir = mkdtempSync(join(tmpdir(), 'tracemq-decoders-'));
  });
  afterEach(async () => {
    for (const c of connections.splice(0)) {
      await c.disconnect();
      c.dispose();
    }
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function connected(): Promise<Connection> {
    const c = new Connection({ source: 'user', profile: testProfile(broker.url, '5.0', { clientId: uniqueId('dec') }) }, limits, recordingLogger());
    connections.push(c);
    await c.connect(undefined);
    return c;
  }

  /** Encodes `json` through the topic's binding, publishes it from TraceMQ, and returns the bytes mosquitto_sub received. */
  async function publishEncoded(topic: string, json: unknown): Promise<Buffer> {
    const encoded = decoder.encode(topic, JSON.stringify(json));
    assert.ok(encoded && 'payload' in encoded, JSON.stringify(encoded));
    const c = await connected();
    const sub = await mosquittoSub(broker, topic, { format: '%x' });
    await c.publish({ topic, payload: Buffer.from(encoded.payload).toString('base64'), encoding: 'base64', qos: 1, retain: false });
    return await sub.payload();
  }

  /** Publishes `bytes` with mosquitto_pub (from a file, byte for byte) and returns the message TraceMQ stored. */
  async function receivedFromOutside(topic: string, bytes: Uint8Array): Promise<StoredMessage> {
    const c = await connected();
    await c.subscribe({ topic, qos: 1 });
    const file = join(dir, `${Math.random()}.bin`);
    writeFileSync(file, bytes);
    mosquittoPub(broker.port, ['-t', topic, '-q', '1', '-f', file]);
    await waitForMessages(c.store, 1);
    const m = c.store.get(c.store.firstSeq);
    assert.ok(m);
    return m;
  }

  const exported = (m: StoredMessage): Record<string, unknown> => JSON.parse(toNdjsonLine(m, exportDecodeOf(decoder))) as Record<string, unknown>;

  it('protobuf: what TraceMQ encodes and publishes, protobufjs decodes from mosquitto_sub', async () => {
    const bytes = await publishEncoded('factory/l1/telemetry', { device: 'd1', temperature: 19.5, counter: '18446744073709551615', unit: 'CELSIUS' });
    const T = referenceTelemetry();
    assert.deepEqual(T.toObject(T.decode(bytes), { longs: String, enums: String }), { device: 'd1', temperature: 19.5, counter: '18446744073709551615', unit: 'CELSIUS' });
  });

  it('protobuf: what protobufjs encodes and mosquitto_pub publishes, TraceMQ decodes and exports', async () => {
    const T = referenceTelemetry();
    const m = await receivedFromOutside('factory/l2/telemetry', T.encode(T.fromObject({ device: 'd2', temperature: 22, counter: '9007199254740993' })).finish());
    const line = exported(m);
    assert.equal((line.decoded as Record<string, unknown>).device, 'd2');
    assert.equal((line.decoded as Record<string, unknown>).counter, '9007199254740993');
    assert.equal(line.encoding, 'base64', 'the raw payload is exported as before');
  });

  it('CBOR: what TraceMQ encodes and publishes, cbor-x decodes from mosquitto_sub', async () => {
    assert.deepEqual(cborDecode(await publishEncoded('sensors/cbor/a', { t: 21.5, ok: true })), { t: 21.5, ok: true });
  });

  it('CBOR: what cbor-x encodes and mosquitto_pub publishes, TraceMQ decodes and exports', async () => {
    assert.deepEqual(exported(await receivedFromOutside('sensors/cbor/b', cborEncode({ t: -3, list: [1, 2] }))).decoded, { t: -3, list: [1, 2] });
  });

  it('MessagePack: what TraceMQ encodes and publishes, msgpackr decodes from mosquitto_sub', async () => {
    assert.deepEqual(unpack(await publishEncoded('sensors/msgpack/a', { t: 21.5, name: 'x' })), { t: 21.5, name: 'x' });
  });

  it('MessagePack: what msgpackr encodes and mosquitto_pub publishes, TraceMQ decodes and exports', async () => {
    assert.deepEqual(exported(await receivedFromOutside('sensors/msgpack/b', pack({ big: 2n ** 63n }))).decoded, { big: '9223372036854775808' });
  });

  const reading = { sensor: 's1', temperature: 21.5, count: 7, raw: 'AQI=', tags: ['a'], unit: 'C', note: null };

  it('Avro: what TraceMQ encodes and publishes, avsc decodes from mosquitto_sub', async () => {
    assert.deepEqual({ ...(referenceAvro().fromBuffer(await publishEncoded('sensors/avro/a', reading)) as object) }, { ...reading, raw: Buffer.from([1, 2]) });
  });

  it('Avro: what avsc encodes and mosquitto_pub publishes, TraceMQ decodes and exports', async () => {
    const m = await receivedFromOutside('sensors/avro/b', referenceAvro().toBuffer({ ...reading, raw: Buffer.from([3]) }));
    assert.deepEqual(exported(m).decoded, { ...reading, raw: 'Aw==' });
  });

  it('Sparkplug B: the rebirth NCMD TraceMQ builds and publishes reaches the broker as Tahu\'s Payload', async () => {
    const { topic, payload } = rebirthCommand(codec, 'plant', 'press', 1700000000000);
    const c = await connected();
    const sub = await mosquittoSub(broker, topic, { format: '%x' });
    await c.publish({ topic, payload: Buffer.from(payload).toString('base64'), encoding: 'base64', qos: 0, retain: false });
    const bytes = await sub.payload();
    const message = codec.payloadType.toObject(codec.payloadType.decode(bytes), { longs: String });
    assert.deepEqual(message.metrics, [{ name: 'Node Control/Rebirth', timestamp: '1700000000000', datatype: 11, booleanValue: true }]);
  });

  it('Sparkplug B: an edge node\'s NBIRTH then alias-only NDATA from outside are exported with names resolved', async () => {
    const P = codec.payloadType;
    const c = await connected();
    await c.subscribe({ topic: 'spBv1.0/#', qos: 1 });
    const birth = P.encode(P.fromObject({ timestamp: 1, seq: 0, metrics: [{ name: 'bdSeq', datatype: 4, longValue: 1 }, { name: 'Temperature', alias: 5, datatype: 10, doubleValue: 20 }] })).finish();
    const data = P.encode(P.fromObject({ timestamp: 2, seq: 1, metrics: [{ alias: 5, doubleValue: 21.5 }] })).finish();
    for (const [topic, bytes] of [['spBv1.0/plant/NBIRTH/press', birth], ['spBv1.0/plant/NDATA/press', data]] as const) {
      const file = join(dir, `${Math.random()}.bin`);
      writeFileSync(file, bytes);
      mosquittoPub(broker.port, ['-t', topic, '-q', '1', '-f', file]);
    }
    await waitForMessages(c.store, 2);
    // What the connection's ingest path will do for spBv1.0/ topics (see the decoders' report).
    const state = new SparkplugState(P);
    for (let seq = c.store.firstSeq; seq < c.store.nextSeq; seq++) {
      const m = c.store.get(seq);
      if (m) state.observe(m.topic, m.payload, m.seq);
    }
    const dataMessage = c.store.get(c.store.firstSeq + 1);
    assert.ok(dataMessage);
    const line = JSON.parse(toNdjsonLine(dataMessage, exportDecodeOf(decoder, state))) as { decoded: { metrics: unknown[] } };
    assert.deepEqual(line.decoded.metrics, [{ name: 'Temperature', alias: 5, nameFrom: 'birth', datatype: 'Double', value: 21.5 }]);
  });
  it('Sparkplug B: a connection of the window resolves aliases on its own ingest path, and its export line shows the names', async () => {
    const P = codec.payloadType;
    const manager = new ConnectionManager(() => limits, recordingLogger());
    // DecoderBindings reads the workspace through VS Code, which cannot run here: this stands in for
    // the three members ConnectionDecodings uses, over the same real PayloadDecoder and codec.
    const bindingsChanged = new Emitter<void>();
    const bindings = { decoder, onDidChange: bindingsChanged.event, createSparkplugState: () => new SparkplugState(P) } as unknown as DecoderBindings;
    const decodings = new ConnectionDecodings(manager, bindings);
    const c = manager.getOrCreate({ source: 'user', profile: testProfile(broker.url, '5.0', { clientId: uniqueId('dec') }) });
    connections.push(c);
    await c.connect(undefined);
    await c.subscribe({ topic: 'spBv1.0/#', qos: 1 });
    const birth = P.encode(P.fromObject({ timestamp: 1, seq: 0, metrics: [{ name: 'bdSeq', datatype: 4, longValue: 1 }, { name: 'Pressure', alias: 9, datatype: 10, doubleValue: 1 }] })).finish();
    const data = P.encode(P.fromObject({ timestamp: 2, seq: 1, metrics: [{ alias: 9, doubleValue: 2.5 }] })).finish();
    for (const [topic, bytes] of [['spBv1.0/plant/NBIRTH/pump', birth], ['spBv1.0/plant/NDATA/pump', data]] as const) {
      const file = join(dir, `${Math.random()}.bin`);
      writeFileSync(file, bytes);
      mosquittoPub(broker.port, ['-t', topic, '-q', '1', '-f', file]);
    }
    await waitForMessages(c.store, 2);
    const dataMessage = c.store.get(c.store.firstSeq + 1);
    assert.ok(dataMessage);
    const line = JSON.parse(toNdjsonLine(dataMessage, c.decoding?.exportDecode)) as { decoded?: { metrics: unknown[] } };
    decodings.dispose();
    assert.deepEqual(line.decoded?.metrics, [{ name: 'Pressure', alias: 9, nameFrom: 'birth', datatype: 'Double', value: 2.5 }]);
  });
});
