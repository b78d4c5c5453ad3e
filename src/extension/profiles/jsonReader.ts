import { createScanner, findNodeAtLocation, findNodeAtOffset, getNodePath, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { showControls } from '../../shared/payload/payloadPreview';

/**
 * Reading a JSON document (a `.tracemq.json`, parsed with jsonc-parser) field by field, with every
 * problem located (path, line, column) so that it can become a diagnostic, and nothing thrown.
 */

/** A problem in a profiles file, located so that it can become a diagnostic. */
export interface ProfileProblem {
  message: string;
  /** Dotted path of the field, e.g. `profiles[1].keepalive`. */
  path: string;
  offset: number;
  length: number;
  /** 0-based, like VS Code positions. */
  line: number;
  column: number;
  severity: 'error' | 'warning';
  /**
   * VS Code's JSON language service reports this one too, at the same place, as the file is edited:
   * through the contributed schema (media/tracemq.schema.json: a wrong type, a missing or unknown
   * field, a value out of range, an enum or a pattern) or by itself (a syntax error, a key written
   * twice). TraceMQ's diagnostics leave it out so each problem is listed once; it still counts and
   * still marks its profile invalid (the tree shows it, and a click opens the file at its line).
   */
  alsoInSchema?: true;
}

/**
 * Most problems listed per document; the rest are counted in one last problem. A file of 50,000
 * broken profiles must not become 100,000 diagnostics and log lines.
 */
export const MAX_PROBLEMS = 1000;

/**
 * Deepest nesting of objects and arrays read. jsonc-parser (and getNodeValue) recurse once per level,
 * so 100,000 levels would overflow the stack; a `.tracemq.json` needs 5.
 */
export const MAX_NESTING = 64;

/** Collects located problems for one document. */
export class ProblemSink {
  private readonly listed: ProfileProblem[] = [];
  private errors = 0;
  private unlisted = 0;
  private unlistedErrors = 0;
  private firstUnlisted = 0;
  /**
   * Offsets where the document is damaged (a JSON syntax error, a value nested too deep): a profile
   * or template that contains one is not loaded, since what it says is uncertain.
   */
  private readonly damage: number[] = [];
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** The problems, the first MAX_PROBLEMS of them, then one that counts the rest. */
  get problems(): ProfileProblem[] {
    if (this.unlisted === 0) return this.listed;
    const { line, column } = this.position(this.firstUnlisted);
    const summary: ProfileProblem = {
      message: `…and ${this.unlisted.toLocaleString('en-US')} more problems (only the first ${MAX_PROBLEMS.toLocaleString('en-US')} are listed).`,
      path: '',
      offset: this.firstUnlisted,
      length: 1,
      line,
      column,
      severity: this.unlistedErrors > 0 ? 'error' : 'warning',
    };
    return [...this.listed, summary];
  }

  /** Errors reported so far (listed or not): a reader compares counts to know whether its part had any. */
  get errorCount(): number {
    return this.errors;
  }

  add(message: string, path: string, node: Node | undefined, severity: 'error' | 'warning' = 'error', alsoInSchema = false): void {
    this.push(message, path, node?.offset ?? 0, node?.length ?? 1, severity, alsoInSchema);
  }

  addAt(message: string, offset: number, length: number, path = '', alsoInSchema = false): void {
    this.push(message, path, offset, length, 'error', alsoInSchema);
  }

  /** Marks `offset` as damaged (see `damagedWithin`). */
  markDamaged(offset: number): void {
    this.damage.push(offset);
  }

  /** True when the text of `node` holds damage: a syntax error or a cut-out value. */
  damagedWithin(node: Node): boolean {
    return this.damage.some((o) => o >= node.offset && o < node.offset + node.length);
  }

  private push(message: string, path: string, offset: number, length: number, severity: 'error' | 'warning', alsoInSchema = false): void {
    if (severity === 'error') this.errors++;
    if (this.listed.length >= MAX_PROBLEMS) {
      if (this.unlisted === 0) this.firstUnlisted = offset;
      this.unlisted++;
      if (severity === 'error') this.unlistedErrors++;
      return;
    }
    const { line, column } = this.position(offset);
    this.listed.push({ message, path, offset, length, line, column, severity, ...(alsoInSchema ? { alsoInSchema: true as const } : {}) });
  }

  private position(offset: number): { line: number; column: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    // Binary search for the last line start <= offset.
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - (this.lineStarts[lo] ?? 0) };
  }
}

/**
 * Parses a JSON-with-comments document into a tree, reporting syntax errors located and never
 * throwing. A value nested deeper than MAX_NESTING is cut out (replaced, in place, by `0` padded to
 * the same length, so every offset stays right) and reported where it starts; the rest of the
 * document is read as usual. Syntax errors and cuts mark the document damaged there.
 */
