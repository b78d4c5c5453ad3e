import { getNodeValue, type Node } from 'jsonc-parser';
import { child, duplicateKeyMessage, ObjectReader, parseJsonTree, ProblemSink, type ProfileProblem } from '../profiles/jsonReader';
import { topicFilterError } from '../../shared/mqtt/topicFilter';
import { DECODER_FORMATS, type DecoderBinding, type DecoderFormat } from './decoderBinding';

/** The keys of a binding (media/tracemq.schema.json lists the same; a unit test keeps them in step). */
export const DECODER_KEYS = ['topic', 'format', 'proto', 'type', 'protoPaths', 'schema'] as const;

/** Which keys each format needs and accepts besides `topic` and `format`. */
const FORMAT_KEYS: Record<DecoderFormat, { needs: readonly string[]; accepts: readonly string[] }> = {
  protobuf: { needs: ['proto', 'type'], accepts: ['proto', 'type', 'protoPaths'] },
  sparkplugb: { needs: [], accepts: [] },
  cbor: { needs: [], accepts: [] },
  msgpack: { needs: [], accepts: [] },
  avro: { needs: ['schema'], accepts: ['schema'] },
};

/** Most bindings read from one file: each is checked against every shown topic. */
export const MAX_BINDINGS = 500;

export interface ParsedDecoderBindings {
  bindings: DecoderBinding[];
  problems: ProfileProblem[];
}

/**
 * The `decoders` array of a `.tracemq.json` (SPEC.md), each problem located like the profile
 * parser's (path, line, column) and nothing thrown; every valid binding is kept even when others
 * are broken. The profile parser reads the same file for `profiles` and `templates` and leaves
 * `decoders` to this one.
 */
export function parseDecoderBindings(text: string): ParsedDecoderBindings {
  const sink = new ProblemSink(text);
  const root = parseJsonTree(text, sink);
  // Syntax errors are the profile parser's to report (same file, same diagnostics): only ours are kept.
  const syntaxProblems = sink.problems.length;
  if (!root || root.type !== 'object') return { bindings: [], problems: [] };
  const bindings = readBindings(root, sink);
  return { bindings, problems: sink.problems.slice(syntaxProblems) };
}

function readBindings(root: Node, sink: ProblemSink): DecoderBinding[] {
  let seenKey = false;
  for (const prop of root.children ?? []) {
    const keyNode = prop.children?.[0];
    if (keyNode && getNodeValue(keyNode) === 'decoders') {
      if (seenKey) sink.add(duplicateKeyMessage('decoders'), 'decoders', keyNode, 'error', true);
      seenKey = true;
    }
  }
  const list = child(root, 'decoders');
  if (!list) return [];
  if (list.type !== 'array') {
    sink.add('"decoders" must be an array of { "topic", "format", … } objects.', 'decoders', list, 'error', true);
    return [];
  }
  const bindings: DecoderBinding[] = [];
  const items = list.children ?? [];
  items.forEach((node, index) => {
    if (index === MAX_BINDINGS) sink.add(`Only the first ${MAX_BINDINGS} decoders are used; the other ${items.length - MAX_BINDINGS} are ignored.`, `decoders[${index}]`, node, 'warning');
    if (index >= MAX_BINDINGS) return;
    const binding = readBinding(node, index, sink);
    if (binding && !sink.damagedWithin(node)) bindings.push(binding);
  });
  return bindings;
}

function readBinding(node: Node, index: number, sink: ProblemSink): DecoderBinding | undefined {
  const path = `decoders[${index}]`;
  if (node.type !== 'object') {
    sink.add('A decoder must be an object like { "topic": "sensors/#", "format": "cbor" }.', path, node, 'error', true);
    return undefined;
  }
  const before = sink.errorCount;
  const r = new ObjectReader(node, path, sink, DECODER_KEYS, 'The decoder');
  const span = (key: string): { offset: number; length: number } | undefined => {
    const n = r.child(key);
    return n ? { offset: n.offset, length: n.length } : undefined;
  };
  const topic = r.str('topic', true);
  const topicProblem = topic === undefined ? undefined : topicFilterError(topic);
  if (topicProblem) r.error(topicProblem, 'topic', 'error', topic === '');

  const formatText = r.str('format', true);
  let format: DecoderFormat | undefined;
  if (formatText !== undefined) {
    if ((DECODER_FORMATS as readonly string[]).includes(formatText)) format = formatText as DecoderFormat;
    else r.error(`"format" must be one of ${DECODER_FORMATS.map((f) => `"${f}"`).join(', ')} (got ${JSON.stringify(formatText.slice(0, 100))}).`, 'format', 'error', true);
  }
  const proto = nonEmptyPath(r, 'proto');
  const type = r.str('type');
  if (type !== undefined && !/^\.?[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(type)) r.error(`"type" must be a message name like "acme.iot.Telemetry" (got ${JSON.stringify(type.slice(0, 100))}).`, 'type', 'error', true);
  const protoPaths = readPathList(r, 'protoPaths');
  const schema = nonEmptyPath(r, 'schema');

  if (format) {
    const { needs, accepts } = FORMAT_KEYS[format];
    for (const key of needs) {
      // The schema requires these too (its if/then per format).
      if (!r.child(key)) r.shapeError(`${/^[aeiou]/.test(format) ? 'An' : 'A'} "${format}" decoder needs "${key}"${key === 'type' ? ' (the message type, e.g. "acme.iot.Telemetry")' : key === 'proto' ? ' (the .proto file, relative to the workspace folder)' : ' (the .avsc schema file, relative to the workspace folder)'}.`, undefined);
    }
    for (const key of ['proto', 'type', 'protoPaths', 'schema']) {
      if (r.child(key) && !accepts.includes(key)) r.error(`"${key}" is not used by a "${format}" decoder; it is ignored.`, key, 'warning');
    }
  }
  if (sink.errorCount > before || topic === undefined || topicProblem || !format) return undefined;
  const binding: DecoderBinding = { topic, format, index, spans: { entry: { offset: node.offset, length: node.length } } };
  for (const key of ['topic', 'format', 'proto', 'type', 'protoPaths', 'schema'] as const) {
    const s = span(key);
    if (s) binding.spans[key] = s;
  }
  if (format === 'protobuf') {
    binding.proto = proto;
    binding.type = type?.replace(/^\./, '');
    if (protoPaths) binding.protoPaths = protoPaths;
  }
  if (format === 'avro') binding.schema = schema;
  return binding;
}

function nonEmptyPath(r: ObjectReader, key: string): string | undefined {
  const value = r.str(key);
  if (value !== undefined && value.trim() === '') {
    r.error(`"${key}" cannot be empty: give a path relative to the workspace folder.`, key, 'error', value === '');
    return undefined;
  }
  return value;
}

function readPathList(r: ObjectReader, key: string): string[] | undefined {
  const n = r.child(key);
  if (!n) return undefined;
  const values: unknown = n.type === 'array' ? getNodeValue(n) : undefined;
  const message = `"${key}" must be an array of folder paths (relative to the workspace folder), like ["protos", "vendor/protos"].`;
  if (!Array.isArray(values)) {
    r.shapeError(message, key);
    return undefined;
  }
  const bad = values.findIndex((v) => typeof v !== 'string' || v.trim() === '');
  if (bad >= 0) {
    // The schema refuses an item that is not a string or is empty; a blank one ("  ") only TraceMQ sees.
    const item: unknown = values[bad];
    r.itemError(message, key, bad, typeof item !== 'string' || item === '');
    return undefined;
  }
  return values as string[];
}
