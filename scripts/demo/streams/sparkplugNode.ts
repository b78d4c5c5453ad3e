import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import protobuf from 'protobufjs';
import type { DemoStream } from './demoStream';

const SPARKPLUG_PROTO = join(__dirname, '..', '..', '..', 'media', 'sparkplug_b.proto');
export const SPARKPLUG_PAYLOAD = 'org.eclipse.tahu.protobuf.Payload';
export const GROUP = 'demo';
export const EDGE_NODE = 'edge-1';
export const DEVICE = 'pump-7';
export const REBIRTH_METRIC = 'Node Control/Rebirth';

/** Sparkplug B data types used here (numbers from sparkplug_b.proto). */
const INT64 = 4;
const UINT64 = 8;
const DOUBLE = 10;
const BOOLEAN = 11;
const STRING = 12;

/** The Payload type of Eclipse Tahu's sparkplug_b.proto, shipped in media/. */
export function loadSparkplugPayload(): protobuf.Type {
  return protobuf.loadSync(SPARKPLUG_PROTO).lookupType(SPARKPLUG_PAYLOAD);
}

const topic = (type: string, device?: string): string => `spBv1.0/${GROUP}/${type}/${EDGE_NODE}${device ? `/${device}` : ''}`;

interface Metric {
  name?: string;
  alias: number;
  datatype: number;
  value: number | boolean | string;
}

/** A metric in the protobuf shape: the value in the field its data type uses. */
function metricFields(m: Metric, now: number, withName: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { alias: m.alias, timestamp: now, datatype: m.datatype };
  if (withName && m.name) out.name = m.name;
  if (m.datatype === BOOLEAN) out.booleanValue = m.value;
  else if (m.datatype === STRING) out.stringValue = m.value;
  else if (m.datatype === DOUBLE) out.doubleValue = m.value;
  else out.longValue = m.value;
  return out;
}

/**
 * A Sparkplug B edge node `spBv1.0/demo/.../edge-1` with one device (`pump-7`): NBIRTH and DBIRTH
 * name every metric with its alias, then NDATA and DDATA every `everyMs` send aliases only (so the
 * decoder must remember the births). A `Node Control/Rebirth` NCMD makes it publish both births
 * again with seq back at 0. Its own client carries the NDEATH as will, with the same bdSeq as the
 * NBIRTH, as the specification asks; so it connects itself rather than sharing a client.
 */
export async function startSparkplugNode(url: string, protocolVersion: 4 | 5, everyMs = 1000): Promise<DemoStream> {
  const Payload = loadSparkplugPayload();
  const encode = (body: Record<string, unknown>): Buffer => Buffer.from(Payload.encode(Payload.fromObject(body)).finish());
  const bdSeq = 0;
  const death = encode({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', datatype: UINT64, longValue: bdSeq }] });
  const client: MqttClient = await mqtt.connectAsync(url, {
    protocolVersion,
    clientId: `tracemq-demo-sparkplug-${process.pid}`,
    clean: true,
    will: { topic: topic('NDEATH'), payload: death, qos: 1, retain: false },
  });
  let seq = 0;
  let tick = 0;
  const nextSeq = (): number => {
    const s = seq;
    seq = (seq + 1) % 256;
    return s;
  };
  const nodeMetrics = (): Metric[] => [
    { name: REBIRTH_METRIC, alias: 1, datatype: BOOLEAN, value: false },
    { name: 'Properties/Firmware', alias: 2, datatype: STRING, value: '3.1.0' },
    { name: 'Uptime', alias: 3, datatype: INT64, value: tick },
  ];
  const deviceMetrics = (): Metric[] => [
    { name: 'Motor/Speed', alias: 10, datatype: DOUBLE, value: Math.round((1450 + Math.sin(tick / 10) * 120) * 10) / 10 },
    { name: 'Motor/Running', alias: 11, datatype: BOOLEAN, value: tick % 30 < 25 },
    { name: 'Outlet/Pressure', alias: 12, datatype: DOUBLE, value: Math.round((1.6 + Math.cos(tick / 7) * 0.2) * 100) / 100 },
  ];
  const publishBirths = (): void => {
    seq = 0;
    const now = Date.now();
    const bd = { name: 'bdSeq', datatype: UINT64, longValue: bdSeq, timestamp: now };
    client.publish(topic('NBIRTH'), encode({ timestamp: now, seq: nextSeq(), metrics: [bd, ...nodeMetrics().map((m) => metricFields(m, now, true))] }), { qos: 0 });
    client.publish(topic('DBIRTH', DEVICE), encode({ timestamp: now, seq: nextSeq(), metrics: deviceMetrics().map((m) => metricFields(m, now, true)) }), { qos: 0 });
  };
  const onMessage = (t: string, payload: Buffer): void => {
    if (t !== topic('NCMD')) return;
    let metrics: { name?: string; booleanValue?: boolean }[] = [];
    try {
      metrics = (Payload.toObject(Payload.decode(payload)) as { metrics?: typeof metrics }).metrics ?? [];
    } catch {
      return; // Not a Sparkplug payload: an edge node ignores it.
    }
    if (metrics.some((m) => m.name === REBIRTH_METRIC && m.booleanValue === true)) publishBirths();
  };
  client.on('message', onMessage);
  await client.subscribeAsync(topic('NCMD'), { qos: 1 });
  publishBirths();
  const timer = setInterval(() => {
    tick++;
    const now = Date.now();
    // Data by alias only, and only what changed (here: uptime, and the device's readings).
    client.publish(topic('NDATA'), encode({ timestamp: now, seq: nextSeq(), metrics: [{ alias: 3, timestamp: now, datatype: INT64, longValue: tick }] }), { qos: 0 });
    client.publish(topic('DDATA', DEVICE), encode({ timestamp: now, seq: nextSeq(), metrics: deviceMetrics().map((m) => metricFields(m, now, false)) }), { qos: 0 });
  }, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      client.off('message', onMessage);
      // A node that leaves on purpose says so itself: its will is only for a lost connection.
      // Offline, the publish would wait for a reconnect that never comes: leave without it.
      if (client.connected) await client.publishAsync(topic('NDEATH'), death, { qos: 1 });
      await client.endAsync(!client.connected);
    },
  };
}
