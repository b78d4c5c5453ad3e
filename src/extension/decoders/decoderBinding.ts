import type { DecoderFormat } from '../../shared/decoders/decodedPayload';

// The formats live in src/shared: the views name them too (badges, "Payload as").
export { DECODER_FORMATS, type DecoderFormat } from '../../shared/decoders/decodedPayload';

/** Where a field of a binding is written in `.tracemq.json`, so that later problems (a missing `.proto`, an undeclared type) land on it. */
export interface FieldSpan {
  offset: number;
  length: number;
}

/** One entry of the `decoders` array: a topic filter bound to a payload format. */
export interface DecoderBinding {
  /** Topic filter (`+`/`#` allowed); the first binding whose filter matches a topic wins. */
  topic: string;
  format: DecoderFormat;
  /** protobuf: the `.proto` file, relative to the workspace folder. */
  proto?: string;
  /** protobuf: the fully qualified message type, e.g. `acme.iot.Telemetry`. */
  type?: string;
  /** protobuf: more folders (relative to the workspace folder) to resolve `import`s from. */
  protoPaths?: string[];
  /** avro: the `.avsc` schema file, relative to the workspace folder. */
  schema?: string;
  /** Position in the `decoders` array. */
  index: number;
  /** Where each field was written (keys of this object). */
  spans: Partial<Record<'topic' | 'format' | 'proto' | 'type' | 'protoPaths' | 'schema' | 'entry', FieldSpan>>;
}

/** `decoders[2].type`, the path under which a binding's problems are reported. */
export const bindingPath = (binding: Pick<DecoderBinding, 'index'>, key?: string): string => `decoders[${binding.index}]${key ? `.${key}` : ''}`;
