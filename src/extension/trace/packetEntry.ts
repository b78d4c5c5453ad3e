import type { Packet } from 'mqtt-packet';
import type { JsonObject, JsonValue } from '../../shared/json/jsonValue';
import { reasonText, type PacketKind } from '../../shared/mqtt/reasonCodes';
import type { TraceDirection, TraceEntry } from '../../shared/trace/traceEntry';

/** PUBLISH payload bytes kept for the hex view; the rest is counted, not kept. */
export const PAYLOAD_HEAD_BYTES = 1024;

/** What is kept of a packet for its hex view: secrets removed, the PUBLISH payload cut to its head. */
export interface KeptPacket {
  packet: Packet;
  /** A PUBLISH's whole payload length (its kept payload is at most PAYLOAD_HEAD_BYTES). */
  payloadLength?: number;
  /** Fields left out of the bytes because they hold secrets (CONNECT password, authentication data). */
  withheld?: string[];
}

/** An entry without its place in the ring (`id`) and time (`at`), and the packet kept for its bytes. */
export interface DescribedPacket {
  entry: Omit<TraceEntry, 'id' | 'at'>;
  kept: KeptPacket;
}

const SET = 'set';

/**
 * A decoded mqtt-packet object as a trace entry. The password and authentication data are
 * replaced by "set" here, before anything is stored: neither the entry nor the kept packet holds them.
 */
export function describePacket(packet: Packet, dir: TraceDirection, version: 3 | 4 | 5): DescribedPacket {
  const entry: DescribedPacket['entry'] = { dir, type: packet.cmd, summary: '', fields: {} };
  const kept: KeptPacket = { packet };
  if (packet.messageId !== undefined && packet.cmd !== 'connect') entry.packetId = packet.messageId;
  const props = (packet as { properties?: Record<string, unknown> }).properties;
  switch (packet.cmd) {
    case 'connect': {
      const withheld: string[] = [];
      const fields: JsonObject = {
        protocolId: packet.protocolId ?? 'MQTT',
        protocolVersion: packet.protocolVersion ?? 4,
        clientId: packet.clientId,
        clean: packet.clean ?? true,
        keepalive: packet.keepalive ?? 0,
      };
      if (packet.username !== undefined) fields.username = packet.username;
      const password = packet.password !== undefined ? SET : 'not set';
      fields.password = password;
      if (packet.password !== undefined) withheld.push('password');
      if (packet.will) {
        const w = packet.will;
        const will: JsonObject = { topic: w.topic, qos: w.qos ?? 0, retain: w.retain ?? false, payloadBytes: byteLength(w.payload) };
        if (w.properties) will.properties = jsonProperties(w.properties);
        fields.will = will;
      }
      entry.fields = fields;
      const safe = { ...packet, password: undefined } as Packet & { password?: unknown; properties?: Record<string, unknown> };
      delete safe.password;
      if (props?.authenticationData !== undefined) {
        withheld.push('authenticationData');
        safe.properties = { ...props };
        delete safe.properties.authenticationData;
      }
      kept.packet = safe;
      if (withheld.length > 0) kept.withheld = withheld;
      entry.summary = `${packet.clientId === '' ? '(no client id)' : packet.clientId} · MQTT ${versionName(packet.protocolVersion ?? 4)} · keep alive ${packet.keepalive ?? 0} s${packet.clean === false ? ' · clean off' : ''}${packet.username !== undefined ? ` · user ${packet.username}` : ''} · password ${password}`;
      break;
    }
    case 'connack': {
      const code = packet.reasonCode ?? packet.returnCode ?? 0;
      entry.reasonCode = code;
      entry.reason = reasonText(code, 'connack', version);
      entry.fields = { sessionPresent: packet.sessionPresent };
      entry.summary = `${entry.reason}${packet.sessionPresent ? ' · session present' : ''}`;
      kept.packet = withoutAuthData(packet, kept);
      break;
    }
    case 'publish': {
      const length = byteLength(packet.payload);
      entry.qos = packet.qos;
      entry.topic = packet.topic;
      if (packet.dup) entry.dup = true;
      entry.fields = { qos: packet.qos, retain: packet.retain, dup: packet.dup, payloadBytes: length };
      if (packet.properties?.topicAlias !== undefined) entry.fields.topicAlias = packet.properties.topicAlias;
      const topic = packet.topic === '' && packet.properties?.topicAlias !== undefined ? `alias ${packet.properties.topicAlias}` : packet.topic;
      entry.summary = `${topic} · QoS ${packet.qos}${packet.retain ? ' · retain' : ''}${packet.dup ? ' · DUP' : ''}${entry.packetId !== undefined ? ` · id ${entry.packetId}` : ''} · ${length.toLocaleString('en-US')} B`;
      // A copy of the head: the parser's payload may be a view into a much larger chunk.
      kept.packet = { ...packet, payload: Buffer.from(headOf(packet.payload)) };
      kept.payloadLength = length;
      break;
    }
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
    case 'disconnect':
    case 'auth': {
      if (packet.reasonCode !== undefined) {
        entry.reasonCode = packet.reasonCode;
        entry.reason = reasonText(packet.reasonCode, reasonKind(packet.cmd), version);
      }
      entry.summary = [entry.packetId !== undefined ? `id ${entry.packetId}` : '', entry.reason ?? ''].filter((s) => s !== '').join(' · ');
      if (packet.cmd === 'auth') kept.packet = withoutAuthData(packet, kept);
      break;
    }
    case 'subscribe': {
      entry.fields = { subscriptions: packet.subscriptions.map((s) => subscriptionJson(s)) };
      entry.summary = `id ${packet.messageId ?? '?'} · ${packet.subscriptions.map((s) => `${s.topic} (QoS ${s.qos})`).join(', ')}`;
      if (packet.subscriptions.length === 1) entry.topic = packet.subscriptions[0]?.topic;
      break;
    }
    case 'suback': {
      const granted = (packet.granted as unknown[]).map((g) => (typeof g === 'number' ? g : Number((g as { qos?: unknown }).qos ?? 0x80)));
      entry.fields = { granted: granted.map((code) => ({ code, words: code < 0x80 ? `Granted QoS ${code}` : reasonText(code, 'suback', version) })) };
      entry.summary = `id ${packet.messageId ?? '?'} · ${granted.map((code) => (code < 0x80 ? `QoS ${code}` : reasonText(code, 'suback', version))).join(', ')}`;
      break;
    }
    case 'unsubscribe': {
      entry.fields = { unsubscriptions: packet.unsubscriptions };
      entry.summary = `id ${packet.messageId ?? '?'} · ${packet.unsubscriptions.join(', ')}`;
      if (packet.unsubscriptions.length === 1) entry.topic = packet.unsubscriptions[0];
      break;
    }
    case 'unsuback': {
      const granted = packet.granted as number[] | undefined ?? [];
      if (granted.length > 0) entry.fields = { reasons: granted.map((code) => ({ code, words: reasonText(code, 'unsuback', version) })) };
      entry.summary = `id ${packet.messageId ?? '?'}${granted.length > 0 ? ` · ${granted.map((code) => reasonText(code, 'unsuback', version)).join(', ')}` : ''}`;
      break;
    }
    case 'pingreq':
    case 'pingresp':
      break;
  }
  if (props && Object.keys(props).length > 0) entry.properties = jsonProperties(props);
  if (packet.length !== undefined) entry.bytes = wireSize(packet.length);
  return { entry, kept };
}

