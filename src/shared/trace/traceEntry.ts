import type { JsonObject } from '../json/jsonValue';

/** Who an entry is about: a packet we received, one we sent, or the connection's transport. */
export type TraceDirection = 'in' | 'out' | 'transport';

/** MQTT control packet types, as mqtt-packet names them (`cmd`). */
export const PACKET_TYPES = [
  'connect',
  'connack',
  'publish',
  'puback',
  'pubrec',
  'pubrel',
  'pubcomp',
  'subscribe',
  'suback',
  'unsubscribe',
  'unsuback',
  'pingreq',
  'pingresp',
  'disconnect',
  'auth',
] as const;
export type PacketType = (typeof PACKET_TYPES)[number];

/** Transport events: TCP connected (with the name resolution), TLS handshake, WebSocket upgrade, socket closed. */
export const TRANSPORT_TYPES = ['tcp', 'tls', 'websocket', 'close'] as const;
export type TransportType = (typeof TRANSPORT_TYPES)[number];

export type TraceType = PacketType | TransportType;

/** PUBLISH and the acks of its flow: the packets the rate budget applies to (every other one is always kept). */
export const PUBLISH_FLOW_TYPES: ReadonlySet<TraceType> = new Set<TraceType>(['publish', 'puback', 'pubrec', 'pubrel', 'pubcomp']);

/** One step of an acknowledged flow, seen from the packet that started it. */
export interface TraceAck {
  type: PacketType;
  /** Milliseconds since the packet that started the flow. */
  ms: number;
  /** The entry of the ack (absent when the ack was not kept). */
  entry?: number;
}

/**
 * One line of the protocol trace: plain data (it crosses postMessage and becomes an NDJSON line).
 * Secrets never reach it: a CONNECT's password and any authentication data are "set" or absent.
 */
export interface TraceEntry {
  /** Position in this connection's trace, from 0, never reused. */
  id: number;
  /** Epoch milliseconds. */
  at: number;
  dir: TraceDirection;
  type: TraceType;
  /** One line for the timeline, e.g. `sensors/t · QoS 2 · id 7 · 12 B`. */
  summary: string;
  packetId?: number;
  qos?: number;
  topic?: string;
  /** DUP flag set: a redelivery. */
  dup?: boolean;
  reasonCode?: number;
  /** The reason code in words (src/shared/mqtt/reasonCodes.ts). */
  reason?: string;
  /** MQTT 5 properties as JSON (binary values as hex, authentication data "set"). */
  properties?: JsonObject;
  /** Size of the packet on the wire (fixed header included). */
  bytes?: number;
  /** On a request: time until its last ack. On an ack: time since its request. */
  ackMs?: number;
  /** On a request: the acks that answered it so far. */
  acks?: TraceAck[];
  /** On an ack: the entry of the request it answers (absent when the request was not kept). */
  answers?: number;
  /** No answer came within the bound (or the connection closed first). */
  unanswered?: boolean;
  /** Publishes and acks not kept (rate budget) since the previous kept one. */
  dropped?: number;
  /** The message store's `seq` of a received PUBLISH, for the link to the log. */
  seq?: number;
  /** Everything else decoded: every field of the packet or transport event. */
  fields: JsonObject;
}

/** What a trace holds and what it did not keep. */
export interface TraceCounters {
  /** Entries in the ring now. */
  size: number;
  /** Entries evicted, oldest first, to stay within the count and byte budget. */
  evicted: number;
  /** Publishes and acks not kept because of the rate budget, since the trace started. */
  dropped: number;
  /** Of those, in the current second (e.g. "12,345 publishes not kept in this second"). */
  droppedThisSecond: number;
}
