import { strict as assert } from 'node:assert';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { startDemoStreams } from '../../scripts/demo/demoStreams';
import { FLOOD_CONTROL_TOPIC, FLOOD_STATE_TOPIC } from '../../scripts/demo/streams/floodStream';
import { loadReadingType } from '../../scripts/demo/streams/protobufStream';
import { loadSparkplugPayload, REBIRTH_METRIC } from '../../scripts/demo/streams/sparkplugNode';
import { startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { useTeardown } from '../harness/teardown';
import { topicMatches } from '../../src/shared/mqtt/topicFilter';
import { uniqueId } from '../harness/connectionHelpers';

interface Received {
  topic: string;
  payload: Buffer;
  packet: IPublishPacket;
}

/**
 * `npm start`'s demo streams against a real mosquitto over MQTT 5: each stream is checked from a
 * separate mqtt.js client, as TraceMQ would see it.
 */
describe('the demo streams against mosquitto', function () {
  let broker: Mosquitto;
  const suite = useTeardown('all');
  const teardown = useTeardown();

  before(async () => {
    broker = suite.stoppable('mosquitto', await startMosquitto({ logTypes: ['error', 'warning', 'notice', 'information'] }));
    // Fast slow streams (protobuf, Sparkplug B) so a test does not wait a second for each.
    suite.stoppable('demo streams', await startDemoStreams(broker.url, { mqtt5: true, slowEveryMs: 50 }));
  });

  async function client(): Promise<MqttClient> {
    const c = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: uniqueId('demo-check'), clean: true });
    teardown.add('checking client', () => c.endAsync());
    return c;
  }

  /** The first message on a topic matching `filter` for which `accept` holds, once subscribed to it. */
  async function first(c: MqttClient, filter: string, accept: (m: Received) => boolean = () => true): Promise<Received> {
    const got = new Promise<Received>((resolve) => {
      const on = (topic: string, payload: Buffer, packet: IPublishPacket): void => {
        if (!topicMatches(filter, topic) || !accept({ topic, payload, packet })) return;
        c.off('message', on);
        resolve({ topic, payload, packet });
      };
      c.on('message', on);
    });
    await c.subscribeAsync(filter, { qos: 1 });
    return got;
  }

  it('sensor readings are JSON with content type application/json', async () => {
    const m = await first(await client(), 'demo/greenhouse/temperature');
    assert.equal(m.packet.properties?.contentType, 'application/json');
    assert.equal(typeof (JSON.parse(m.payload.toString()) as { value: unknown }).value, 'number');
  });

  it('each device has a retained status', async () => {
    const c = await client();
    const seen = new Set<string>();
    await first(c, 'demo/+/status', (m) => {
      if (m.packet.retain) seen.add(m.topic);
      return seen.size === 3;
    });
    assert.deepEqual([...seen].sort(), ['demo/boiler/status', 'demo/greenhouse/status', 'demo/pump-7/status']);
  });

  it('demo/rpc/echo answers on the response topic with the payload and the correlation data', async () => {
    const c = await client();
    const replyTopic = `demo/replies/${uniqueId('r')}`;
    const reply = first(c, replyTopic);
    await c.subscribeAsync(replyTopic, { qos: 1 });
    await c.publishAsync('demo/rpc/echo', 'ping 42', { qos: 1, properties: { responseTopic: replyTopic, correlationData: Buffer.from('req-7') } });
    const m = await reply;
    assert.deepEqual([m.payload.toString(), m.packet.properties?.correlationData?.toString()], ['ping 42', 'req-7']);
  });

  it('another demo/rpc method is answered too, with the correlation data', async () => {
    const c = await client();
    const replyTopic = `demo/replies/${uniqueId('r')}`;
    const reply = first(c, replyTopic);
    await c.publishAsync('demo/rpc/time', '', { qos: 1, properties: { responseTopic: replyTopic, correlationData: Buffer.from([1, 2, 3]) } });
    const m = await reply;
    assert.deepEqual([...(m.packet.properties?.correlationData ?? [])], [1, 2, 3]);
  });

  it('publishing "on" to the flood control starts 10k msg/s of flood messages', async () => {
    const c = await client();
    const state = first(c, FLOOD_STATE_TOPIC, (m) => (JSON.parse(m.payload.toString()) as { on: boolean }).on);
    const flood = first(c, 'demo/flood/+', (m) => /^demo\/flood\/\d+$/.test(m.topic));
    teardown.add('flood off', () => c.publishAsync(FLOOD_CONTROL_TOPIC, 'off', { qos: 1 }));
    await c.publishAsync(FLOOD_CONTROL_TOPIC, 'on', { qos: 1 });
    assert.deepEqual(JSON.parse((await state).payload.toString()), { on: true, rate: 10_000 });
    assert.match((await flood).payload.toString(), /^\{"n":\d+/);
  });

  it('publishing "off" to the flood control stops the flood', async () => {
    const c = await client();
    const running = first(c, FLOOD_STATE_TOPIC, (m) => (JSON.parse(m.payload.toString()) as { rate: number }).rate === 2000);
    await c.publishAsync(FLOOD_CONTROL_TOPIC, '2000', { qos: 1 });
    await running;
    const state = first(c, FLOOD_STATE_TOPIC, (m) => !(JSON.parse(m.payload.toString()) as { on: boolean }).on);
    await c.publishAsync(FLOOD_CONTROL_TOPIC, 'off', { qos: 1 });
    assert.deepEqual(JSON.parse((await state).payload.toString()), { on: false, rate: 0 });
  });

  it('an unknown flood command is answered with the error in words', async () => {
    const c = await client();
    const state = first(c, FLOOD_STATE_TOPIC, (m) => 'error' in (JSON.parse(m.payload.toString()) as object));
    await c.publishAsync(FLOOD_CONTROL_TOPIC, 'faster', { qos: 1 });
    assert.match((JSON.parse((await state).payload.toString()) as { error: string }).error, /expected "on", "off" or a rate/);
  });

  it('the protobuf stream decodes as demo.greenhouse.Reading with the workspace .proto', async () => {
    const m = await first(await client(), 'demo/proto/#');
    const reading = loadReadingType().toObject(loadReadingType().decode(m.payload)) as { bed: string };
    assert.equal(reading.bed, m.topic.split('/').pop());
  });

  it('the Sparkplug B data messages carry aliases without names', async () => {
    const Payload = loadSparkplugPayload();
    const m = await first(await client(), 'spBv1.0/demo/DDATA/edge-1/pump-7');
    const metrics = (Payload.toObject(Payload.decode(m.payload)) as { metrics: { name?: string; alias?: unknown }[] }).metrics;
    assert.deepEqual(metrics.map((x) => [x.name, Number(x.alias)]), [[undefined, 10], [undefined, 11], [undefined, 12]]);
  });

  it('the Sparkplug B edge node answers a Rebirth NCMD with an NBIRTH at seq 0 naming its aliases', async () => {
    const Payload = loadSparkplugPayload();
    const c = await client();
    const birth = first(c, 'spBv1.0/demo/NBIRTH/edge-1');
    await c.subscribeAsync('spBv1.0/demo/NBIRTH/edge-1', { qos: 1 });
    const now = Date.now();
    const ncmd = Payload.encode(Payload.fromObject({ timestamp: now, metrics: [{ name: REBIRTH_METRIC, timestamp: now, datatype: 11, booleanValue: true }] })).finish();
    await c.publishAsync('spBv1.0/demo/NCMD/edge-1', Buffer.from(ncmd), { qos: 0 });
    const body = Payload.toObject(Payload.decode((await birth).payload)) as { seq: unknown; metrics: { name: string; alias?: unknown }[] };
    assert.deepEqual([Number(body.seq), body.metrics.find((x) => x.name === 'Uptime')?.alias !== undefined], [0, true]);
  });
});
