import { isUtf8 } from 'node:buffer';
import type { StoredMessage } from './messageStore';

/**
 * What a decoder says of one message for the export: its decoded value or why it did not decode;
 * undefined when the message's topic has no binding. (decoders/payloadDecoder.ts gives this shape.)
 */
export type ExportDecode = (m: StoredMessage) => { value: unknown } | { error: string } | undefined;

/** A byte value in the export: UTF-8 text when valid, else base64 marked as such. */
type ExportedBytes = string | { encoding: 'base64'; data: string };

const exportBytes = (bytes: Uint8Array): ExportedBytes =>
  isUtf8(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : { encoding: 'base64', data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };

/** MQTT 5 properties as received, with binary values (correlation data) made JSON-safe. */
function exportProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    out[key] = value instanceof Uint8Array ? exportBytes(value) : value;
  }
  return out;
}

/**
 * One message as a line of the export format of SPEC.md: `topic`, `payload` (UTF-8 text when
 * valid, else base64 with `"encoding": "base64"`), `qos`, `retain`, `receivedAt` (ISO time), and
 * for MQTT 5 `properties` as received. With `decode`, a message on a bound topic also carries
 * `decoded` (a JSON value) or `decodeError` (words); the raw payload is written as without it.
 * Ends with a newline.
 */
export function toNdjsonLine(m: StoredMessage, decode?: ExportDecode): string {
  const line: Record<string, unknown> = { topic: m.topic };
  if (isUtf8(m.payload)) line.payload = Buffer.from(m.payload.buffer, m.payload.byteOffset, m.payload.byteLength).toString('utf8');
  else {
    line.payload = Buffer.from(m.payload.buffer, m.payload.byteOffset, m.payload.byteLength).toString('base64');
    line.encoding = 'base64';
  }
  line.qos = m.qos;
  line.retain = m.retain;
  line.receivedAt = new Date(m.time).toISOString();
  if (m.properties && Object.keys(m.properties).length > 0) line.properties = exportProperties(m.properties);
  if (decode) {
    const result = decode(m);
    if (result) {
      if ('error' in result) line.decodeError = result.error;
      else line.decoded = result.value;
    }
  }
  return `${JSON.stringify(line)}\n`;
}
