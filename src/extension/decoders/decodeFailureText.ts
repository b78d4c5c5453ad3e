import { DecodeLimitError } from './decodeLimitError';

/**
 * Why a payload did not decode, in words, with the byte offset where the library says it. Never
 * throws, whatever was thrown (libraries throw strings, plain objects and errors).
 */
export function decodeFailureText(error: unknown): string {
  if (error instanceof DecodeLimitError) return error.message;
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'nested too deeply to decode (the decoder ran out of stack); the raw views still show the bytes';
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'the decoder failed without saying why';
  // protobufjs: "index out of range: 3 + 10 > 7" (position + needed > length).
  const range = /index out of range: (\d+) \+ (\d+) > (\d+)/.exec(message);
  if (range) {
    const [, at, needed, length] = range.map(Number) as [number, number, number, number];
    return `truncated or corrupt at byte ${at}: a field needs ${needed.toLocaleString('en-US')} bytes but only ${Math.max(0, length - at).toLocaleString('en-US')} remain`;
  }
  if (message === 'invalid length encoding') return 'corrupt: a field claims more bytes than the payload holds (a length beyond 2 GB)';
  if (/^invalid wire type (\d+) at offset (\d+)/.test(message)) return message.replace(/^invalid wire type (\d+) at offset (\d+)/, 'invalid wire type $1 at byte $2 (not this message type, or corrupt)');
  const incomplete = (error as { incomplete?: unknown } | null)?.incomplete === true;
  if (incomplete || /unexpected end/i.test(message) || message === 'truncated buffer') return 'truncated: the data ends before the value it announces is complete';
  if (message === 'trailing data') return 'extra bytes after the value: the schema does not describe this payload';
  if (/end of buffer not reached/i.test(message)) return 'extra bytes after the value: this may be several values back to back, or not this format';
  return message.slice(0, 500);
}
