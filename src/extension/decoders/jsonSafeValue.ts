import type { JsonValue } from '../../shared/json/jsonValue';
import { DECODE_LIMITS } from './decodeLimits';
import { DecodeLimitError } from './decodeLimitError';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit integer as JSON: a number while exact (|n| ≤ 2^53 − 1), else its decimal string. */
export function exactInteger(n: bigint): number | string {
  return n <= MAX_SAFE && n >= -MAX_SAFE ? Number(n) : n.toString();
}

interface LongLike {
  __isLong__: true;
  high: number;
  low: number;
  unsigned: boolean;
  toString(): string;
}

/** A Long as JSON: from its two halves while exact (the common case, no text made), else its decimal string. */
function longValue(long: LongLike): number | string {
  const n = (long.unsigned ? long.high >>> 0 : long.high | 0) * 4294967296 + (long.low >>> 0);
  return Number.isSafeInteger(n) ? n : exactInteger(BigInt(long.toString()));
}
const isLong = (v: object): v is LongLike => (v as { __isLong__?: unknown }).__isLong__ === true;

/**
 * What any decoder returned, made a JSON value by the rules of SPEC.md: 64-bit integers exact
 * (strings beyond 2^53), bytes as base64, maps as objects, dates as ISO text, NaN and the
 * infinities as their names. Bounded by DECODE_LIMITS (depth, values, string characters), which
 * also stops a value that refers to itself; throws DecodeLimitError past them.
 */
export function toJsonSafe(value: unknown): JsonValue {
  const budget = { values: 0, chars: 0 };
  return convert(value, 0, budget);
}

function convert(value: unknown, depth: number, budget: { values: number; chars: number }): JsonValue {
  if (++budget.values > DECODE_LIMITS.maxValues) throw new DecodeLimitError(`the decoded value has more than ${DECODE_LIMITS.maxValues.toLocaleString('en-US')} values; TraceMQ stops there`);
  switch (typeof value) {
    case 'string':
      budget.chars += value.length;
      if (budget.chars > DECODE_LIMITS.maxStringChars) throw new DecodeLimitError(`the decoded value holds more than ${DECODE_LIMITS.maxStringChars / 1024 / 1024} M characters of text; TraceMQ stops there`);
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return exactInteger(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
    default:
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Uint8Array) return convert(Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString('base64'), depth, budget);
  if (isLong(object)) return longValue(object);
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (depth >= DECODE_LIMITS.maxDepth) throw new DecodeLimitError(`nested deeper than ${DECODE_LIMITS.maxDepth} levels; TraceMQ does not read further`);
  if (Array.isArray(object) || object instanceof Set || ArrayBuffer.isView(object)) {
    const out: JsonValue[] = [];
    for (const item of object instanceof Set ? object : Array.isArray(object) ? object : Array.from(object as unknown as ArrayLike<unknown>)) out.push(convert(item, depth + 1, budget));
    return out;
  }
  const out: { [key: string]: JsonValue } = {};
  const entries: Iterable<[unknown, unknown]> = object instanceof Map ? object : Object.entries(object);
  for (const [key, item] of entries) {
    const name = typeof key === 'string' ? key : typeof key === 'number' || typeof key === 'bigint' || typeof key === 'boolean' ? String(key) : JSON.stringify(convert(key, depth + 1, budget));
    const converted = convert(item, depth + 1, budget);
    // defineProperty: a key named "__proto__" stays a key, never a prototype (plain assignment, much
    // faster, for every other key).
    if (name === '__proto__') Object.defineProperty(out, name, { value: converted, enumerable: true, writable: true, configurable: true });
    else out[name] = converted;
  }
  return out;
}
