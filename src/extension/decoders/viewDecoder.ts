import { DECODED_PREVIEW_CHARS, type DecodedPayload, type DecodedPreview } from '../../shared/decoders/decodedPayload';
import { decodedPreviewWindow } from '../../shared/log/previewWindow';
import { DecodeCache } from './decodeCache';
import { decodedText } from './decodedText';
import { NO_BIRTH_NOTE } from './sparkplugView';
import type { DecodeContext, DecodeResult, PayloadDecoder } from './payloadDecoder';
import type { SparkplugState } from './sparkplugState';
import { parseSparkplugTopic } from './sparkplugTopic';

/** The context of a decode without Sparkplug B state (one object, not one per row). */
const NO_CONTEXT: DecodeContext = {};

/** The parts of a stored message a view decodes. */
export interface DecodableMessage {
  seq: number;
  topic: string;
  payload: Uint8Array;
}

/**
 * One connection's decoding for its log views: the rows being posted (a decoded preview for bound
 * topics), the message opened in the detail pane, and the text a payload filter searches. Lazy:
 * nothing is decoded until a row is shown, opened or filtered; an unbound topic costs one memoised
 * binding lookup. Rows and the detail pane share a cache by store sequence number (a row shown,
 * opened, then shown again is decoded once); the filter does not use it, so a scan over a million
 * messages does not push out what is on screen.
 */
export class ViewDecoder {
  private readonly cache = new DecodeCache();

  constructor(
    readonly decoder: PayloadDecoder,
    readonly sparkplug?: SparkplugState,
  ) {}

  /**
   * The row's decoded preview, or undefined when its topic has no binding. Made once per message:
   * a row posted again (a page, a snapshot) gets the cached one, not another decode and stringify.
   * With the view's payload `search`, a preview whose first match lies past the cut is cut around
   * the match instead (the filter searched the whole decoded text, so the row shows where it
   * matched); that one is not cached, as it depends on the search.
   */
  preview(m: DecodableMessage, search?: RegExp): DecodedPreview | undefined {
    if (!this.decoder.bindingFor(m.topic)) return undefined;
    const entry = this.cache.entry(this.decoder, m.seq, m.topic, m.payload, this.context());
    const result = entry.result;
    if (!result) return undefined;
    const windowed = search && decodedPreviewWindow(decodedText(result), search, DECODED_PREVIEW_CHARS);
    if (windowed) return 'error' in result ? { format: result.format, text: windowed, failed: true } : { format: result.format, text: windowed };
    if (!entry.preview) {
      const text = decodedText(result, DECODED_PREVIEW_CHARS);
      entry.preview = 'error' in result ? { format: result.format, text, failed: true } : { format: result.format, text };
    }
    return entry.preview;
  }

  /** The whole message decoded for the detail pane, or undefined when its topic has no binding. */
  detail(m: DecodableMessage): DecodedPayload | undefined {
    const result = this.decoded(m);
    if (!result) return undefined;
    if ('error' in result) return { format: result.format, error: result.error };
    const out: DecodedPayload = { format: result.format, value: result.value };
    if (result.notes && result.notes.length > 0) {
      out.notes = [...result.notes];
      const parsed = parseSparkplugTopic(m.topic);
      const unresolved = result.notes.some((n) => n === NO_BIRTH_NOTE || n.endsWith('Request Rebirth'));
      if (unresolved && parsed?.kind === 'edge') out.rebirth = { groupId: parsed.groupId, edgeNodeId: parsed.edgeNodeId };
    }
    return out;
  }

  /** The decoded text a "payload contains" or regex filter searches; undefined for an unbound topic. */
  searchText(topic: string, payload: Uint8Array, seq: number): string | undefined {
    if (!this.decoder.bindingFor(topic)) return undefined;
    const result = this.decoder.decode(topic, payload, this.sparkplug ? { sparkplug: this.sparkplug, at: seq } : { at: seq });
    return result ? decodedText(result) : undefined;
  }

  private decoded(m: DecodableMessage): DecodeResult | undefined {
    // The cheap test first: most topics of most workspaces have no binding.
    if (!this.decoder.bindingFor(m.topic)) return undefined;
    return this.cache.decode(this.decoder, m.seq, m.topic, m.payload, this.context());
  }

  private context(): DecodeContext {
    return this.sparkplug ? { sparkplug: this.sparkplug } : NO_CONTEXT;
  }
}
