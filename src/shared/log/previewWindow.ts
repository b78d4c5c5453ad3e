import type { LogFilter } from './logFilter';

/**
 * Bytes (or, for a decoded preview, characters) of context kept before the first match when a
 * row's preview is cut around it: enough to show which field the match is in.
 */
export const PREVIEW_CONTEXT = 32;

/**
 * The filter's payload search as the host runs it (messageFilter.ts) — a regular expression, or
 * the text itself; case-insensitive unless Match case — global, to find each match in turn.
 * Undefined when there is no payload search or its expression does not compile (the host refuses
 * such a filter with its own message).
 */
export function payloadSearchExpression(filter: LogFilter | null): RegExp | undefined {
  const text = filter?.text ?? '';
  if (text === '') return undefined;
  const flags = filter?.matchCase ? 'g' : 'gi';
  try {
    return new RegExp(filter?.regex ? text : text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
  } catch {
    return undefined;
  }
}

/** The first non-empty match of `search` in `text`, as [start, end) in UTF-16 units. */
export function firstMatch(text: string, search: RegExp): [number, number] | undefined {
  search.lastIndex = 0;
  for (;;) {
    const m = search.exec(text);
    if (m === null) return undefined;
    // An empty match (`a*`) marks nothing; step past it or exec would find it forever.
    if (m[0] !== '') return [m.index, m.index + m[0].length];
    search.lastIndex++;
  }
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Where a row's payload preview of `previewBytes` should start so that the first match of `search`
 * is in it: 0 when the match already ends within the first `previewBytes` (or there is none), else
 * PREVIEW_CONTEXT bytes before the match, moved forward to the start of a UTF-8 character. The
 * search reads the first `searchedBytes` as UTF-8, as the host's filter does. A payload that is not
 * clean UTF-8 there (U+FFFD) is shown as hex by the row, whose offsets would not map: 0.
 */
export function previewWindowStart(payload: Uint8Array, search: RegExp, previewBytes: number, searchedBytes: number): number {
  if (payload.length <= previewBytes) return 0;
  const text = utf8.decode(payload.subarray(0, Math.min(payload.length, searchedBytes)));
  const match = firstMatch(text, search);
  if (match === undefined) return 0;
  const before = text.slice(0, match[0]);
  if (before.includes('\uFFFD')) return 0;
  const matchByte = utf8Length(before);
  const matchEnd = matchByte + utf8Length(text.slice(match[0], match[1]));
  if (matchEnd <= previewBytes) return 0;
  let start = Math.max(0, matchByte - PREVIEW_CONTEXT);
  while (start < matchByte && ((payload[start] ?? 0) & 0xc0) === 0x80) start++;
  return start;
}

/**
 * A decoded preview of at most `maxChars` characters around the first match of `search` in the
 * whole decoded `text`, "…" marking each cut; undefined when the match ends within the first
 * `maxChars - 1` characters (the usual preview shows it) or there is none.
 */
export function decodedPreviewWindow(text: string, search: RegExp, maxChars: number): string | undefined {
  if (text.length <= maxChars) return undefined;
  const match = firstMatch(text, search);
  if (match === undefined || match[1] <= maxChars - 1) return undefined;
  let start = Math.max(0, match[0] - PREVIEW_CONTEXT);
  // Never cut a surrogate pair in two.
  if (isLowSurrogate(text.charCodeAt(start))) start++;
  // Two characters go to the "…" marks.
  let end = Math.min(text.length, start + maxChars - 2);
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end--;
  return `…${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Bytes of `s` in UTF-8, counted without encoding it (a lone surrogate counts as U+FFFD, 3). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
