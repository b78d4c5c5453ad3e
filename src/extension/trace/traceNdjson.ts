import type { JsonObject } from '../../shared/json/jsonValue';
import type { TraceEntry } from '../../shared/trace/traceEntry';

/**
 * One NDJSON line of `TraceMQ: Export Protocol Trace…` (issue 25): `at` (ISO time), `dir`, `type`,
 * then `packetId`, `qos`, `topic`, `reasonCode`, `reason`, `properties`, `bytes`, `ackMs` when
 * known, then the entry's decoded fields. A CONNECT line carries `"password": "set"` or nothing.
 */
export function toTraceNdjsonLine(entry: TraceEntry): string {
  const line: JsonObject = { at: new Date(entry.at).toISOString(), dir: entry.dir, type: entry.type };
  if (entry.packetId !== undefined) line.packetId = entry.packetId;
  if (entry.qos !== undefined) line.qos = entry.qos;
  if (entry.topic !== undefined) line.topic = entry.topic;
  if (entry.reasonCode !== undefined) line.reasonCode = entry.reasonCode;
  if (entry.reason !== undefined) line.reason = entry.reason;
  if (entry.properties !== undefined) line.properties = entry.properties;
  if (entry.bytes !== undefined) line.bytes = entry.bytes;
  if (entry.ackMs !== undefined) line.ackMs = entry.ackMs;
  if (entry.dup) line.dup = true;
  if (entry.unanswered) line.unanswered = true;
  if (entry.dropped !== undefined) line.dropped = entry.dropped;
  if (entry.acks) line.acks = entry.acks.map((a) => ({ type: a.type, ms: a.ms }));
  for (const [name, value] of Object.entries(entry.fields)) {
    if (name in line) continue;
    // "set" or nothing: an unset password is left out of the line.
    if (entry.type === 'connect' && name === 'password' && value !== 'set') continue;
    line[name] = value;
  }
  line.summary = entry.summary;
  return JSON.stringify(line);
}
