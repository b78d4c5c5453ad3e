import { PayloadEncodeError } from './payloadCodec';
import { SPARKPLUG_DATATYPES } from './sparkplugPayloadType';

const INT32_TYPES = new Set([1, 2, 3, 5, 6, 7]);
const LONG_TYPES = new Set([4, 8, 13]);

/**
 * A Sparkplug B payload written as the decoder shows it (`metrics` with `name`, `datatype` by name
 * or number, `value`) turned into the protobuf shape (`intValue`, `longValue`, …) that the
 * ProtobufCodec checks and encodes. The topic's parts and notes of the shown form are dropped.
 */
export function sparkplugPayloadFromJson(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PayloadEncodeError('payload: expected an object like { "metrics": [ { "name": "…", "datatype": "Int32", "value": 1 } ] }');
  const { messageType: _m, groupId: _g, edgeNodeId: _e, deviceId: _d, notes: _n, metrics, ...rest } = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest };
  if (metrics !== undefined) {
    if (!Array.isArray(metrics)) throw new PayloadEncodeError('payload.metrics: expected an array');
    out.metrics = metrics.map((m, i) => metricFromJson(m, `payload.metrics[${i}]`));
  }
  return out;
}

function metricFromJson(metric: unknown, at: string): Record<string, unknown> {
  if (typeof metric !== 'object' || metric === null || Array.isArray(metric)) throw new PayloadEncodeError(`${at}: expected an object like { "name": "…", "datatype": "Int32", "value": 1 }`);
  const { datatype, value, nameFrom: _nameFrom, ...rest } = metric as Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest };
  let type: number | undefined;
  if (typeof datatype === 'string') {
    type = SPARKPLUG_DATATYPES.indexOf(datatype);
    if (type < 0) throw new PayloadEncodeError(`${at}.datatype: expected a Sparkplug data type (${SPARKPLUG_DATATYPES.slice(1, 22).join(', ')})`);
  } else if (typeof datatype === 'number') type = datatype;
  else if (datatype !== undefined) throw new PayloadEncodeError(`${at}.datatype: expected a data type name like "Int32"`);
  if (value === undefined) {
    if (type !== undefined) out.datatype = type;
    return out;
  }
  if (value === null) {
    out.isNull = true;
    if (type !== undefined) out.datatype = type;
    return out;
  }
  type ??= typeof value === 'boolean' ? 11 : typeof value === 'string' ? 12 : Number.isInteger(value) ? 4 : 10;
  out.datatype = type;
  const name = SPARKPLUG_DATATYPES[type] ?? String(type);
  const expect = (ok: boolean, what: string): void => {
    if (!ok) throw new PayloadEncodeError(`${at}.value: expected ${what} (datatype ${name})`);
  };
  if (INT32_TYPES.has(type)) {
    const [min, max] = type <= 3 ? [-(2 ** (8 * 2 ** (type - 1) - 1)), 2 ** (8 * 2 ** (type - 1) - 1) - 1] : [0, 2 ** (8 * 2 ** (type - 5)) - 1];
    expect(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max, `a whole number from ${min} to ${max}`);
    out.intValue = (value as number) >>> 0;
  } else if (LONG_TYPES.has(type)) {
    const ok = (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^-?\d+$/.test(value));
    expect(ok, 'a whole number (a string beyond 2^53)');
    const n = BigInt(value as number | string);
    expect(type === 4 ? n >= -(2n ** 63n) && n < 2n ** 63n : n >= 0n && n < 2n ** 64n, type === 4 ? 'a whole number within 64-bit signed range' : 'a whole number from 0 to 18446744073709551615');
    out.longValue = BigInt.asUintN(64, n).toString();
  } else if (type === 9 || type === 10) {
    expect(typeof value === 'number', 'a number');
    out[type === 9 ? 'floatValue' : 'doubleValue'] = value;
  } else if (type === 11) {
    expect(typeof value === 'boolean', 'true or false');
    out.booleanValue = value;
  } else if (type === 12 || type === 14 || type === 15) {
    expect(typeof value === 'string', 'a string');
    out.stringValue = value;
  } else if (type === 17 || type === 18) {
    expect(typeof value === 'string', 'base64 text (bytes)');
    out.bytesValue = value;
  } else if (type === 16) out.datasetValue = value;
  else if (type === 19) out.templateValue = value;
  else throw new PayloadEncodeError(`${at}.value: TraceMQ cannot encode a value of datatype ${name}; write the protobuf field (e.g. "intValue") instead of "value"`);
  return out;
}
