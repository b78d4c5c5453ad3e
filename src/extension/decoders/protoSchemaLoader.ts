import { dirname, isAbsolute, join, normalize, relative } from 'node:path';
import protobuf from 'protobufjs';

/** Reads a file's text, or throws (missing, unreadable). Injected so that tests and the service share one loader. */
export type ReadTextFile = (absolutePath: string) => string;

/** A problem in a `.proto` file: where (file, 0-based line when known) and what. */
export interface ProtoProblem {
  message: string;
  /** Absolute path of the `.proto` file concerned, when it is one file. */
  file?: string;
  line?: number;
}

/** Largest `.proto` read, in characters; the descriptor of a real device is a few KB. */
export const MAX_PROTO_CHARS = 2 * 1024 * 1024;
/** Most `.proto` files one binding may pull in through imports. */
export const MAX_PROTO_FILES = 500;

/**
 * Loads a `.proto` file and what it imports into one protobufjs Root. Imports resolve from the
 * importing file's folder, then from each of `protoPaths`, then from protobufjs's bundled
 * `google/protobuf/*.proto`. Files are read through `read` (not protobufjs's own loader, which
 * looks `fs` up at run time) so that every failure is caught here and said with its file and line.
 */
export function loadProtoRoot(entry: string, protoPaths: readonly string[], read: ReadTextFile): { root: protobuf.Root; files: string[] } | { problem: ProtoProblem; files: string[] } {
  const root = new protobuf.Root();
  const files: string[] = [];
  const queue: { file: string; from?: string; importName?: string }[] = [{ file: normalize(entry) }];
  while (queue.length > 0) {
    const { file, from, importName } = queue.shift() as { file: string; from?: string; importName?: string };
    if (files.includes(file)) continue;
    if (files.length >= MAX_PROTO_FILES) return { problem: { message: `more than ${MAX_PROTO_FILES} .proto files are imported; TraceMQ stops there`, file: entry }, files };
    files.push(file);
    let source: string;
    try {
      source = read(file);
    } catch (e) {
      const why = (e as { code?: unknown }).code === 'ENOENT' ? 'not found' : `cannot be read (${e instanceof Error ? e.message : String(e)})`;
      const message = from ? `import "${importName ?? ''}" of ${displayPath(from, entry)}: ${displayPath(file, entry)} ${why}` : `${displayPath(file, entry)} ${why}`;
      return { problem: from ? { message, file: from, line: importLine(read, from, importName) } : { message, file }, files };
    }
    if (source.length > MAX_PROTO_CHARS) return { problem: { message: `${displayPath(file, entry)} is larger than ${MAX_PROTO_CHARS / 1024 / 1024} MB; TraceMQ does not read it`, file }, files };
    let parsed: protobuf.IParserResult;
    try {
      // protobufjs names the file in its syntax errors through this static.
      (protobuf.parse as unknown as { filename: string | null }).filename = displayPath(file, entry);
      parsed = protobuf.parse(source, root, { keepCase: false, alternateCommentMode: false });
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      const line = /line (\d+)\)?$/.exec(text);
      return { problem: { message: `syntax error: ${text}`, file, ...(line ? { line: Number(line[1]) - 1 } : {}) }, files };
    }
    for (const name of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      if (bundledName(name)) {
        const bundled = bundledName(name) as string;
        if (!files.includes(bundled)) {
          files.push(bundled);
          root.addJSON((protobuf.common.get(bundled) as protobuf.INamespace & { nested: Record<string, protobuf.AnyNestedObject> }).nested);
        }
        continue;
      }
      const candidates = isAbsolute(name) ? [name] : [join(dirname(file), name), ...protoPaths.map((p) => join(p, name))];
      const found = candidates.find((c) => canRead(read, c)) ?? candidates[0] ?? name;
      queue.push({ file: normalize(found), from: file, importName: name });
    }
  }
  try {
    root.resolveAll();
  } catch (e) {
    return { problem: { message: e instanceof Error ? e.message : String(e), file: entry }, files: files.filter((f) => !bundledName(f)) };
  }
  return { root, files: files.filter((f) => !bundledName(f)) };
}

/** The name under which protobufjs bundles a well-known `google/protobuf/*.proto`, or undefined. */
function bundledName(name: string): string | undefined {
  const at = name.lastIndexOf('google/protobuf/');
  const key = at >= 0 ? name.slice(at) : name;
  return protobuf.common.get(key) ? key : undefined;
}

function canRead(read: ReadTextFile, path: string): boolean {
  try {
    read(path);
    return true;
  } catch {
    return false;
  }
}

/** The 0-based line of `import "name"` in `file`, for the diagnostic of a missing import. */
function importLine(read: ReadTextFile, file: string, name: string | undefined): number | undefined {
  if (!name) return undefined;
  try {
    const index = read(file).split('\n').findIndex((l) => l.includes(`"${name}"`) || l.includes(`'${name}'`));
    return index >= 0 ? index : undefined;
  } catch {
    return undefined;
  }
}

/** A path as the user wrote it (relative to the entry file's folder's parent chain when possible). */
function displayPath(file: string, entry: string): string {
  const rel = relative(dirname(entry), file);
  return rel.startsWith('..') ? file : rel || file;
}

/** The fully qualified names of the message types a Root declares (for "no such type; declared: …"). */
export function declaredMessageTypes(root: protobuf.Root): string[] {
  const names: string[] = [];
  const walk = (ns: protobuf.NamespaceBase): void => {
    for (const nested of ns.nestedArray) {
      if (nested instanceof protobuf.Type) names.push(nested.fullName.replace(/^\./, ''));
      if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) walk(nested);
    }
  };
  walk(root);
  return names;
}
