import { findNodeAtLocation, getNodeValue, type Node } from 'jsonc-parser';
import { LineCounter, parseDocument } from 'yaml';
import { MAX_NESTING, parseJsonTree, ProblemSink } from '../profiles/jsonReader';

/** A path into a source document: keys and array indexes. */
export type SourcePath = readonly (string | number)[];

/** A parsed JSON or YAML document with a way to find where a value was written. */
export interface SourceDocument {
  value: unknown;
  /** 1-based line of the value at `path`, when known. */
  lineOf(path: SourcePath): number | undefined;
}

/** Largest text imported, in characters: the largest real export is far smaller, a hostile one is not read. */
export const MAX_IMPORT_CHARS = 5 * 1024 * 1024;

export const tooLargeProblem = (length: number): string =>
  `The text is ${(length / 1024 / 1024).toFixed(1)} MB; TraceMQ imports at most ${MAX_IMPORT_CHARS / 1024 / 1024} MB. Export only the connections you need.`;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Reads JSON (with comments and trailing commas, as settings.json allows). Syntax errors and
 * values nested deeper than the profile reader's limit are problems: nothing is imported from a
 * document that is not what its author wrote.
 */
export function readJsonDocument(text: string): SourceDocument | { problems: string[] } {
  if (text.length > MAX_IMPORT_CHARS) return { problems: [tooLargeProblem(text.length)] };
  const sink = new ProblemSink(text);
  const root = parseJsonTree(text, sink);
  const errors = sink.problems.filter((p) => p.severity === 'error');
  if (!root || errors.length > 0) {
    return { problems: errors.slice(0, 20).map((p) => `Line ${p.line + 1}, column ${p.column + 1}: ${p.message}`) };
  }
  const starts = lineStarts(text);
  return {
    // Plain objects (getNodeValue builds them without a prototype): what the readers expect.
    value: JSON.parse(JSON.stringify(getNodeValue(root))) as unknown,
    lineOf: (path) => {
      const node: Node | undefined = path.length === 0 ? root : findNodeAtLocation(root, [...path]);
      return node ? lineAt(starts, node.offset) : undefined;
    },
  };
}

/** How deeply `value` nests objects and arrays, counted without recursion (a hostile value may be deep). */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() ?? [undefined, 0];
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_NESTING) return deepest;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * An upper estimate of how deeply YAML text nests, read line by line without parsing: indentation
 * levels, compact `- ` entries and `[`/`{` outside quotes and comments. The yaml package slows down
 * badly on absurd nesting (seconds at 20,000 levels), so such text is refused before it is parsed.
 */
export function yamlNestingEstimate(text: string): number {
  const indents: number[] = [];
  let deepest = 0;
  let flow = 0;
  for (const line of text.split('\n')) {
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = line.length - content.length;
    while (indents.length > 0 && (indents.at(-1) ?? 0) >= indent) indents.pop();
    indents.push(indent);
    const dashes = /^(?:[-?:][ \t]+)*/.exec(content)?.[0].replace(/[^-?:]/g, '').length ?? 0;
    let quote = '';
    for (let i = 0; i < content.length; i++) {
      const c = content.charAt(i);
      if (quote !== '') {
        if (c === quote) quote = '';
        continue;
      }
      if (c === "'" || c === '"') quote = c;
      else if (c === '#' && (i === 0 || /\s/.test(content.charAt(i - 1)))) break;
      else if (c === '[' || c === '{') flow++;
      else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
      deepest = Math.max(deepest, indents.length + dashes + flow);
    }
    deepest = Math.max(deepest, indents.length + dashes + flow);
  }
  return deepest;
}

/**
 * Reads YAML (MQTTX exports YAML of the same shape as its JSON). Duplicate keys, aliases beyond 100
 * (the "billion laughs" expansion) and nesting deeper than the JSON limit are problems.
 */
export function readYamlDocument(text: string): SourceDocument | { problems: string[] } {
  if (text.length > MAX_IMPORT_CHARS) return { problems: [tooLargeProblem(text.length)] };
  if (yamlNestingEstimate(text) > MAX_NESTING) return { problems: [`The YAML nests deeper than ${MAX_NESTING} levels; TraceMQ does not read it.`] };
  const lineCounter = new LineCounter();
  try {
    const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
      return {
        problems: doc.errors.slice(0, 20).map((e) => {
          const at = e.linePos?.[0];
          return `${at ? `Line ${at.line}, column ${at.col}: ` : ''}${e.message.split('\n')[0] ?? e.message}`;
        }),
      };
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (nestingDepth(value) > MAX_NESTING) return { problems: [`The YAML nests deeper than ${MAX_NESTING} levels; TraceMQ does not read it.`] };
    return {
      value,
      lineOf: (path) => {
        const node = doc.getIn([...path], true) as { range?: [number, number, number] } | undefined;
        const offset = node?.range?.[0];
        return offset === undefined ? undefined : lineCounter.linePos(offset).line;
      },
    };
  } catch (e) {
    // A stack overflow on absurd nesting, or an alias bomb: refused whole.
    const why = e instanceof RangeError ? `it nests too deeply` : e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { problems: [`The YAML cannot be read: ${why}.`] };
  }
}
