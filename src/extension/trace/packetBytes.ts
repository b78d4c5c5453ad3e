import mqttPacket, { type Packet } from 'mqtt-packet';
import type { KeptPacket } from './packetEntry';

/** A packet's bytes for the hex view, and what they leave out. */
export interface PacketBytes {
  bytes: Uint8Array;
  /** PUBLISH payload bytes after the kept head, not shown. */
  payloadOmitted: number;
  /** Secret fields left out of these bytes (so they differ from the wire there). */
  withheld: string[];
}

/**
 * The bytes of a kept packet, regenerated with mqtt-packet (only when a row is opened, never on
 * the hot path). A PUBLISH whose payload was cut keeps its real remaining length in the header,
 * so the header reads as it did on the wire.
 */
export function packetBytes(kept: KeptPacket, version: 3 | 4 | 5): PacketBytes {
  const generated = mqttPacket.generate(kept.packet, { protocolVersion: version });
  const withheld = kept.withheld ?? [];
  const head = kept.packet.cmd === 'publish' ? payloadLengthOf(kept.packet) : 0;
  const omitted = kept.payloadLength !== undefined ? kept.payloadLength - head : 0;
  if (omitted <= 0) return { bytes: new Uint8Array(generated), payloadOmitted: 0, withheld };
  const { remaining, headerSize } = fixedHeader(generated);
  const header = Buffer.concat([generated.subarray(0, 1), varint(remaining + omitted)]);
  return { bytes: new Uint8Array(Buffer.concat([header, generated.subarray(headerSize)])), payloadOmitted: omitted, withheld };
}

/** Size on the wire of a packet we sent (mqtt-packet leaves `length` unset on those). */
export function sentWireSize(packet: Packet, version: 3 | 4 | 5, payloadLength?: number): number {
  const generated = mqttPacket.generate(packet, { protocolVersion: version });
  if (packet.cmd !== 'publish' || payloadLength === undefined) return generated.length;
  const extra = payloadLength - payloadLengthOf(packet);
  if (extra === 0) return generated.length;
  const { remaining, headerSize } = fixedHeader(generated);
  return 1 + varint(remaining + extra).length + (generated.length - headerSize) + extra;
}

function payloadLengthOf(packet: Packet): number {
  const payload = (packet as { payload?: string | Buffer | null }).payload;
  if (payload == null) return 0;
  return typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
}

function fixedHeader(bytes: Buffer): { remaining: number; headerSize: number } {
  let remaining = 0;
  let multiplier = 1;
  let i = 1;
  for (;;) {
    const b = bytes[i++] ?? 0;
    remaining += (b & 0x7f) * multiplier;
    multiplier *= 128;
    if ((b & 0x80) === 0) break;
  }
  return { remaining, headerSize: i };
}

function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}
