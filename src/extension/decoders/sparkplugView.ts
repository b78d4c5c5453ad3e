import type protobuf from 'protobufjs';
import type { JsonValue } from '../../shared/json/jsonValue';
import { exactInteger, toJsonSafe } from './jsonSafeValue';
import { SPARKPLUG_DATATYPES } from './sparkplugPayloadType';
import type { SparkplugContext } from './sparkplugState';
import { parseSparkplugTopic, type SparkplugTopic } from './sparkplugTopic';

/** A decoded Sparkplug B message as shown: the topic's parts, the payload with readable metrics, and notes in words. */
export interface SparkplugView {
  value: JsonValue;
  notes: string[];
}

const VALUE_FIELDS = ['intValue', 'longValue', 'floatValue', 'doubleValue', 'booleanValue', 'stringValue', 'bytesValue', 'datasetValue', 'templateValue', 'extensionValue'] as const;

/** The note of a data message whose aliases cannot be named. */
export const NO_BIRTH_NOTE = 'no birth seen: aliases unresolved — Request Rebirth';

/**
 * Decodes a Sparkplug B payload (or a primary host's STATE) for display: metric values under
 * `value` with their data type by name (Int8/16/32/64 signed as the specification encodes them),
 * names of alias-only metrics resolved from the birth in force (`context`, from SparkplugState),
 * and notes: seq gaps, bdSeq mismatches, "no birth seen". Throws on a payload that is not one.
 */
export function sparkplugView(type: protobuf.Type, topic: string, payload: Uint8Array, lookup?: (topic: SparkplugTopic & { kind: 'edge' }) => SparkplugContext): SparkplugView {
  const parsed = parseSparkplugTopic(topic);
  if (parsed?.kind === 'state') return { value: hostStateValue(parsed.hostId, parsed.version, payload), notes: [] };
  const object = type.toObject(type.decode(payload), { enums: String, bytes: String, defaults: false }) as Record<string, unknown>;
  const context = parsed && lookup ? lookup(parsed) : undefined;
  const notes = [...(context?.notes ?? [])];
  let unresolved = 0;
  const metrics = ((object.metrics as Record<string, unknown>[] | undefined) ?? []).map((m) => {
    const view = metricView(m);
    if (view.name === undefined && view.alias !== undefined) {
      const key = String(view.alias);
      const info = context?.deviceBirth?.aliases.get(key) ?? context?.nodeBirth?.aliases.get(key);
      if (info) {
        view.name = info.name;
        view.nameFrom = 'birth';
        if (view.datatype === undefined && info.datatype !== undefined) {
          view.datatype = SPARKPLUG_DATATYPES[info.datatype] ?? info.datatype;
          view.value = typedValue(m, info.datatype);
        }
      } else unresolved++;
    }
    return orderedMetric(view);
  });
  if (unresolved > 0 && parsed && lookup) {
    const hasBirth = parsed.deviceId !== undefined ? context?.deviceBirth ?? context?.nodeBirth : context?.nodeBirth;
    notes.push(hasBirth ? `${unresolved} alias${unresolved === 1 ? '' : 'es'} not in the last birth: unresolved — Request Rebirth` : NO_BIRTH_NOTE);
  }
  const value: Record<string, unknown> = {};
  if (parsed) {
    value.messageType = parsed.messageType;
    value.groupId = parsed.groupId;
    value.edgeNodeId = parsed.edgeNodeId;
    if (parsed.deviceId !== undefined) value.deviceId = parsed.deviceId;
  }
  for (const key of ['timestamp', 'seq', 'uuid', 'body']) if (object[key] !== undefined) value[key] = object[key];
  value.metrics = metrics;
  if (notes.length > 0) value.notes = notes;
  return { value: toJsonSafe(value), notes };
}

interface MetricView {
  name?: string;
  alias?: number | string;
  nameFrom?: 'birth';
  timestamp?: unknown;
  datatype?: string | number;
  value?: unknown;
  [key: string]: unknown;
}

function metricView(m: Record<string, unknown>): MetricView {
  const view: MetricView = {};
  if (typeof m.name === 'string') view.name = m.name;
  if (m.alias !== undefined && m.alias !== null) view.alias = exactInteger(BigInt(integerText(m.alias)));
  const datatype = typeof m.datatype === 'number' ? m.datatype : undefined;
  if (datatype !== undefined) view.datatype = SPARKPLUG_DATATYPES[datatype] ?? datatype;
  view.value = typedValue(m, datatype);
  if (m.isNull === true) view.value = null;
  for (const [key, v] of Object.entries(m)) {
    if (['name', 'alias', 'datatype', 'value', ...VALUE_FIELDS].includes(key)) continue;
    view[key] = v;
  }
  return view;
}

/** Name first, value next: how a person reads a metric. */
function orderedMetric(view: MetricView): Record<string, unknown> {
  const { name, alias, nameFrom, datatype, value, ...rest } = view;
  const out: Record<string, unknown> = {};
  if (name !== undefined) out.name = name;
  if (alias !== undefined) out.alias = alias;
  if (nameFrom !== undefined) out.nameFrom = nameFrom;
  if (datatype !== undefined) out.datatype = datatype;
  out.value = value ?? null;
  return Object.assign(out, rest);
}

/** A metric's value by its data type: signed integers are carried as unsigned in Sparkplug B. */
function typedValue(m: Record<string, unknown>, datatype: number | undefined): unknown {
  const field = VALUE_FIELDS.find((f) => m[f] !== undefined && m[f] !== null);
  if (!field) return null;
  const raw = m[field];
  if (field === 'intValue' && typeof raw === 'number') {
    if (datatype === 1) return (raw << 24) >> 24;
    if (datatype === 2) return (raw << 16) >> 16;
    if (datatype === 3) return raw | 0;
    return raw;
  }
  if (field === 'longValue' && raw !== null && typeof raw === 'object') {
    const n = BigInt(integerText(raw));
    return exactInteger(datatype === 4 ? BigInt.asIntN(64, n) : BigInt.asUintN(64, n));
  }
  return raw;
}

/** A protobufjs integer (a number, or a Long when 64-bit) as decimal text. */
function integerText(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return String(value);
  return (value as { toString(): string }).toString();
}

/** A STATE message: Sparkplug 3.0 JSON `{ "online": true, "timestamp": … }`, 2.2 text `ONLINE`/`OFFLINE`. */
function hostStateValue(hostId: string, version: '3.0' | '2.2', payload: Uint8Array): JsonValue {
  const text = new TextDecoder().decode(payload.subarray(0, 4096)).trim();
  if (text === 'ONLINE' || text === 'OFFLINE') return { messageType: 'STATE', hostId, online: text === 'ONLINE', specification: '2.2' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`a STATE message is JSON like {"online": true, "timestamp": …} (Sparkplug 3.0) or ONLINE/OFFLINE (2.2); this one is neither`);
  }
  const state = typeof parsed === 'object' && parsed !== null ? (parsed as { online?: unknown; timestamp?: unknown }) : {};
  if (typeof state.online !== 'boolean') throw new Error('a STATE message needs "online": true or false');
  const value: { [key: string]: JsonValue } = { messageType: 'STATE', hostId, online: state.online, specification: version };
  if (typeof state.timestamp === 'number') value.timestamp = state.timestamp;
  return value;
}
