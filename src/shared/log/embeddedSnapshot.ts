/**
 * The log view's first `log/snapshot`, sent with the page instead of after the page's `log/ready`
 * (so that the first render has rows and the first opening does not wait a round trip through the
 * extension host). The host writes it into the HTML as a `<script type="application/json">` data
 * block; the view reads it before its first render.
 *
 * The text is JSON that cannot end its script element early whatever the payloads hold: every `<`,
 * `>` and `&` is written as a `\u` escape (so no `</script>` and no `<!--`), and so are U+2028 and
 * U+2029. Bytes (row previews) travel as `{"$bytes": "<base64>"}`; a key of the data that starts
 * with `$` is written with one more `$`, so that no data can pass for bytes.
 */
import type { LogHostNotifications } from './logProtocol';
import { fromBase64, toBase64 } from '../payload/payloadFormat';

/** The id of the data block in the page. */
export const EMBEDDED_SNAPSHOT_ELEMENT_ID = 'tracemq-snapshot';

export interface EmbeddedSnapshot {
  /**
   * Unique per page the host builds: the view says it in `log/ready` so that the host sends only
   * what came after, and remembers it so that a page shown again (same HTML) does not show it twice.
   */
  id: string;
  snapshot: LogHostNotifications['log/snapshot'];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The snapshot as the text of a script data block (see the module's comment). */
export function embeddedSnapshotText(embedded: EmbeddedSnapshot): string {
  const json = JSON.stringify(embedded, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return { $bytes: toBase64(value) };
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith('$') ? `$${k}` : k, v]));
    }
    return value;
  });
  return json.replace(SCRIPT_UNSAFE, escapeChar);
}

/**
 * The snapshot from the text of its data block; undefined when the text is not one (the view then
 * waits for the host's snapshot, as without it).
 */
export function parseEmbeddedSnapshot(text: string): EmbeddedSnapshot | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => {
      if (!isPlainObject(value)) return value;
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === '$bytes' && typeof value.$bytes === 'string') return fromBase64(value.$bytes) ?? value;
      if (!keys.some((k) => k.startsWith('$'))) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith('$$') ? k.slice(1) : k, v]));
    });
  } catch {
    return undefined;
  }
  if (!isPlainObject(parsed) || typeof parsed.id !== 'string' || !isPlainObject(parsed.snapshot)) return undefined;
  const s = parsed.snapshot;
  if (!isPlainObject(s.connection) || !isPlainObject(s.counters) || !Array.isArray(s.tail)) return undefined;
  return parsed as unknown as EmbeddedSnapshot;
}
