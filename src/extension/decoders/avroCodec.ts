import avro from 'avsc';
import type { JsonValue } from '../../shared/json/jsonValue';
import { installAvroBounds } from './avroBounds';
import { toJsonSafe } from './jsonSafeValue';
import { PayloadEncodeError, type PayloadCodec } from './payloadCodec';

installAvroBounds();

const UINT64 = 2n ** 64n;

/** Avro `long` as BigInt: avsc's own refuses values beyond 2^53 ("potential precision loss"); SPEC.md wants them exact. */
const exactLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer): bigint => buf.readBigInt64LE(),
  toBuffer: (n: bigint): Buffer => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (n: unknown): bigint => BigInt(n as number),
  toJSON: (n: bigint): number | string => n.toString(),
  isValid: (n: unknown): boolean => typeof n === 'bigint' && n >= -(UINT64 / 2n) && n < UINT64 / 2n,
  compare: (a: bigint, b: bigint): number => (a === b ? 0 : a < b ? -1 : 1),
});

/** An Avro type from the text of an `.avsc` file; throws with avsc's words on a bad schema. */
export function avroTypeFromSchema(text: string): avro.Type {
  const schema: unknown = JSON.parse(text);
  return avro.Type.forSchema(schema as avro.Schema, { registry: { long: exactLong } as unknown as Record<string, avro.Type>, wrapUnions: 'auto' });
}

interface AvroTypeShape {
  typeName: string;
  fields?: { name: string; type: AvroTypeShape }[];
  itemsType?: AvroTypeShape;
  valuesType?: AvroTypeShape;
  types?: AvroTypeShape[];
  branchName?: string;
  name?: string;
  isValid(value: unknown): boolean;
}

/** An Avro schema as a PayloadCodec (one datum per payload, no container file header). */
export class AvroCodec implements PayloadCodec {
  readonly format = 'avro';

  constructor(readonly type: avro.Type) {}

  decode(payload: Uint8Array): JsonValue {
    return toJsonSafe(this.type.fromBuffer(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)));
  }

  encode(value: unknown): Uint8Array {
    const prepared = prepare(this.type, value, 0);
    const named = (this.type as unknown as AvroTypeShape).name;
    // `reading.temperature` for a record named `acme.Reading`, like the protobuf encoder's paths.
    const root = named ? (named.split('.').pop() ?? named).replace(/^./, (c) => c.toLowerCase()) : 'value';
    let problem: string | undefined;
    const valid = this.type.isValid(prepared, {
      errorHook: (path: string[], _value: unknown, type: avro.Type) => {
        problem ??= `${[root, ...path].join('.')}: expected ${describe(type)}`;
      },
    });
    if (!valid) throw new PayloadEncodeError(problem ?? 'does not match the schema');
    return this.type.toBuffer(prepared);
  }
}

function describe(type: AvroTypeShape): string {
  switch (type.typeName) {
    case 'int':
    case 'long':
    case 'abstract:long':
      return `a whole number (${type.typeName.replace('abstract:', '')})`;
    case 'float':
    case 'double':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'bytes':
    case 'fixed':
      return 'base64 text (bytes)';
    case 'record':
      return `an object (record ${type.name ?? ''})`.replace(' )', ')');
    case 'array':
      return 'an array';
    case 'map':
      return 'an object (map)';
    case 'enum':
      return `one of the enum's symbols`;
    default:
      return `a ${type.typeName}`;
  }
}

/**
 * The JSON the decoder shows (bytes as base64, longs as numbers or strings) turned back into what
 * avsc encodes (Buffers, BigInts). Values that do not fit are left as they are for isValid to name.
 */
function prepare(type: AvroTypeShape, value: unknown, depth: number): unknown {
  if (depth > 64 || value === null || value === undefined) return value;
  switch (type.typeName) {
    case 'long':
    case 'abstract:long': // exactLong
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
      return value;
    case 'bytes':
    case 'fixed':
      return typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? Buffer.from(value, 'base64') : value;
    case 'record':
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      return Object.fromEntries((type.fields ?? []).map((f) => [f.name, prepare(f.type, (value as Record<string, unknown>)[f.name], depth + 1)]));
    case 'array':
      return Array.isArray(value) && type.itemsType ? value.map((v) => prepare(type.itemsType as AvroTypeShape, v, depth + 1)) : value;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value) || !type.valuesType) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prepare(type.valuesType as AvroTypeShape, v, depth + 1)]));
    case 'union:unwrapped':
      for (const branch of type.types ?? []) {
        const candidate = prepare(branch, value, depth + 1);
        if (branch.isValid(candidate)) return candidate;
      }
      return value;
    case 'union:wrapped': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const [name, inner] = Object.entries(value)[0] ?? [];
      const branch = (type.types ?? []).find((b) => b.branchName === name);
      return branch && name !== undefined ? { [name]: prepare(branch, inner, depth + 1) } : value;
    }
    default:
      return value;
  }
}
