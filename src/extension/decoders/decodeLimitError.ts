/** A decode stopped by one of DECODE_LIMITS: its message is already the words shown to the user. */
export class DecodeLimitError extends Error {
  override readonly name = 'DecodeLimitError';
}
