/**
 * Turns a payload preview (the first bytes of a message) into the one-line text a log row shows.
 * Pure: used by the webview and by anything else that needs the same rendering (tests, export).
 */

export interface PayloadPreview {
  /** What to show: visible text or hex bytes, with `…` and the full size when the preview was cut. */
  text: string;
  kind: 'text' | 'binary';
  /** The preview holds fewer bytes than the payload. */
  truncated: boolean;
}

// `ignoreBOM` keeps a leading BOM in the text so that it is shown rather than silently dropped.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function formatPreview(bytes: Uint8Array, fullSize: number): PayloadPreview {
  const truncated = fullSize > bytes.length;
  const suffix = truncated ? `… (${formatByteCount(fullSize)})` : '';
  const text = decodeUtf8(truncated ? bytes.subarray(0, completeUtf8Length(bytes)) : bytes);
  if (text !== undefined) return { text: showControls(text) + suffix, kind: 'text', truncated };
  const hex = Array.from(bytes, (b) => HEX[b]).join(' ');
  return { text: truncated ? `${hex} ${suffix}` : hex, kind: 'binary', truncated };
}

/**
 * Makes characters that would be invisible or would rearrange the line visible: a line break (LF
 * or CRLF) becomes ↵ (an arrow every UI font draws, as the detail pane marks breaks; the ␊ picture
 * is an empty box in many fonts), other C0 controls their U+2400 pictures, DEL becomes ␡, and C1 controls, bidirectional
 * overrides, zero-width and line-separator characters become `\uXXXX` escapes (a topic or payload
 * must not be able to reorder or hide what the user reads).
 */
export function showControls(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // CRLF is one line break: its CR is dropped here and its LF becomes ↵.
    const replacement = c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? '' : visibleFormOf(c);
    if (replacement === undefined) continue;
    out += text.slice(copiedUpTo, i) + replacement;
    copiedUpTo = i + 1;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** "1,234,567 bytes", independent of the locale. */
export function formatByteCount(n: number): string {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} ${n === 1 ? 'byte' : 'bytes'}`;
}

function visibleFormOf(c: number): string | undefined {
  if (c === 0x0a) return '\u21B5';
  if (c < 0x20) return String.fromCharCode(0x2400 + c);
  if (c < 0x7f) return undefined;
  if (c === 0x7f) return '\u2421';
  if (c <= 0x9f || isInvisibleFormatChar(c)) return `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return undefined;
}

// Zero-width joiner/non-joiner (U+200C/U+200D) are left alone: emoji sequences and several scripts need them.
function isInvisibleFormatChar(c: number): boolean {
  return (
    c === 0xad ||
    c === 0x061c ||
    c === 0x180e ||
    c === 0x200b ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x2028 && c <= 0x202e) ||
    c === 0x2060 ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff
  );
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Length of `bytes` without a multi-byte UTF-8 sequence that the cut left incomplete at the end,
 * so that a text payload cut in the middle of a character is still recognised as text.
 */
function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = bytes[n - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > back ? n - back : n;
  }
  return n;
}
