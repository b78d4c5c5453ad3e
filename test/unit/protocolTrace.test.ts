import { strict as assert } from 'node:assert';
import { mock } from 'node:test';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { ProtocolTrace, type TraceSettings } from '../../src/extension/trace/protocolTrace';
import type { TraceEntry } from '../../src/shared/trace/traceEntry';
import { FakeTraceClient } from '../harness/traceEntries';

// The trace fed the packets mqtt.js would emit (test/harness/traceEntries.ts).

const SETTINGS: TraceSettings = { maxEntries: 1000, maxBytes: 1 << 24, publishesPerSecond: 100 };
const UNANSWERED = 5_000;

describe('ProtocolTrace', () => {
  let client: FakeTraceClient;
  let trace: ProtocolTrace;
  const send = (p: Packet): void => { client.send(p); };
  const receive = (p: Packet): void => { client.receive(p); };
  const all = (): TraceEntry[] => [...trace.entries()];
  const last = (): TraceEntry => {
    const e = all().at(-1);
    assert.ok(e);
    return e;
  };

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
    trace = new ProtocolTrace(SETTINGS, { nextSeq: () => 42 }, UNANSWERED);
    client = FakeTraceClient.attachedTo(trace);
  });

  afterEach(() => {
    trace.dispose();
    mock.timers.reset();
  });

  it('pairs a QoS 1 PUBLISH with its PUBACK and gives both the ack time', () => {
    send({ cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 1, retain: false, dup: false, messageId: 7 });
    mock.timers.tick(12);
    receive({ cmd: 'puback', messageId: 7, reasonCode: 0 });
    const [publish, puback] = all();
    assert.deepEqual([publish?.ackMs, publish?.acks?.map((a) => a.type), puback?.ackMs, puback?.answers], [12, ['puback'], 12, publish?.id]);
  });

  it('pairs the four steps of an outgoing QoS 2 flow', () => {
    send({ cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 2, retain: false, dup: false, messageId: 3 });
    mock.timers.tick(5);
    receive({ cmd: 'pubrec', messageId: 3, reasonCode: 0 });
    send({ cmd: 'pubrel', messageId: 3, reasonCode: 0 });
    mock.timers.tick(5);
    receive({ cmd: 'pubcomp', messageId: 3, reasonCode: 0 });
    const publish = all()[0];
    assert.deepEqual([publish?.acks?.map((a) => [a.type, a.ms]), publish?.ackMs], [[['pubrec', 5], ['pubrel', 5], ['pubcomp', 10]], 10]);
  });

  it('pairs the four steps of an incoming QoS 2 flow', () => {
    receive({ cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 2, retain: false, dup: false, messageId: 9 });
    send({ cmd: 'pubrec', messageId: 9, reasonCode: 0 });
    receive({ cmd: 'pubrel', messageId: 9, reasonCode: 0 });
    send({ cmd: 'pubcomp', messageId: 9, reasonCode: 0 });
    assert.deepEqual(all()[0]?.acks?.map((a) => a.type), ['pubrec', 'pubrel', 'pubcomp']);
  });

  it('gives a received PUBLISH the store seq it becomes, for the link to the log', () => {
    receive({ cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 0, retain: false, dup: false });
    assert.equal(last().seq, 42);
  });

  it('says the granted QoS or the refusal of each filter of a SUBACK', () => {
    send({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 'a', qos: 2 }, { topic: 'b', qos: 1 }] });
    receive({ cmd: 'suback', messageId: 2, granted: [1, 0x87] });
    assert.deepEqual(last().fields.granted, [{ code: 1, words: 'Granted QoS 1' }, { code: 0x87, words: 'Not authorized (0x87). The broker does not allow this client or user to do that.' }]);
  });

  it('gives a ping its round-trip time', () => {
    send({ cmd: 'pingreq' });
    mock.timers.tick(8);
    receive({ cmd: 'pingresp' });
    assert.equal(all()[0]?.ackMs, 8);
  });

  it('does not mark a request unanswered before the bound', () => {
    send({ cmd: 'subscribe', messageId: 4, subscriptions: [{ topic: 'a', qos: 0 }] });
    mock.timers.tick(UNANSWERED - 1);
    assert.equal(all()[0]?.unanswered, undefined);
  });

  it('marks a request unanswered once the bound has passed', () => {
    send({ cmd: 'subscribe', messageId: 4, subscriptions: [{ topic: 'a', qos: 0 }] });
    mock.timers.tick(UNANSWERED);
    assert.equal(all()[0]?.unanswered, true);
  });

  it('marks a QoS 2 flow stuck after PUBREC unanswered', () => {
    send({ cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 2, retain: false, dup: false, messageId: 3 });
    receive({ cmd: 'pubrec', messageId: 3, reasonCode: 0 });
    mock.timers.tick(UNANSWERED);
    assert.equal(all()[0]?.unanswered, true);
  });

  it('marks a redelivery (DUP flag)', () => {
    receive({ cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 1, retain: false, dup: true, messageId: 5 });
    assert.deepEqual([last().dup, last().summary.includes('DUP')], [true, true]);
  });

  it('keeps publishes up to the rate budget and counts the rest in this second', () => {
    for (let i = 0; i < 150; i++) receive({ cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 0, retain: false, dup: false });
    assert.deepEqual([trace.counters.size, trace.counters.droppedThisSecond, trace.counters.dropped], [100, 50, 50]);
  });

  it('keeps control packets beyond the rate budget', () => {
    for (let i = 0; i < 150; i++) receive({ cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 0, retain: false, dup: false });
    send({ cmd: 'pingreq' });
    assert.equal(last().type, 'pingreq');
  });

  it('tells the first publish kept after a gap how many were not kept', () => {
    for (let i = 0; i < 150; i++) receive({ cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 0, retain: false, dup: false });
    mock.timers.tick(1000);
    receive({ cmd: 'publish', topic: 'b', payload: Buffer.from('x'), qos: 0, retain: false, dup: false });
    assert.deepEqual([last().topic, last().dropped, trace.counters.droppedThisSecond], ['b', 50, 0]);
  });

  it('evicts the oldest entries beyond the count and counts them', () => {
    trace.setSettings({ ...SETTINGS, maxEntries: 10 });
    for (let i = 0; i < 25; i++) send({ cmd: 'pingreq' });
    assert.deepEqual([trace.counters.size, trace.counters.evicted, trace.firstId], [10, 15, 15]);
  });

  it('evicts the oldest entries beyond the byte budget', () => {
    trace.setSettings({ ...SETTINGS, maxBytes: 20_000 });
    for (let i = 0; i < 40; i++) receive({ cmd: 'publish', topic: 'a', payload: Buffer.alloc(1000), qos: 0, retain: false, dup: false });
    assert.ok(trace.counters.size < 40 && trace.counters.evicted === 40 - trace.counters.size, JSON.stringify(trace.counters));
  });

  it('stores a CONNECT password as "set" and nowhere its value', () => {
    send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'c', clean: true, keepalive: 30, username: 'u', password: Buffer.from('hunter2-secret') });
    const bytes = trace.bytesOf(0);
    assert.deepEqual(
      [last().fields.password, JSON.stringify(all()).includes('hunter2'), Buffer.from(bytes?.bytes ?? []).includes('hunter2'), bytes?.withheld],
      ['set', false, false, ['password']],
    );
  });

  it('says "not set" for a CONNECT without a password', () => {
    send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'c', clean: true, keepalive: 30 });
    assert.equal(last().fields.password, 'not set');
  });

  it('stores authentication data as "set" and nowhere its value', () => {
    receive({ cmd: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'SCRAM', authenticationData: Buffer.from('s3cr3t-bytes') } });
    assert.deepEqual(
      [last().properties?.authenticationData, JSON.stringify(all()).includes(Buffer.from('s3cr3t-bytes').toString('hex')), Buffer.from(trace.bytesOf(0)?.bytes ?? []).includes('s3cr3t')],
      ['set', false, false],
    );
  });

  it('regenerates a PUBLISH with a cut payload with the header of the whole packet', () => {
    const payload = Buffer.alloc(5000, 0x61);
    const packet: Packet = { cmd: 'publish', topic: 't', payload, qos: 0, retain: false, dup: false };
    receive(packet);
    const bytes = trace.bytesOf(0);
    const whole = mqttPacket.generate(packet, { protocolVersion: 5 });
    assert.ok(bytes);
    assert.deepEqual([bytes.payloadOmitted, Buffer.from(bytes.bytes).equals(whole.subarray(0, bytes.bytes.length)), last().bytes], [5000 - 1024, true, whole.length]);
  });

  it('gives a sent PUBLISH its size on the wire', () => {
    const packet: Packet = { cmd: 'publish', topic: 'topic', payload: Buffer.alloc(3000), qos: 1, retain: false, dup: false, messageId: 1 };
    send(packet);
    assert.equal(last().bytes, mqttPacket.generate(packet, { protocolVersion: 5 }).length);
  });
});
