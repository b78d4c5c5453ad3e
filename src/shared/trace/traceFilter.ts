import { isCount, isRecord } from '../ipc/webviewProtocol';
import { PACKET_TYPES, TRANSPORT_TYPES, type TraceDirection, type TraceEntry, type TraceType } from './traceEntry';

/** What the timeline shows: every condition given must hold (an empty `types` means every type). */
export interface TraceFilter {
  types: TraceType[];
  dir?: TraceDirection;
  /** Part of the topic (case-insensitive); entries without a topic do not match. */
  topic?: string;
  packetId?: number;
}

export const NO_TRACE_FILTER: TraceFilter = { types: [] };

const TYPES: ReadonlySet<string> = new Set([...PACKET_TYPES, ...TRANSPORT_TYPES]);
const DIRECTIONS: ReadonlySet<string> = new Set(['in', 'out', 'transport']);
const MAX_TOPIC_TEXT = 65_535;

export function matchesTraceFilter(entry: TraceEntry, filter: TraceFilter, topicLower = filter.topic?.toLowerCase()): boolean {
  if (filter.types.length > 0 && !filter.types.includes(entry.type)) return false;
  if (filter.dir !== undefined && entry.dir !== filter.dir) return false;
  if (filter.packetId !== undefined && entry.packetId !== filter.packetId) return false;
  if (topicLower !== undefined && topicLower !== '' && !(entry.topic?.toLowerCase().includes(topicLower) ?? false)) return false;
  return true;
}

/** A filter from untrusted input, rebuilt from its known fields, or undefined when malformed. */
export function traceFilterOf(v: unknown): TraceFilter | undefined {
  if (!isRecord(v) || !Array.isArray(v.types) || v.types.length > TYPES.size) return undefined;
  const types: TraceType[] = [];
  for (const t of v.types) {
    if (typeof t !== 'string' || !TYPES.has(t)) return undefined;
    types.push(t as TraceType);
  }
  const filter: TraceFilter = { types };
  if (v.dir !== undefined) {
    if (typeof v.dir !== 'string' || !DIRECTIONS.has(v.dir)) return undefined;
    filter.dir = v.dir as TraceDirection;
  }
  if (v.topic !== undefined) {
    if (typeof v.topic !== 'string' || v.topic.length > MAX_TOPIC_TEXT) return undefined;
    filter.topic = v.topic;
  }
  if (v.packetId !== undefined) {
    if (!isCount(v.packetId) || v.packetId > 65_535) return undefined;
    filter.packetId = v.packetId;
  }
  return filter;
}
