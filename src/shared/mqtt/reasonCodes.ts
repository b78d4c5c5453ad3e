/**
 * MQTT reason codes in words: the MQTT 5 table (§2.4) and the MQTT 3.1/3.1.1 CONNACK return codes.
 * One table for the whole product so that every place that shows a code says the same thing.
 */

export type PacketKind = 'connack' | 'puback' | 'suback' | 'unsuback' | 'disconnect' | 'auth';

interface ReasonEntry {
  name: string;
  /** What the user can do about it, when there is something useful to say. */
  hint?: string;
}

const MQTT5: Record<number, ReasonEntry> = {
  0x00: { name: 'Success' },
  0x01: { name: 'Granted QoS 1' },
  0x02: { name: 'Granted QoS 2' },
  0x04: { name: 'Disconnect with Will Message' },
  0x10: { name: 'No matching subscribers' },
  0x11: { name: 'No subscription existed' },
  0x18: { name: 'Continue authentication' },
  0x19: { name: 'Re-authenticate' },
  0x80: { name: 'Unspecified error' },
  0x81: { name: 'Malformed packet' },
  0x82: { name: 'Protocol error' },
  0x83: { name: 'Implementation specific error' },
  0x84: { name: 'Unsupported protocol version', hint: 'Try another MQTT version in the profile.' },
  0x85: { name: 'Client identifier not valid', hint: 'Change the client id in the profile.' },
  0x86: { name: 'Bad user name or password', hint: 'Check the user name and set the password again (TraceMQ: Set Password).' },
  0x87: { name: 'Not authorized', hint: 'The broker does not allow this client or user to do that.' },
  0x88: { name: 'Server unavailable' },
  0x89: { name: 'Server busy', hint: 'Try again later.' },
  0x8a: { name: 'Banned' },
  0x8b: { name: 'Server shutting down' },
  0x8c: { name: 'Bad authentication method' },
  0x8d: { name: 'Keep alive timeout' },
  0x8e: { name: 'Session taken over', hint: 'Another client connected with the same client id.' },
  0x8f: { name: 'Topic filter invalid' },
  0x90: { name: 'Topic name invalid' },
  0x91: { name: 'Packet identifier in use' },
  0x92: { name: 'Packet identifier not found' },
  0x93: { name: 'Receive maximum exceeded' },
  0x94: { name: 'Topic alias invalid' },
  0x95: { name: 'Packet too large' },
  0x96: { name: 'Message rate too high' },
  0x97: { name: 'Quota exceeded' },
  0x98: { name: 'Administrative action' },
  0x99: { name: 'Payload format invalid' },
  0x9a: { name: 'Retain not supported' },
  0x9b: { name: 'QoS not supported' },
  0x9c: { name: 'Use another server' },
  0x9d: { name: 'Server moved' },
  0x9e: { name: 'Shared subscriptions not supported' },
  0x9f: { name: 'Connection rate exceeded', hint: 'Wait before connecting again.' },
  0xa0: { name: 'Maximum connect time' },
  0xa1: { name: 'Subscription identifiers not supported' },
  0xa2: { name: 'Wildcard subscriptions not supported' },
};

/** MQTT 3.1 / 3.1.1 CONNACK return codes. */
const MQTT3_CONNACK: Record<number, ReasonEntry> = {
  0: { name: 'Connection accepted' },
  1: { name: 'Unacceptable protocol version', hint: 'Try another MQTT version in the profile.' },
  2: { name: 'Client identifier rejected', hint: 'Change the client id in the profile.' },
  3: { name: 'Server unavailable' },
  4: { name: 'Bad user name or password', hint: 'Check the user name and set the password again (TraceMQ: Set Password).' },
  5: { name: 'Not authorized', hint: 'The broker does not allow this client or user to connect.' },
};

/** Codes below 0x80 whose name depends on the packet they come in. */
function successName(code: number, packet: PacketKind): string | undefined {
  if (code !== 0) return undefined;
  switch (packet) {
    case 'suback':
      return 'Granted QoS 0';
    case 'disconnect':
      return 'Normal disconnection';
    default:
      return 'Success';
  }
}

/**
 * The reason code in words, e.g. `reasonText(0x87, 'puback', 5)` gives
 * "Not authorized (0x87): The broker does not allow this client or user to do that."
 */
export function reasonText(code: number, packet: PacketKind, protocolVersion: 3 | 4 | 5): string {
  const hex = `0x${code.toString(16).padStart(2, '0')}`;
  if (protocolVersion !== 5 && packet === 'connack') {
    const e = MQTT3_CONNACK[code];
    if (!e) return `Connection refused with unknown return code ${code}`;
    return e.hint ? `${e.name} (return code ${code}). ${e.hint}` : `${e.name} (return code ${code})`;
  }
  const special = successName(code, packet);
  if (special) return `${special} (${hex})`;
  const e = MQTT5[code];
  if (!e) return `Unknown reason code ${hex}`;
  return e.hint ? `${e.name} (${hex}). ${e.hint}` : `${e.name} (${hex})`;
}

/** True for codes that mean the broker refused the credentials or the client: retrying will not help. */
export function isPermanentConnackRefusal(code: number, protocolVersion: 3 | 4 | 5): boolean {
  if (protocolVersion !== 5) return code === 1 || code === 2 || code === 4 || code === 5;
  return [0x84, 0x85, 0x86, 0x87, 0x8a, 0x8c, 0x95, 0x9a, 0x9b].includes(code);
}

/** The MQTT 5 code of a reason name (as mqtt.js words its errors, e.g. "Not authorized"), if known. */
export function reasonCodeOf(name: string): number | undefined {
  const wanted = name.trim().toLowerCase();
  for (const [code, entry] of Object.entries(MQTT5)) if (entry.name.toLowerCase() === wanted) return Number(code);
  return undefined;
}

/**
 * A refusal mqtt.js reported as an error ("Subscribe error: Not authorized", code 0x87 when it
 * kept it) in TraceMQ's words with the code, e.g. "Not authorized (0x87). The broker does not…".
 */
export function refusalText(error: unknown, packet: PacketKind, protocolVersion: 3 | 4 | 5): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number') return reasonText(code, packet, protocolVersion);
  const message = error instanceof Error ? error.message : String(error);
  const named = /^(?:Subscribe|Publish|Unsubscribe) error: (.+)$/.exec(message)?.[1];
  const fromName = named === undefined ? undefined : reasonCodeOf(named);
  return fromName === undefined ? (named ?? message) : reasonText(fromName, packet, protocolVersion);
}