/** MQTT 5 properties as JSON: bytes as hex, authentication data "set" (never its value). */
export function jsonProperties(props: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    out[name] = name === 'authenticationData' ? SET : jsonOf(value);
  }
  return out;
}

/** Size on the wire of a packet with this remaining length: one type byte, the length's varint, the rest. */
export function wireSize(remainingLength: number): number {
  let varint = 1;
  for (let n = remainingLength; n >= 128; n = Math.floor(n / 128)) varint++;
  return 1 + varint + remainingLength;
}

function jsonOf(value: unknown): JsonValue {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (Array.isArray(value)) return value.map(jsonOf);
  if (typeof value === 'object' && value !== null) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonOf(v);
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function subscriptionJson(s: { topic: string; qos: number; nl?: boolean; rap?: boolean; rh?: number }): JsonObject {
  const out: JsonObject = { topic: s.topic, qos: s.qos };
  if (s.nl !== undefined) out.noLocal = s.nl;
  if (s.rap !== undefined) out.retainAsPublished = s.rap;
  if (s.rh !== undefined) out.retainHandling = s.rh;
  return out;
}

function withoutAuthData<P extends Packet>(packet: P, kept: KeptPacket): P {
  const props = (packet as { properties?: Record<string, unknown> }).properties;
  if (props?.authenticationData === undefined) return packet;
  kept.withheld = ['authenticationData'];
  const rest = { ...props };
  delete rest.authenticationData;
  return { ...packet, properties: rest };
}

function reasonKind(cmd: 'puback' | 'pubrec' | 'pubrel' | 'pubcomp' | 'disconnect' | 'auth'): PacketKind {
  return cmd === 'disconnect' || cmd === 'auth' ? cmd : 'puback';
}

function byteLength(payload: string | Buffer | Uint8Array | undefined): number {
  if (payload === undefined) return 0;
  return typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
}

function headOf(payload: string | Buffer): Uint8Array {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return bytes.subarray(0, PAYLOAD_HEAD_BYTES);
}

function versionName(v: number): string {
  return v === 5 ? '5.0' : v === 4 ? '3.1.1' : '3.1';
}
