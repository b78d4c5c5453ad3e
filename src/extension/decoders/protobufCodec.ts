import protobuf from 'protobufjs';
import type { JsonValue } from '../../shared/json/jsonValue';
import type { DecoderFormat } from './decoderBinding';
import { DECODE_LIMITS } from './decodeLimits';
import { toJsonSafe } from './jsonSafeValue';
import { PayloadEncodeError, type PayloadCodec } from './payloadCodec';
import { protobufJsonProblem } from './protobufJsonCheck';

// protobufjs's generated decoders and converters stop past this depth ("max depth exceeded").
// Half of maxDepth: each message level may add an array level to the JSON value.
protobuf.util.recursionLimit = Math.min(protobuf.util.recursionLimit, Math.floor(DECODE_LIMITS.maxDepth / 2));
protobuf.Reader.recursionLimit = protobuf.util.recursionLimit;

/**
 * How a decoded message becomes an object: enums by name, bytes as base64 (protobufjs), 64-bit
 * integers left as Long for toJsonSafe to make exact (a number, or a string beyond 2^53), and
 * fields at their default value shown (a device reading 0 °C sends no temperature field at all).
 */
const TO_OBJECT: protobuf.IConversionOptions = { enums: String, bytes: String, defaults: true, arrays: true, objects: true };

/** The JSON-path prefix of encode errors: `Telemetry` → `telemetry`. */
const pathRoot = (type: protobuf.Type): string => type.name.charAt(0).toLowerCase() + type.name.slice(1);

/** A protobuf message type as a PayloadCodec (decode with toObject, encode with a checked fromObject). */
export class ProtobufCodec implements PayloadCodec {
  constructor(
    readonly type: protobuf.Type,
    readonly format: DecoderFormat = 'protobuf',
  ) {}

  decode(payload: Uint8Array): JsonValue {
    return toJsonSafe(this.type.toObject(this.type.decode(payload), TO_OBJECT));
  }

  encode(value: unknown): Uint8Array {
    const problem = protobufJsonProblem(this.type, value, pathRoot(this.type));
    if (problem) throw new PayloadEncodeError(problem);
    return this.type.encode(this.type.fromObject(value as Record<string, unknown>)).finish();
  }
}
