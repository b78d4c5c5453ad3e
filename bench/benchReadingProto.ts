/**
 * The protobuf message of the decoders-in-the-log bench part (bench/decodersUi.ts): its `.proto`
 * is written into the bench workspace and bound there, and the publisher encodes with it, so the
 * two sides cannot drift apart.
 */
import protobuf from 'protobufjs';

export const READING_PROTO_FILE = 'bench-reading.proto';
export const READING_TYPE = 'bench.Reading';
/** The workspace binding (`.tracemq.json` `decoders`), of a topic filter no other bench part publishes under. */
export const READING_BINDING = { topic: 'bench/pb/#', format: 'protobuf', proto: READING_PROTO_FILE, type: READING_TYPE } as const;
export const READING_PROTO = `syntax = "proto3";
package bench;

message Reading {
  string sensor = 1;
  uint32 i = 2;
  double value = 3;
  bytes pad = 4;
}
`;

/**
 * Encodes reading `i` padded (field 4) to exactly `size` bytes, so that every PUBLISH packet of a
 * run has the same length (the publisher cuts its chunk at packet boundaries). The pad's length
 * prefix is a varint whose width depends on the pad, so some sizes fall in a gap (127 pad bytes
 * encode as 129, 128 as 131): there the sensor name takes the missing bytes.
 */
export function readingEncoder(): (i: number, size: number) => Uint8Array {
  const type = protobuf.parse(READING_PROTO).root.lookupType(READING_TYPE);
  const encode = (i: number, padBytes: number, sensor = 'bench'): Uint8Array => type.encode({ sensor, i, value: 21.5, pad: new Uint8Array(padBytes).fill(0x78) }).finish();
  return (i, size) => {
    const bare = encode(i, 0).length;
    if (bare > size) throw new Error(`a protobuf bench reading needs at least ${bare} bytes; ${size} were asked for`);
    let pad = size - bare;
    let out = encode(i, pad);
    while (out.length > size && pad > 0) out = encode(i, --pad);
    if (out.length < size) out = encode(i, pad, 'bench' + ' '.repeat(size - out.length));
    if (out.length !== size) throw new Error(`cannot encode a protobuf bench reading of exactly ${size} bytes (got ${out.length})`);
    return out;
  };
}
