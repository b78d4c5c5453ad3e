import type { DecodedPreview } from '../../shared/decoders/decodedPayload';
import type { DecodeContext, DecodeResult, PayloadDecoder } from './payloadDecoder';

/** One message's decode, and its one-line preview once a row has needed it. */
export interface CachedDecode {
  readonly result: DecodeResult | undefined;
  preview?: DecodedPreview;
}

/**
 * The last decodes of one connection's messages by store sequence number, so that a row shown,
 * then opened, then shown again (a page fetched again, a snapshot after a filter change) is decoded
 * once and its preview text made once. Emptied when the decoder changes (files reloaded).
 */
export class DecodeCache {
  private readonly entries = new Map<number, CachedDecode>();
  private decoder: PayloadDecoder | undefined;

  constructor(private readonly capacity = 2048) {}

  /** The cached decode of message `seq`, decoding it first if it is not cached. */
  entry(decoder: PayloadDecoder, seq: number, topic: string, payload: Uint8Array, context: DecodeContext = {}): CachedDecode {
    if (decoder !== this.decoder) {
      this.entries.clear();
      this.decoder = decoder;
    }
    const hit = this.entries.get(seq);
    if (hit) {
      // Refreshed as most recently used.
      this.entries.delete(seq);
      this.entries.set(seq, hit);
      return hit;
    }
    const entry: CachedDecode = { result: decoder.decode(topic, payload, { ...context, at: context.at ?? seq }) };
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(seq, entry);
    return entry;
  }

  decode(decoder: PayloadDecoder, seq: number, topic: string, payload: Uint8Array, context: DecodeContext = {}): DecodeResult | undefined {
    return this.entry(decoder, seq, topic, payload, context).result;
  }

  clear(): void {
    this.entries.clear();
  }
}
