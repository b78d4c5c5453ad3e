import type { JsonValue } from '../../shared/json/jsonValue';
import { topicMatches } from '../../shared/mqtt/topicFilter';
import type { LoadedBinding } from './bindingCodecLoader';
import type { DecoderFormat } from './decoderBinding';
import { DECODE_LIMITS } from './decodeLimits';
import { decodeFailureText } from './decodeFailureText';
import { PayloadEncodeError } from './payloadCodec';
import { SparkplugCodec } from './sparkplugCodec';
import type { SparkplugState } from './sparkplugState';

/** What `decode` gives for a bound topic: the value (and notes, for Sparkplug B), or why not in words. */
export type DecodeResult = { format: DecoderFormat; value: JsonValue; notes?: readonly string[] } | { format: DecoderFormat; error: string };

/** What `encode` gives for a bound topic: the bytes to publish, or why not, naming the field. */
export type EncodeResult = { format: DecoderFormat; payload: Uint8Array } | { format: DecoderFormat; error: string };

/** For Sparkplug B: the connection's state and the message's store sequence number. */
export interface DecodeContext {
  sparkplug?: SparkplugState;
  at?: number;
}

/** Topics whose binding is remembered; past this the memo starts again (a topic explorer may see millions). */
const MEMO_LIMIT = 10_000;

/**
 * The workspace's decoder bindings, loaded: which binding a topic has (the first whose filter
 * matches) and decoding or encoding through it. Immutable; DecoderBindings makes a new one when
 * the files change. Nothing here throws: failures come back in words. A disabled decoder (an
 * untrusted workspace) lists its bindings and decodes nothing.
 */
export class PayloadDecoder {
  /** No bindings. */
  static readonly none = new PayloadDecoder([]);
  private readonly memo = new Map<string, LoadedBinding | null>();

  constructor(
    readonly bindings: readonly LoadedBinding[],
    readonly enabled = true,
  ) {}

  /** True when some binding uses Sparkplug B: only then does the ingest path feed a SparkplugState. */
  get hasSparkplug(): boolean {
    return this.enabled && this.bindings.some((b) => b.binding.format === 'sparkplugb');
  }

  /** The binding that applies to `topic` (the first that matches), or undefined (none, or disabled). */
  bindingFor(topic: string): LoadedBinding | undefined {
    if (!this.enabled || this.bindings.length === 0) return undefined;
    const known = this.memo.get(topic);
    if (known !== undefined) return known ?? undefined;
    const found = this.bindings.find((b) => topicMatches(b.binding.topic, topic));
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(topic, found ?? null);
    return found;
  }

  /** The payload decoded through the topic's binding; undefined when the topic has none. Never throws. */
  decode(topic: string, payload: Uint8Array, context: DecodeContext = {}): DecodeResult | undefined {
    const bound = this.bindingFor(topic);
    if (!bound) return undefined;
    const format = bound.binding.format;
    if (!bound.codec) return { format, error: bound.problem?.message ?? 'the decoder did not load' };
    if (payload.byteLength > DECODE_LIMITS.maxPayloadBytes) {
      return { format, error: `the payload (${(payload.byteLength / 1024 / 1024).toFixed(1)} MB) is larger than the ${DECODE_LIMITS.maxPayloadBytes / 1024 / 1024} MB TraceMQ decodes` };
    }
    try {
      if (bound.codec instanceof SparkplugCodec) {
        const view = bound.codec.view(topic, payload, context.sparkplug, context.at);
        return view.notes.length > 0 ? { format, value: view.value, notes: view.notes } : { format, value: view.value };
      }
      return { format, value: bound.codec.decode(payload) };
    } catch (e) {
      return { format, error: decodeFailureText(e) };
    }
  }

  /** JSON text encoded through the topic's binding, for publishing; undefined when the topic has none. Never throws. */
  encode(topic: string, jsonText: string): EncodeResult | undefined {
    const bound = this.bindingFor(topic);
    if (!bound) return undefined;
    const format = bound.binding.format;
    if (!bound.codec) return { format, error: bound.problem?.message ?? 'the decoder did not load' };
    let value: unknown;
    try {
      value = JSON.parse(jsonText);
    } catch (e) {
      return { format, error: `the payload must be JSON to be encoded as ${format}: ${e instanceof Error ? e.message : String(e)}` };
    }
    try {
      return { format, payload: bound.codec.encode(value) };
    } catch (e) {
      if (e instanceof PayloadEncodeError) return { format, error: e.message };
      return { format, error: `cannot be encoded as ${format}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}
