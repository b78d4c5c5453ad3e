/**
 * Bounds on decoding, so that a hostile payload (deep nesting, a length that claims gigabytes, a
 * CBOR value shared a million times) costs a bounded amount of time and memory and ends in words.
 * JavaScript cannot interrupt a synchronous decode, so time is bounded through what is read and
 * what is built: the input size, the nesting depth and the number of values produced.
 */
export const DECODE_LIMITS = {
  /** Largest payload decoded (bytes); a larger one gets an error, its raw views still work. */
  maxPayloadBytes: 16 * 1024 * 1024,
  /** Deepest nesting of the decoded value (objects and arrays). */
  maxDepth: 64,
  /** Most values (scalars, objects, arrays) in one decoded value. */
  maxValues: 1_000_000,
  /** Most characters of strings in one decoded value (a shared string counts each time it appears). */
  maxStringChars: 64 * 1024 * 1024,
  /** Most items one Avro array or map block may claim when its items take no bytes (`null`). */
  maxZeroWidthItems: 1_000_000,
} as const;
