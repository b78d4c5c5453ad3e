import protobuf from 'protobufjs';
import { DECODE_LIMITS } from './decodeLimits';

const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64']);
const UINT64 = new Set(['uint64', 'fixed64']);
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Why `value` (JSON written by a user) is not a `type` message by the rules the decoder shows it
 * with, naming the field ("telemetry.temperature: expected a number"), or undefined. protobufjs's
 * `fromObject` accepts anything (a text becomes NaN, an unknown enum name 0): this check runs
 * first so that nothing is encoded that the user did not mean.
 */
export function protobufJsonProblem(type: protobuf.Type, value: unknown, path: string, depth = 0): string | undefined {
  if (depth > DECODE_LIMITS.maxDepth) return `${path}: nested deeper than ${DECODE_LIMITS.maxDepth} levels`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected an object (a ${type.name} message)`;
  for (const [key, item] of Object.entries(value)) {
    const field = type.fields[key] ?? type.fieldsArray.find((f) => f.name === key || (f.options?.json_name as string | undefined) === key);
    if (!field) {
      const known = type.fieldsArray.map((f) => f.name);
      return `${path}.${key}: ${type.name} has no such field${known.length ? ` (fields: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''})` : ''}`;
    }
    if (item === null) continue;
    const at = `${path}.${key}`;
    field.resolve();
    if (field instanceof protobuf.MapField) {
      if (typeof item !== 'object' || Array.isArray(item)) return `${at}: expected an object (a map)`;
      for (const [k, v] of Object.entries(item as object)) {
        if (field.keyType !== 'string' && !/^-?\d+$/.test(k) && field.keyType !== 'bool') return `${at}: map key "${k}" must be a whole number`;
        const problem = scalarOrMessageProblem(field, v, `${at}.${k}`, depth);
        if (problem) return problem;
      }
      continue;
    }
    if (field.repeated) {
      if (!Array.isArray(item)) return `${at}: expected an array`;
      for (let i = 0; i < item.length; i++) {
        const problem = scalarOrMessageProblem(field, item[i], `${at}[${i}]`, depth);
        if (problem) return problem;
      }
      continue;
    }
    const problem = scalarOrMessageProblem(field, item, at, depth);
    if (problem) return problem;
  }
  return undefined;
}

function scalarOrMessageProblem(field: protobuf.Field, value: unknown, at: string, depth: number): string | undefined {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return protobufJsonProblem(resolved, value, at, depth + 1);
  if (resolved instanceof protobuf.Enum) {
    if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(resolved.values, value)) return undefined;
    if (typeof value === 'number' && Object.values(resolved.values).includes(value)) return undefined;
    const names = Object.keys(resolved.values);
    return `${at}: expected one of ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''} (enum ${resolved.name})`;
  }
  const type = field.type;
  if (type === 'double' || type === 'float') {
    if (typeof value === 'number' || (typeof value === 'string' && (['NaN', 'Infinity', '-Infinity'].includes(value) || (value.trim() !== '' && Number.isFinite(Number(value)))))) return undefined;
    return `${at}: expected a number`;
  }
  if (INT32.has(type) || UINT32.has(type)) {
    const [min, max] = INT32.has(type) ? [-2147483648, 2147483647] : [0, 4294967295];
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return undefined;
    return `${at}: expected a whole number from ${min} to ${max} (${type})`;
  }
  if (INT64.has(type) || UINT64.has(type)) {
    const [min, max] = INT64.has(type) ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
    let n: bigint | undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
    else if (typeof value === 'string' && /^-?\d+$/.test(value)) n = BigInt(value);
    if (n !== undefined && n >= min && n <= max) return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) return `${at}: ${value} is beyond 2^53 and not exact in JSON; write it as a string, e.g. "${BigInt(value).toString()}"`;
    return `${at}: expected a whole number from ${min} to ${max} (${type}; a string beyond 2^53)`;
  }
  if (type === 'bool') return typeof value === 'boolean' ? undefined : `${at}: expected true or false`;
  if (type === 'string') return typeof value === 'string' ? undefined : `${at}: expected a string`;
  if (type === 'bytes') return typeof value === 'string' && BASE64.test(value) && value.length % 4 !== 1 ? undefined : `${at}: expected base64 text (bytes)`;
  return undefined;
}
