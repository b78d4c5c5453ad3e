import type { DecodeContext, DecodeResult, PayloadDecoder } from './payloadDecoder';

/**
 * The last decodes of one connection's messages by store sequence number, so that a row shown,
 * then opened, then shown again is decoded once. Emptied when the decoder changes (files reloaded).
 */
export class DecodeCache {
  private readonly entries = new Map<number, DecodeResult | undefined>();
  private decoder: PayloadDecoder | undefined;

  constructor(private readonly capacity = 2048) {}

  decode(decoder: PayloadDecoder, seq: number, topic: string, payload: Uint8Array, context: DecodeContext = {}): DecodeResult | undefined {
    if (decoder !== this.decoder) {
      this.entries.clear();
      this.decoder = decoder;
    }
    if (this.entries.has(seq)) {
      const hit = this.entries.get(seq);
      // Refreshed as most recently used.
      this.entries.delete(seq);
      this.entries.set(seq, hit);
      return hit;
    }
    const result = decoder.decode(topic, payload, { ...context, at: context.at ?? seq });
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(seq, result);
    return result;
  }

  clear(): void {
    this.entries.clear();
  }
}
