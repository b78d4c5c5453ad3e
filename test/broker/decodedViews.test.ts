import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode as cborDecode, encode as cborEncode } from 'cbor-x';
import mqtt, { type MqttClient } from 'mqtt';
import { pack, unpack } from 'msgpackr';
import protobuf from 'protobufjs';
import { Emitter } from '../../src/extension/base/emitter';
import type { Connection } from '../../src/extension/connection/connection';
import { ConnectionManager } from '../../src/extension/connection/connectionManager';
import { ConnectionDecodings } from '../../src/extension/decoders/connectionDecoding';
import type { DecoderBindings } from '../../src/extension/decoders/decoderBindings';
import { rebirthCommand } from '../../src/extension/decoders/sparkplugRebirth';
import { SparkplugState } from '../../src/extension/decoders/sparkplugState';
import { LogViewHost } from '../../src/extension/log/logViewHost';
import type { ResponseMessage } from '../../src/shared/ipc/envelope';
import type { MessageDto } from '../../src/shared/log/logProtocol';
import type { HostToLogView } from '../../src/shared/log/logViewProtocols';
import type { RowDto } from '../../src/shared/log/rowDto';
import { fixtureDecoder, referenceAvro, referenceTelemetry, sparkplugCodec } from '../harness/decoderFixtures';
import { limits, recordingLogger, testProfile, uniqueId, waitForMessages } from '../harness/connectionHelpers';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { mosquittoSub } from '../harness/mosquittoSub';
import { useTeardown } from '../harness/teardown';

/** Tahu's Payload, loaded by protobufjs from the shipped proto file (the reference side of Sparkplug B). */
const referencePayload = (): protobuf.Type => protobuf.loadSync(join(__dirname, '..', '..', 'media', 'sparkplug_b.proto')).lookupType('org.eclipse.tahu.protobuf.Payload');

/**
 * The decoders as a log view uses them, against a real mosquitto: what the publish panel sends
 * with "Payload as" a binding's format reaches the C reference client as bytes the format's
 * reference library decodes; bytes published from outside come back decoded in the rows and the
 * opened message; and a scripted Sparkplug B edge node is asked for a rebirth, answers with its
 * births, and its alias-only data is shown with names and its seq gap in words.
 */
