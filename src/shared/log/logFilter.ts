import { isQos, type QoS } from '../mqtt/publishShapes';
import { isRecord } from '../ipc/webviewProtocol';

/**
 * What a log view shows; every field narrows it, an empty filter shows everything. Applied on the
 * host over the whole store, never in the webview.
 */
export interface LogFilter {
  /** An MQTT topic filter, with `+` and `#`. */
  topic?: string;
  /** Text looked for in the payload (as UTF-8); a JavaScript regular expression when `regex`. */
  text?: string;
  regex?: boolean;
  matchCase?: boolean;
  /** Only messages received with one of these QoS levels. */
  qos?: QoS[];
  retainedOnly?: boolean;
}

/** Longest topic filter or search text a view may send. */
export const MAX_FILTER_CHARS = 4096;

/** A LogFilter built from untrusted input with only the known fields, or undefined when malformed. */
export function logFilterOf(v: unknown): LogFilter | undefined {
  if (!isRecord(v)) return undefined;
  const filter: LogFilter = {};
  const { topic, text, regex, matchCase, qos, retainedOnly } = v;
  if (topic !== undefined) {
    if (typeof topic !== 'string' || topic.length > MAX_FILTER_CHARS) return undefined;
    filter.topic = topic;
  }
  if (text !== undefined) {
    if (typeof text !== 'string' || text.length > MAX_FILTER_CHARS) return undefined;
    filter.text = text;
  }
  for (const [key, value] of [['regex', regex], ['matchCase', matchCase], ['retainedOnly', retainedOnly]] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return undefined;
    filter[key] = value;
  }
  if (qos !== undefined) {
    if (!Array.isArray(qos) || qos.length > 3 || !qos.every(isQos)) return undefined;
    filter.qos = [...new Set(qos)].sort();
  }
  return filter;
}
