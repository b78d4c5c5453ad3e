import type { JsonValue } from '../../shared/json/jsonValue';
import type { DecoderFormat } from './decoderBinding';

/** A loaded decoder for one binding: bytes to a JSON value and back. Both may throw; PayloadDecoder turns that into words. */
export interface PayloadCodec {
  readonly format: DecoderFormat;
  /** The payload as a JSON value (SPEC.md rules: exact 64-bit integers, bytes as base64, enums by name). */
  decode(payload: Uint8Array): JsonValue;
  /** A JSON value (as the decoder gives it) encoded; throws PayloadEncodeError naming the field on bad input. */
  encode(value: unknown): Uint8Array;
}

/** Bad input to `encode`, in words that name the field ("telemetry.temperature: expected a number"). */
export class PayloadEncodeError extends Error {
  override readonly name = 'PayloadEncodeError';
}
