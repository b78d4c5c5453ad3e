import { isAbsolute, join, relative } from 'node:path';
import protobuf from 'protobufjs';
import { AvroCodec, avroTypeFromSchema } from './avroCodec';
import { CborCodec } from './cborCodec';
import type { DecoderBinding } from './decoderBinding';
import { MsgpackCodec } from './msgpackCodec';
import type { PayloadCodec } from './payloadCodec';
import { ProtobufCodec } from './protobufCodec';
import { declaredMessageTypes, loadProtoRoot, type ReadTextFile } from './protoSchemaLoader';
import type { SparkplugCodec } from './sparkplugCodec';

/** Why a binding cannot decode: said at its field of `.tracemq.json`, and at a line of a `.proto`/`.avsc` when that is where the fault is. */
export interface BindingProblem {
  message: string;
  key: 'proto' | 'type' | 'schema' | 'protoPaths';
  /** Absolute path of the schema file at fault, with its 0-based line when known. */
  file?: string;
  line?: number;
}

/** A binding with what it decodes with, or why it cannot. */
export interface LoadedBinding {
  binding: DecoderBinding;
  /** Absolute path of the workspace folder whose `.tracemq.json` holds the binding. */
  folder: string;
  codec?: PayloadCodec;
  problem?: BindingProblem;
  /** The schema files it read (absolute): a change to one reloads the bindings. */
  files: string[];
}

/** Largest `.avsc` read, in characters. */
const MAX_AVSC_CHARS = 2 * 1024 * 1024;

/**
 * Loads the codec of each binding of one folder: `.proto` files (with their imports) and `.avsc`
 * schemas read through `read`, paths relative to `folder`. Never throws: a binding that cannot
 * load carries its problem, and the others load. A `.proto` named by several bindings is read once.
 */
export function loadBindingCodecs(bindings: readonly DecoderBinding[], folder: string, read: ReadTextFile, sparkplug: () => SparkplugCodec): LoadedBinding[] {
  const roots = new Map<string, ReturnType<typeof loadProtoRoot>>();
  const resolve = (p: string): string => (isAbsolute(p) ? p : join(folder, p));
  const shown = (p: string): string => {
    const rel = relative(folder, p);
    return rel.startsWith('..') ? p : rel;
  };
  return bindings.map((binding): LoadedBinding => {
    const base = { binding, folder };
    try {
      switch (binding.format) {
        case 'cbor':
          return { ...base, codec: new CborCodec(), files: [] };
        case 'msgpack':
          return { ...base, codec: new MsgpackCodec(), files: [] };
        case 'sparkplugb':
          return { ...base, codec: sparkplug(), files: [] };
        case 'avro': {
          const file = resolve(binding.schema ?? '');
          let text: string;
          try {
            text = read(file);
          } catch (e) {
            return { ...base, problem: { key: 'schema', message: `${shown(file)} ${(e as { code?: unknown }).code === 'ENOENT' ? 'not found' : `cannot be read (${e instanceof Error ? e.message : String(e)})`}` }, files: [file] };
          }
          if (text.length > MAX_AVSC_CHARS) return { ...base, problem: { key: 'schema', message: `${shown(file)} is larger than 2 MB; TraceMQ does not read it`, file }, files: [file] };
          try {
            return { ...base, codec: new AvroCodec(avroTypeFromSchema(text)), files: [file] };
          } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            const position = /position (\d+)/.exec(message);
            const line = position ? text.slice(0, Number(position[1])).split('\n').length - 1 : undefined;
            return { ...base, problem: { key: 'schema', message: `${shown(file)}: ${e instanceof SyntaxError ? 'not valid JSON: ' : 'not a valid Avro schema: '}${message}`, file, ...(line === undefined ? {} : { line }) }, files: [file] };
          }
        }
        case 'protobuf': {
          const entry = resolve(binding.proto ?? '');
          const paths = (binding.protoPaths ?? []).map(resolve);
          const key = `${entry}\u0000${paths.join('\u0000')}`;
          let loaded = roots.get(key);
          if (!loaded) {
            loaded = loadProtoRoot(entry, paths, read);
            roots.set(key, loaded);
          }
          const files = loaded.files;
          if ('problem' in loaded) {
            const { message, file, line } = loaded.problem;
            return { ...base, problem: { key: 'proto', message: `${shown(entry)}: ${message}`, ...(file ? { file } : {}), ...(line === undefined ? {} : { line }) }, files };
          }
          const typeName = binding.type ?? '';
          const found = loaded.root.lookup(typeName);
          if (!(found instanceof protobuf.Type)) {
            const declared = declaredMessageTypes(loaded.root);
            const list = declared.length === 0 ? 'it declares no message types' : `it declares ${declared.slice(0, 30).join(', ')}${declared.length > 30 ? `, … (${declared.length} in all)` : ''}`;
            return { ...base, problem: { key: 'type', message: `"${typeName}" is not a message type of ${shown(entry)}: ${list}.` }, files };
          }
          return { ...base, codec: new ProtobufCodec(found), files };
        }
      }
    } catch (e) {
      return { ...base, problem: { key: binding.format === 'avro' ? 'schema' : 'proto', message: e instanceof Error ? e.message : String(e) }, files: [] };
    }
  });
}
