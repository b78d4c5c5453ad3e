import { findNodeAtLocation, getNodeValue, type Node } from 'jsonc-parser';

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
}

/** Collects located problems for one document. */
export class ProblemSink {
  readonly problems: ProfileProblem[] = [];
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  add(message: string, path: string, node: Node | undefined, severity: 'error' | 'warning' = 'error'): void {
    const offset = node?.offset ?? 0;
    const length = node?.length ?? 1;
    const { line, column } = this.position(offset);
    this.problems.push({ message, path, offset, length, line, column, severity });
  }

  addAt(message: string, offset: number, length: number): void {
    const { line, column } = this.position(offset);
    this.problems.push({ message, path: '', offset, length, line, column, severity: 'error' });
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
    for (const prop of node.children ?? []) {
      const keyNode = prop.children?.[0];
      const key: unknown = keyNode ? getNodeValue(keyNode) : undefined;
      if (typeof key === 'string' && !known.includes(key)) {
        sink.add(`Unknown field "${key.slice(0, 100)}"; it is ignored. Known here: ${known.join(', ')}.`, `${path}.${key.slice(0, 100)}`, keyNode, 'warning');
      }
    }
  }

  child(key: string): Node | undefined {
    return child(this.node, key);
  }

  error(message: string, key: string | undefined, severity: 'error' | 'warning' = 'error'): void {
    this.sink.add(message, key === undefined ? this.path : `${this.path}.${key}`, key === undefined ? this.node : (this.child(key) ?? this.node), severity);
  }

  str(key: string, required = false): string | undefined {
    const n = this.child(key);
    if (!n) {
      if (required) this.sink.add(`${this.path.includes('.') ? `"${this.path.slice(this.path.lastIndexOf('.') + 1)}"` : this.noun} needs a "${key}".`, this.path, this.node);
      return undefined;
    }
    if (n.type !== 'string') {
      this.error(`"${key}" must be a string.`, key);
      return undefined;
    }
    return getNodeValue(n) as string;
  }

  int(key: string, min: number, max: number): number | undefined {
    const n = this.child(key);
    if (!n) return undefined;
    const v: unknown = getNodeValue(n);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.error(`"${key}" must be a whole number from ${min} to ${max}.`, key);
      return undefined;
    }
    return v;
  }

  bool(key: string): boolean | undefined {
    const n = this.child(key);
    if (!n) return undefined;
    if (n.type !== 'boolean') {
      this.error(`"${key}" must be true or false.`, key);
      return undefined;
    }
    return getNodeValue(n) as boolean;
  }

  /** A nested object, or undefined when absent or not an object (reported). */
  object(key: string, known: readonly string[], shape: string): ObjectReader | undefined {
    const n = this.child(key);
    if (!n) return undefined;
    if (n.type !== 'object') {
      this.error(`"${key}" must be an object ${shape}.`, key);
      return undefined;
    }
    return new ObjectReader(n, `${this.path}.${key}`, this.sink, known, this.noun);
  }

  /**
   * An object of string values (headers, user properties). Built with own data properties only;
   * a `__proto__` key is skipped so that nothing downstream can turn it into a prototype.
   */
  stringMap(key: string, checkEntry?: (name: string, value: string) => string | undefined): Record<string, string> | undefined {
    const n = this.child(key);
    if (!n) return undefined;
    if (n.type !== 'object') {
      this.error(`"${key}" must be an object of string values, like { "name": "value" }.`, key);
      return undefined;
    }
    const map: Record<string, string> = {};
    for (const prop of n.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      const name: unknown = keyNode ? getNodeValue(keyNode) : undefined;
      if (typeof name !== 'string' || !keyNode) continue;
      const at = `${this.path}.${key}.${name.slice(0, 100)}`;
      if (name === '__proto__') {
        this.sink.add('"__proto__" cannot be used as a name here; it is ignored.', at, keyNode, 'warning');
        continue;
      }
      if (valueNode?.type !== 'string') {
        this.sink.add(`"${name.slice(0, 100)}" must have a string value.`, at, valueNode ?? keyNode);
        continue;
      }
      const value = getNodeValue(valueNode) as string;
      const problem = checkEntry?.(name, value);
      if (problem) {
        this.sink.add(problem, at, keyNode);
        continue;
      }
      Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return map;
  }
}
