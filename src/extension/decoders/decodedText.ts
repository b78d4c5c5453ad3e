import type { DecodeResult } from './payloadDecoder';

/**
 * A decode result as one line of compact JSON, for the log preview (cut to `maxChars`, with an
 * ellipsis) and for "payload contains" / regex filters on bound topics (whole). A failed decode
 * reads as its error, so that a filter can find those too.
 */
export function decodedText(result: DecodeResult, maxChars = Infinity): string {
  const text = 'error' in result ? `${result.format} decode error: ${result.error}` : JSON.stringify(result.value);
  if (text.length <= maxChars) return text;
  // Never cut a surrogate pair in two.
  let end = Math.max(0, maxChars - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
