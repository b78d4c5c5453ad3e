import type { JsonValue } from '../json/jsonValue';

/** The payload formats a `decoders` binding of `.tracemq.json` can name (SPEC.md). */
export const DECODER_FORMATS = ['protobuf', 'sparkplugb', 'cbor', 'msgpack', 'avro'] as const;
export type DecoderFormat = (typeof DECODER_FORMATS)[number];

/** The short badge a log row shows next to a decoded preview. */
export const FORMAT_BADGES: Readonly<Record<DecoderFormat, string>> = { protobuf: 'PB', sparkplugb: 'SPB', cbor: 'CBOR', msgpack: 'MSGPACK', avro: 'AVRO' };

/** What a format is called in words (the publish panel's "Payload as", notes). */
export const FORMAT_NAMES: Readonly<Record<DecoderFormat, string>> = { protobuf: 'Protobuf', sparkplugb: 'Sparkplug B', cbor: 'CBOR', msgpack: 'MessagePack', avro: 'Avro' };

/** Longest decoded preview a row carries, in characters (the row shows one line of it). */
export const DECODED_PREVIEW_CHARS = 256;

/** A row's decoded preview: compact JSON cut to DECODED_PREVIEW_CHARS, or the decode error in words. */
export interface DecodedPreview {
  format: DecoderFormat;
  text: string;
  /** The payload did not decode: `text` says why. */
  failed?: true;
}

/** The Sparkplug B edge node a "Request Rebirth" asks to publish its births again. */
export interface RebirthTarget {
  groupId: string;
  edgeNodeId: string;
}

/** A whole message decoded through its topic's binding, for the detail pane's Decoded view. */
export interface DecodedPayload {
  format: DecoderFormat;
  /** The decoded value (64-bit integers beyond 2^53 as strings, bytes as base64, enums by name). */
  value?: JsonValue;
  /** Why it did not decode, in words (with the byte where known); the raw views still work. */
  error?: string;
  /** Sparkplug B: seq gaps, bdSeq mismatches, "no birth seen", in words. */
  notes?: string[];
  /** Sparkplug B: set when aliases are unresolved, the node to ask for a rebirth. */
  rebirth?: RebirthTarget;
}
