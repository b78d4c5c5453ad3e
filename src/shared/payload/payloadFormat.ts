/**
 * Full-payload views for the detail pane and "open in editor": text, pretty JSON, hex dump and
 * base64, with the automatic choice between them. Pure and bounded: a hostile payload (10 MB,
 * 100,000-deep JSON, invalid UTF-8) gets a reason instead of a hang or a stack overflow.
 */

export type PayloadView = 'text' | 'json' | 'hex' | 'base64';

export interface FormatLimits {
  /** Largest payload that is pretty-printed as JSON. */
  maxJsonBytes: number;
  /** Deepest nesting that is pretty-printed as JSON. */
  maxJsonDepth: number;
  /** Most bytes shown in a hex dump (the rest is counted, not shown). */
  maxHexBytes: number;
}

export const DEFAULT_LIMITS: FormatLimits = { maxJsonBytes: 2 * 1024 * 1024, maxJsonDepth: 64, maxHexBytes: 64 * 1024 };

/** A view's text, or why it does not apply (`limit`: the payload is beyond what is safe to format). */
export type Formatted = { ok: true; text: string; note?: string } | { ok: false; reason: string; limit?: boolean };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The payload as UTF-8 text, or undefined when it is not valid UTF-8. */
export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Deepest nesting of `[`/`{` outside strings, stopping early once past `limit`: a cheap scan that
 * runs before `JSON.parse`, so that absurdly deep documents are never handed to recursive code.
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** The best first view: JSON when it parses as an object or array, text when UTF-8, else hex. */
export function detectView(bytes: Uint8Array, limits: FormatLimits = DEFAULT_LIMITS): PayloadView {
  const text = decodeText(bytes);
  if (text === undefined) return 'hex';
  const trimmed = text.trimStart();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && prettyJson(text, limits).ok) return 'json';
  return 'text';
}

/**
 * Why the automatic choice showed text for a payload that looks like JSON: it is too large or too
 * deep to format safely (plain invalid JSON needs no note: it is simply text).
 */
export function autoViewNote(bytes: Uint8Array, limits: FormatLimits = DEFAULT_LIMITS): string | undefined {
  const text = decodeText(bytes);
  const trimmed = text?.trimStart();
  if (text === undefined || !(trimmed?.startsWith('{') || trimmed?.startsWith('['))) return undefined;
  const result = prettyJson(text, limits);
  return !result.ok && result.limit ? result.reason : undefined;
}

export function prettyJson(text: string, limits: FormatLimits = DEFAULT_LIMITS): Formatted {
  if (text.length > limits.maxJsonBytes) {
    return { ok: false, limit: true, reason: `Too large to format as JSON (over ${Math.round(limits.maxJsonBytes / 1024)} KB); shown as text.` };
  }
  const depth = jsonDepth(text, limits.maxJsonDepth);
  if (depth > limits.maxJsonDepth) return { ok: false, limit: true, reason: `Nested deeper than ${limits.maxJsonDepth} levels; shown as text.` };
  try {
    return { ok: true, text: JSON.stringify(JSON.parse(text) as unknown, null, 2) };
  } catch (e) {
    return { ok: false, reason: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Classic hex dump: offset, 16 bytes in hex, and their printable ASCII. */
export function hexDump(bytes: Uint8Array, limits: FormatLimits = DEFAULT_LIMITS): Formatted {
  const shown = Math.min(bytes.length, limits.maxHexBytes);
  const lines: string[] = [];
  for (let offset = 0; offset < shown; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, shown));
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      const b = row[i];
      hex += b === undefined ? '   ' : `${HEX[b] ?? '??'} `;
      if (i === 7) hex += ' ';
      if (b !== undefined) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} ${ascii}`);
  }
  const rest = bytes.length - shown;
  return rest > 0 ? { ok: true, text: lines.join('\n'), note: `${rest.toLocaleString('en-US')} more bytes not shown.` } : { ok: true, text: lines.join('\n') };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The bytes of standard base64 text (as `toBase64` writes it), without `atob` or `Buffer`; undefined
 * when the text is not base64.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (B64.indexOf(text.charAt(i)) << 18) | (B64.indexOf(text.charAt(i + 1)) << 12) | ((B64.indexOf(text.charAt(i + 2)) & 63) << 6) | (B64.indexOf(text.charAt(i + 3)) & 63);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Base64 without `btoa` or `Buffer`, so that both rooms share it. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    chunk += B64.charAt((n >> 18) & 63) + B64.charAt((n >> 12) & 63) + (b === undefined ? '=' : B64.charAt((n >> 6) & 63)) + (c === undefined ? '=' : B64.charAt(n & 63));
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** The payload in the asked view; JSON falls back to a reason the caller shows above the text. */
export function formatPayload(bytes: Uint8Array, view: PayloadView, limits: FormatLimits = DEFAULT_LIMITS): Formatted {
  switch (view) {
    case 'hex':
      return hexDump(bytes, limits);
    case 'base64':
      return { ok: true, text: toBase64(bytes) };
    case 'text': {
      const text = decodeText(bytes);
      return text === undefined ? { ok: false, reason: 'Not valid UTF-8 text; use Hex or Base64.' } : { ok: true, text };
    }
    case 'json': {
      const text = decodeText(bytes);
      return text === undefined ? { ok: false, reason: 'Not valid UTF-8, so not JSON; use Hex or Base64.' } : prettyJson(text, limits);
    }
  }
}