export function parseJsonTree(text: string, sink: ProblemSink): Node | undefined {
  const cuts = deepValues(text);
  let readable = text;
  if (cuts.length > 0) {
    const parts: string[] = [];
    let at = 0;
    for (const { start, end } of cuts) {
      parts.push(text.slice(at, start), '0', ' '.repeat(end - start - 1));
      at = end;
    }
    parts.push(text.slice(at));
    readable = parts.join('');
  }
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(readable, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (e) {
    // Not expected once deep values are cut out; kept so that no input can throw through.
    sink.addAt(`The file cannot be read as JSON: ${e instanceof Error ? e.message : String(e)}`, 0, 1);
    return undefined;
  }
  for (const err of errors) {
    // VS Code's JSON language service underlines syntax errors as the file is edited: listed once, there.
    sink.addAt(`Invalid JSON: ${printParseErrorCode(err.error)}`, err.offset, Math.max(err.length, 1), '', true);
    sink.markDamaged(err.offset);
  }
  for (const { start, end } of cuts) {
    const node = root ? findNodeAtOffset(root, start) : undefined;
    sink.addAt(`Nested deeper than ${MAX_NESTING} levels; TraceMQ does not read what is inside.`, start, end - start, node ? pathText(getNodePath(node)) : '');
    sink.markDamaged(start);
  }
  return root;
}

/** `profiles[1].tls.ca` from `['profiles', 1, 'tls', 'ca']` (long keys shortened). */
function pathText(path: readonly (string | number)[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${segment.slice(0, 100)}`)).join('');
}

/**
 * The values that open nesting level MAX_NESTING + 1, as [start, end) ranges (end: after the
 * bracket that closes them, or the end of the text). Uses jsonc-parser's scanner, which is a loop
 * (no recursion), so it copes with any depth; strings and comments are skipped as the parser would.
 */
function deepValues(text: string): { start: number; end: number }[] {
  const OPEN_BRACE = 1;
  const CLOSE_BRACE = 2;
  const OPEN_BRACKET = 3;
  const CLOSE_BRACKET = 4;
  const EOF = 17;
  const scanner = createScanner(text, true);
  const cuts: { start: number; end: number }[] = [];
  let depth = 0;
  let cutStart = -1;
  // Compared as numbers: SyntaxKind is an ambient const enum, which isolatedModules cannot read.
  for (let token: number = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      depth++;
      if (depth === MAX_NESTING + 1) cutStart = scanner.getTokenOffset();
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
      if (depth === MAX_NESTING + 1 && cutStart >= 0) {
        cuts.push({ start: cutStart, end: scanner.getTokenOffset() + scanner.getTokenLength() });
        cutStart = -1;
      }
      depth = Math.max(0, depth - 1);
    }
  }
  if (cutStart >= 0) cuts.push({ start: cutStart, end: text.length });
  return cuts;
}

/** The value of `key` in an object node. */
export const child = (node: Node | undefined, key: string): Node | undefined =>
  node?.type === 'object' ? findNodeAtLocation(node, [key]) : undefined;

/** Reads the fields of one JSON object, reporting each problem located (and unknown keys as warnings). */
export class ObjectReader {
  constructor(
    readonly node: Node,
    readonly path: string,
    private readonly sink: ProblemSink,
    known: readonly string[],
    /** What a top-level object is called in messages ("The profile needs a …"). */
    private readonly noun = 'The profile',
  ) {
    const seen = new Set<string>();
    for (const prop of node.children ?? []) {
      const keyNode = prop.children?.[0];
      const key: unknown = keyNode ? getNodeValue(keyNode) : undefined;
      if (typeof key !== 'string') continue;
      if (!known.includes(key)) {
        sink.add(`Unknown field "${key.slice(0, 100)}"; it is ignored. Known here: ${known.join(', ')}.`, `${path}.${key.slice(0, 100)}`, keyNode, 'warning', true);
      } else if (seen.has(key)) {
        // VS Code's JSON language service warns "Duplicate object key" there already.
        sink.add(duplicateKeyMessage(key), `${path}.${key}`, keyNode, 'error', true);
      }
      seen.add(key);
    }
  }

  child(key: string): Node | undefined {
    return child(this.node, key);
  }

  error(message: string, key: string | undefined, severity: 'error' | 'warning' = 'error', alsoInSchema = false): void {
    this.sink.add(message, key === undefined ? this.path : `${this.path}.${key}`, key === undefined ? this.node : (this.child(key) ?? this.node), severity, alsoInSchema);
  }

  /** A problem at item `index` of the array in `key`, located there (`key[index]`). */
  itemError(message: string, key: string, index: number, alsoInSchema = false): void {
    const item = this.child(key)?.children?.[index];
    this.sink.add(message, `${this.path}.${key}[${index}]`, item ?? this.child(key) ?? this.node, 'error', alsoInSchema);
  }

  /** A problem of shape (type, range, enum, pattern) that the JSON schema reports too (see `alsoInSchema`). */
  shapeError(message: string, key: string | undefined): void {
    this.error(message, key, 'error', true);
  }

  /**
   * A string that is sent in an MQTT packet (client id, user name, user properties): MQTT's UTF-8
   * strings cannot hold U+0000 or unpaired surrogates (the broker would close the connection).
   */
  mqttStr(key: string, required = false): string | undefined {
    const value = this.str(key, required);
    const problem = value === undefined ? undefined : mqttStringProblem(value);
    if (problem) {
      this.error(`"${key}" ${problem}`, key);
      return undefined;
    }
    return value;
  }

  str(key: string, required = false): string | undefined {
    const n = this.child(key);
    if (!n) {
      if (required) this.sink.add(`${this.path.includes('.') ? `"${this.path.slice(this.path.lastIndexOf('.') + 1)}"` : this.noun} needs a "${key}".`, this.path, this.node, 'error', true);
      return undefined;
    }
    if (n.type !== 'string') {
      this.shapeError(`"${key}" must be a string.`, key);
      return undefined;
    }
    return getNodeValue(n) as string;
  }

  int(key: string, min: number, max: number): number | undefined {
    const n = this.child(key);
    if (!n) return undefined;
    const v: unknown = getNodeValue(n);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.shapeError(`"${key}" must be a whole number from ${min} to ${max}.`, key);
      return undefined;
    }
    return v;
  }

  bool(key: string): boolean | undefined {
    const n = this.child(key);
    if (!n) return undefined;
    if (n.type !== 'boolean') {
      this.shapeError(`"${key}" must be true or false.`, key);
      return undefined;
    }
    return getNodeValue(n) as boolean;
  }

  /** A nested object, or undefined when absent or not an object (reported). */
  object(key: string, known: readonly string[], shape: string): ObjectReader | undefined {
    const n = this.child(key);
    if (!n) return undefined;
    if (n.type !== 'object') {
      this.shapeError(`"${key}" must be an object ${shape}.`, key);
      return undefined;
    }
    return new ObjectReader(n, `${this.path}.${key}`, this.sink, known, this.noun);
  }

  /**
   * An object of string values (headers, user properties). Built with own data properties only;
   * a `__proto__` key is skipped so that nothing downstream can turn it into a prototype. The
   * schema gives every such map `additionalProperties: { "type": "string" }` and refuses
   * `__proto__` as a name; `checkInSchema` says whether it also states what `checkEntry` checks.
   */
  stringMap(key: string, checkEntry?: (name: string, value: string) => string | undefined, checkInSchema = false): Record<string, string> | undefined {
    const n = this.child(key);
    if (!n) return undefined;
    if (n.type !== 'object') {
      this.shapeError(`"${key}" must be an object of string values, like { "name": "value" }.`, key);
      return undefined;
    }
    const map: Record<string, string> = {};
    const seen = new Set<string>();
    for (const prop of n.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      const name: unknown = keyNode ? getNodeValue(keyNode) : undefined;
      if (typeof name !== 'string' || !keyNode) continue;
      const at = `${this.path}.${key}.${name.slice(0, 100)}`;
      if (name === '__proto__') {
        this.sink.add('"__proto__" cannot be used as a name here; it is ignored.', at, keyNode, 'warning', true);
        continue;
      }
      if (valueNode?.type !== 'string') {
        this.sink.add(`"${name.slice(0, 100)}" must have a string value.`, at, valueNode ?? keyNode, 'error', true);
        continue;
      }
      if (seen.has(name)) {
        this.sink.add(duplicateKeyMessage(name), at, keyNode, 'error', true);
        continue;
      }
      seen.add(name);
      const value = getNodeValue(valueNode) as string;
      const problem = checkEntry?.(name, value);
      if (problem) {
        this.sink.add(problem, at, keyNode, 'error', checkInSchema);
        continue;
      }
      Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return map;
  }
}

/** Said of a key written twice in one object: JSON readers disagree on which one counts. */
export const duplicateKeyMessage = (key: string): string =>
  `"${key.slice(0, 100)}" appears more than once in this object; keep one (readers disagree on which one counts).`;

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot travel as an MQTT UTF-8 string (U+0000, unpaired surrogates), or undefined. */
export function mqttStringProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'cannot contain the NUL character (U+0000).';
  if (UNPAIRED_SURROGATE.test(value)) return 'cannot contain an unpaired surrogate (it is not valid UTF-8).';
  return undefined;
}

/** MQTT 5 user properties are MQTT strings, names and values alike. */
export function userPropertyProblem(name: string, value: string): string | undefined {
  const problem = mqttStringProblem(name) ?? mqttStringProblem(value);
  return problem ? `User property "${name.slice(0, 100)}" ${problem}` : undefined;
}

/** Longest profile or template name: it titles tabs, tree items and secret storage keys. */
export const MAX_NAME_LENGTH = 200;

/**
 * Why a profile or template name cannot be used, or undefined. Names are shown in the tree, tab
 * titles and pickers, and key secrets: they must read as what they are.
 */
export function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return '"name" cannot be empty.';
  if (name.length > MAX_NAME_LENGTH) return `"name" is at most ${MAX_NAME_LENGTH} characters (this one has ${name.length.toLocaleString('en-US')}).`;
  if (UNPAIRED_SURROGATE.test(name)) return '"name" cannot contain an unpaired surrogate (it is not valid text).';
  const shown = showControls(name);
  if (shown !== name) {
    let index = 0;
    while (index < name.length && showControls(name.charAt(index)) === name.charAt(index)) index++;
    const code = name.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
    return `"name" cannot contain control, invisible or direction-changing characters (U+${code}).`;
  }
  return undefined;
}