describe('decoded payloads in a log view against mosquitto', function () {
  let broker: Mosquitto;
  let dir: string;
  const teardown = useTeardown();
  const codec = sparkplugCodec();
  const decoder = fixtureDecoder();

  before(async () => {
    broker = await startMosquitto();
    dir = mkdtempSync(join(tmpdir(), 'tracemq-decoded-views-'));
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A connected connection of a window whose workspace has the bindings above, and its log view's host. */
  async function logView(): Promise<{ connection: Connection; reply: (method: string, params: unknown) => Promise<ResponseMessage> }> {
    const manager = new ConnectionManager(() => limits, recordingLogger());
    // DecoderBindings reads the workspace through VS Code, which cannot run here: this stands in for
    // the members ConnectionDecodings uses, over the same real PayloadDecoder and Sparkplug codec.
    const changed = new Emitter<void>();
    const bindings = { decoder, onDidChange: changed.event, createSparkplugState: () => new SparkplugState(codec.payloadType), rebirthCommand: (g: string, n: string) => rebirthCommand(codec, g, n) } as unknown as DecoderBindings;
    const decodings = new ConnectionDecodings(manager, bindings);
    teardown.add('decodings', () => { decodings.dispose(); });
    const connection = teardown.connection(manager.getOrCreate({ source: 'user', profile: testProfile(broker.url, '5.0', { clientId: uniqueId('dv') }) }));
    await connection.connect(undefined);
    const posts: HostToLogView[] = [];
    const host = new LogViewHost(connection, (m) => {
      posts.push(m);
      return Promise.resolve(true);
    }, recordingLogger());
    teardown.add('log view', () => { host.dispose(); });
    let id = 0;
    const reply = async (method: string, params: unknown): Promise<ResponseMessage> => {
      const mine = ++id;
      await host.receive({ kind: 'request', id: mine, method, params });
      const response = posts.find((m): m is ResponseMessage => m.kind === 'response' && m.id === mine);
      assert.ok(response, `no reply to ${method}`);
      return response;
    };
    return { connection, reply };
  }

  /** Publishes `json` from the log view's publish panel "as" the topic's binding; returns the bytes mosquitto_sub received. */
  async function publishedFromPanel(topic: string, json: unknown): Promise<Buffer> {
    const { reply } = await logView();
    const sub = await mosquittoSub(broker, topic, { format: '%x' });
    teardown.add('mosquitto_sub', () => { sub.stop(); });
    const response = await reply('mqtt/publish', { topic, payload: JSON.stringify(json), encoding: 'utf8', qos: 1, retain: false, encode: true });
    assert.equal(response.error, undefined);
    return await sub.payload();
  }

  /** Publishes `bytes` with mosquitto_pub (byte for byte, from a file) and returns the view's row of it. */
  async function rowFromOutside(topic: string, bytes: Uint8Array): Promise<{ row: RowDto; message: MessageDto }> {
    const { connection, reply } = await logView();
    await connection.subscribe({ topic, qos: 1 });
    const file = join(dir, `${Math.random()}.bin`);
    writeFileSync(file, bytes);
    mosquittoPub(broker.port, ['-t', topic, '-q', '1', '-f', file]);
    await waitForMessages(connection.store, 1);
    const [row] = ((await reply('log/page/get', { from: 0, count: 10 })).result as { rows: RowDto[] }).rows;
    assert.ok(row);
    const { message } = (await reply('log/message/get', { seq: row.seq })).result as { message: MessageDto };
    return { row, message };
  }

  it('protobuf: the publish panel encodes the JSON, and protobufjs decodes what mosquitto_sub received', async () => {
    const T = referenceTelemetry();
    const bytes = await publishedFromPanel('factory/p1/telemetry', { device: 'd1', temperature: 19.5, counter: '18446744073709551615' });
    assert.deepEqual(T.toObject(T.decode(bytes), { longs: String }), { device: 'd1', temperature: 19.5, counter: '18446744073709551615' });
  });

  it('CBOR: the publish panel encodes the JSON, and cbor-x decodes what mosquitto_sub received', async () => {
    assert.deepEqual(cborDecode(await publishedFromPanel('sensors/cbor/p', { t: 21.5, ok: true })), { t: 21.5, ok: true });
  });

  it('MessagePack: the publish panel encodes the JSON, and msgpackr decodes what mosquitto_sub received', async () => {
    assert.deepEqual(unpack(await publishedFromPanel('sensors/msgpack/p', { t: 1, name: 'x' })), { t: 1, name: 'x' });
  });

  it('Avro: the publish panel encodes the JSON, and avsc decodes what mosquitto_sub received', async () => {
    const reading = { sensor: 's1', temperature: 21.5, count: 7, raw: 'AQI=', tags: ['a'], unit: 'C', note: null };
    assert.deepEqual({ ...(referenceAvro().fromBuffer(await publishedFromPanel('sensors/avro/p', reading)) as object) }, { ...reading, raw: Buffer.from([1, 2]) });
  });

  it('Sparkplug B: the publish panel encodes an NCMD, and Tahu\'s Payload decodes what mosquitto_sub received', async () => {
    const P = referencePayload();
    const bytes = await publishedFromPanel('spBv1.0/plant/NCMD/press', { timestamp: 5, metrics: [{ name: 'Setpoint', datatype: 'Double', value: 7.5 }] });
    assert.deepEqual(P.toObject(P.decode(bytes), { longs: String }).metrics, [{ name: 'Setpoint', datatype: 10, doubleValue: 7.5 }]);
  });

  it('protobuf: a message protobufjs encodes and mosquitto_pub publishes is shown decoded in its row, with its format', async () => {
    const T = referenceTelemetry();
    const { row } = await rowFromOutside('factory/o1/telemetry', T.encode(T.fromObject({ device: 'outside', temperature: 3 })).finish());
    assert.equal(row.decoded?.format, 'protobuf');
    assert.match(row.decoded.text, /"device":"outside","temperature":3/);
  });

  it('CBOR: a message cbor-x encodes and mosquitto_pub publishes is opened decoded', async () => {
    const { message } = await rowFromOutside('sensors/cbor/o', cborEncode({ t: -3, list: [1, 2] }));
    assert.deepEqual(message.decoded, { format: 'cbor', value: { t: -3, list: [1, 2] } });
  });

  it('MessagePack: a message msgpackr encodes and mosquitto_pub publishes is shown decoded in its row', async () => {
    const { row } = await rowFromOutside('sensors/msgpack/o', pack({ big: 2n ** 63n }));
    assert.deepEqual(row.decoded, { format: 'msgpack', text: '{"big":"9223372036854775808"}' });
  });

  it('Avro: a message avsc encodes and mosquitto_pub publishes is opened decoded', async () => {
    const reading = { sensor: 's2', temperature: 1, count: 2, raw: Buffer.from([3]), tags: [], unit: 'F', note: 'n' };
    const { message } = await rowFromOutside('sensors/avro/o', referenceAvro().toBuffer(reading));
    assert.deepEqual(message.decoded?.value, { ...reading, raw: 'Aw==' });
  });

  describe('Sparkplug B with a scripted edge node', () => {
    const P = referencePayload();
    let edge: MqttClient;
    /** NCMD payloads the edge node received. */
    let commands: protobuf.Message[];

    /** Publishes as the edge node, and waits until the log view's connection stored it. */
    async function edgeSends(connection: Connection, topic: string, payload: object): Promise<number> {
      const before = connection.store.received;
      await edge.publishAsync(topic, Buffer.from(P.encode(P.fromObject(payload)).finish()), { qos: 1 });
      await waitForMessages(connection.store, before + 1);
      return connection.store.nextSeq - 1;
    }

    beforeEach(async () => {
      commands = [];
      edge = await mqtt.connectAsync(broker.url, { clientId: uniqueId('edge'), protocolVersion: 5 });
      teardown.add('edge node', () => edge.endAsync());
      edge.on('message', (topic, payload) => {
        if (topic === 'spBv1.0/plant/NCMD/press') commands.push(P.decode(payload));
      });
      await edge.subscribeAsync('spBv1.0/plant/NCMD/press', { qos: 1 });
    });

    async function openedAt(reply: (method: string, params: unknown) => Promise<ResponseMessage>, seq: number): Promise<MessageDto> {
      return ((await reply('log/message/get', { seq })).result as { message: MessageDto }).message;
    }

    it('says "no birth seen" for alias-only data before any birth, and names the node to ask for a rebirth', async () => {
      const { connection, reply } = await logView();
      await connection.subscribe({ topic: 'spBv1.0/#', qos: 1 });
      const seq = await edgeSends(connection, 'spBv1.0/plant/NDATA/press', { timestamp: 1, seq: 7, metrics: [{ alias: 5, doubleValue: 1.5 }] });
      const message = await openedAt(reply, seq);
      assert.deepEqual([message.decoded?.notes, message.decoded?.rebirth], [['no birth seen: aliases unresolved — Request Rebirth'], { groupId: 'plant', edgeNodeId: 'press' }]);
    });

    it('Request Rebirth from the detail pane reaches the edge node as Node Control/Rebirth = true', async () => {
      const { reply } = await logView();
      const received = new Promise<void>((resolve) => edge.once('message', () => { resolve(); }));
      const response = await reply('decoders/rebirth', { groupId: 'plant', edgeNodeId: 'press' });
      await received;
      assert.deepEqual([response.result, commands.map((c) => (P.toObject(c).metrics as { name: string; booleanValue: boolean }[]).map((m) => [m.name, m.booleanValue]))], [{ topic: 'spBv1.0/plant/NCMD/press' }, [[['Node Control/Rebirth', true]]]]);
    });

    it('names alias-only data from the births the edge node sent after the rebirth request', async () => {
      const { connection, reply } = await logView();
      await connection.subscribe({ topic: 'spBv1.0/#', qos: 1 });
      // The scripted node answers a rebirth request as a real one does: NBIRTH (seq 0), then data by alias.
      edge.once('message', () => {
        void edge.publishAsync('spBv1.0/plant/NBIRTH/press', Buffer.from(P.encode(P.fromObject({ timestamp: 2, seq: 0, metrics: [{ name: 'bdSeq', datatype: 4, longValue: 3 }, { name: 'Temperature', alias: 5, datatype: 10, doubleValue: 20 }] })).finish()), { qos: 1 });
      });
      await reply('decoders/rebirth', { groupId: 'plant', edgeNodeId: 'press' });
      // The NCMD (TraceMQ sees its own command) and the birth it brought.
      await waitForMessages(connection.store, 2);
      const seq = await edgeSends(connection, 'spBv1.0/plant/NDATA/press', { timestamp: 3, seq: 1, metrics: [{ alias: 5, doubleValue: 21.5 }] });
      const value = (await openedAt(reply, seq)).decoded?.value as { metrics: unknown[] };
      assert.deepEqual(value.metrics, [{ name: 'Temperature', alias: 5, nameFrom: 'birth', datatype: 'Double', value: 21.5 }]);
    });

    it('says in words how many messages a seq gap lost', async () => {
      const { connection, reply } = await logView();
      await connection.subscribe({ topic: 'spBv1.0/#', qos: 1 });
      await edgeSends(connection, 'spBv1.0/plant/NBIRTH/press', { timestamp: 2, seq: 0, metrics: [{ name: 'bdSeq', datatype: 4, longValue: 3 }, { name: 'Temperature', alias: 5, datatype: 10, doubleValue: 20 }] });
      await edgeSends(connection, 'spBv1.0/plant/NDATA/press', { timestamp: 3, seq: 1, metrics: [{ alias: 5, doubleValue: 21 }] });
      const seq = await edgeSends(connection, 'spBv1.0/plant/NDATA/press', { timestamp: 4, seq: 5, metrics: [{ alias: 5, doubleValue: 22 }] });
      assert.deepEqual((await openedAt(reply, seq)).decoded?.notes, ['seq jumped 1 → 5: 3 messages missing']);
    });
  });
});
