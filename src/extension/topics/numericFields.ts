/**
 * Numbers in payloads, for the Topics pane's chart: which JSON Pointers (RFC 6901) of a payload
 * hold numbers, and the number at one of them. A payload that is a number as text is the pointer
 * `""`. Payloads that are neither are skipped, never an error: a chart shows what it can.
 */

/** Most fields listed for one payload (a huge JSON document does not flood the picker). */
const MAX_FIELDS_PER_PAYLOAD = 200;
/** Payloads larger than this are not parsed for numbers. */
export const MAX_PARSED_BYTES = 256 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload as JSON (a bare number included), or undefined when it is not JSON or too large. */
export function parsedPayload(payload: Uint8Array): unknown {
  if (payload.length === 0 || payload.length > MAX_PARSED_BYTES) return undefined;
  try {
    return JSON.parse(utf8.decode(payload)) as unknown;
  } catch {
    return undefined;
  }
}

/** Pointers of the numbers in a parsed payload, depth first, at most MAX_FIELDS_PER_PAYLOAD. */
export function numericPointers(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, pointer: string, depth: number): void => {
    if (out.length >= MAX_FIELDS_PER_PAYLOAD || depth > 16) return;
    if (typeof v === 'number' && Number.isFinite(v)) out.push(pointer);
    else if (Array.isArray(v)) v.forEach((item, i) => { walk(item, `${pointer}/${i}`, depth + 1); });
    else if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) walk(item, `${pointer}/${escapeToken(key)}`, depth + 1);
    }
  };
  walk(value, '', 0);
  return out;
}

/** The finite number at `pointer` in a parsed payload, or undefined. */
export function numberAt(value: unknown, pointer: string): number | undefined {
  let v = value;
  if (pointer !== '') {
    for (const token of pointer.slice(1).split('/')) {
      if (typeof v !== 'object' || v === null) return undefined;
      const key = unescapeToken(token);
      v = Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<string, unknown>)[key] : undefined;
    }
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const escapeToken = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');
const unescapeToken = (token: string): string => token.replaceAll('~1', '/').replaceAll('~0', '~');
