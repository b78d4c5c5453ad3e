import type { JsonObject, JsonValue } from '../../shared/json/jsonValue';
import { parseProfiles } from '../profiles/profileParser';
import type { ImportedConnection, InlineCertificate } from './importTypes';
import type { SourceDocument, SourcePath } from './sourceDocument';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `connections[2].will.lastWillQos` from a path. */
export function pathText(path: SourcePath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${s.slice(0, 100)}`)).join('');
}

/** A value for messages: short, and never a whole hostile string. */
const shown = (v: unknown): string => {
  const text = typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v) : Array.isArray(v) ? 'a list' : isRecord(v) ? 'an object' : String(v);
  return text;
};

/**
 * What one connection of a source says, read field by field: every problem located (the source's
 * path and line) and in words, and everything that does not carry over named. A connection with
 * a problem is not imported at all.
 */
export class ConnectionContext {
  readonly errors: string[] = [];
  readonly notCarried: string[] = [];

  constructor(
    readonly doc: SourceDocument | undefined,
    /** How the connection is named in messages: `MQTTX connection "Prod"`. */
    readonly label: string,
  ) {}

  where(path: SourcePath): string {
    const line = this.doc?.lineOf(path);
    return `${pathText(path)}${line !== undefined ? `, line ${line}` : ''}`;
  }

  error(path: SourcePath, message: string): void {
    this.errors.push(`${this.label} (${this.where(path)}): ${message}`);
  }

  /** Records what does not carry over, once. */
  drop(what: string): void {
    if (!this.notCarried.includes(what)) this.notCarried.push(what);
  }
}

/** Reads the fields of one object of the source. `null` counts as absent (MQTTX writes unset fields as null). */
export class FieldReader {
  constructor(
    readonly value: Record<string, unknown>,
    readonly path: SourcePath,
    readonly ctx: ConnectionContext,
  ) {}

  static of(value: unknown, path: SourcePath, ctx: ConnectionContext, shape: string): FieldReader | undefined {
    if (!isRecord(value)) {
      ctx.error(path, `must be an object ${shape} (got ${shown(value)}).`);
      return undefined;
    }
    return new FieldReader(value, path, ctx);
  }

  has(key: string): boolean {
    const v = this.value[key];
    return v !== undefined && v !== null;
  }

  get(key: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.value, key) ? this.value[key] : undefined;
  }

  error(key: string, message: string): void {
    this.ctx.error([...this.path, key], message);
  }

  str(key: string): string | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') {
      this.error(key, `must be text (got ${shown(v)}).`);
      return undefined;
    }
    return v;
  }

  /** A whole number in [min, max]; digit strings are accepted (CSV- and XML-born exports write numbers as text). */
  int(key: string, min: number, max: number): number | undefined {
    const v = this.get(key);
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      this.error(key, `must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')} (got ${shown(v)}).`);
      return undefined;
    }
    return n;
  }

  bool(key: string): boolean | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    this.error(key, `must be true or false (got ${shown(v)}).`);
    return undefined;
  }

  object(key: string, shape: string): FieldReader | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    return FieldReader.of(v, [...this.path, key], this.ctx, shape);
  }

  array(key: string, shape: string): unknown[] | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.error(key, `must be a list ${shape} (got ${shown(v)}).`);
      return undefined;
    }
    return v as unknown[];
  }

  /**
   * A map of names to text (user properties, headers). A name given several values (MQTT allows
   * it; MQTTX keeps them as a list) keeps its first; the others are named as not carried over.
   */
  stringMap(key: string, what: string): Record<string, string> | undefined {
    const r = this.object(key, '{ "name": "value" }');
    if (!r) return undefined;
    const map: Record<string, string> = {};
    for (const [name, value] of Object.entries(r.value)) {
      if (name === '__proto__') {
        r.error(name, 'cannot be used as a name.');
        continue;
      }
      const values = Array.isArray(value) ? (value as unknown[]) : [value];
      const first = values[0];
      if (typeof first !== 'string' && typeof first !== 'number') {
        r.error(name, `must be text (got ${shown(first)}).`);
        continue;
      }
      Object.defineProperty(map, name, { value: String(first), enumerable: true, writable: true, configurable: true });
      if (values.length > 1) this.ctx.drop(`${what} "${name.slice(0, 100)}": only its first of ${values.length} values`);
    }
    return Object.keys(map).length > 0 ? map : undefined;
  }
}

/** Key names that hold secrets. Found anywhere but where a format keeps its password, they stop the import of that connection. */
const SECRET_KEY = /^(pass(word|wd|phrase)?|pwd|secret|client[-_]?secret|(access[-_]?|auth[-_]?|bearer[-_]?)?token|api[-_]?key|authorization|private[-_]?key|credentials?)$/i;

/**
 * The path of a secret-looking key with a non-empty value somewhere other than `allowed` (paths
 * relative to the connection, like `password`), or undefined. Walks without recursion.
 */
export function misplacedSecret(value: unknown, allowed: readonly string[]): SourcePath | undefined {
  const stack: [unknown, SourcePath][] = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop() ?? [undefined, []];
    if (typeof v !== 'object' || v === null) continue;
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      const at = [...path, Array.isArray(v) ? Number(key) : key];
      if (SECRET_KEY.test(key) && child !== null && child !== undefined && child !== '' && typeof child !== 'boolean' && !allowed.includes(pathText(at))) return at;
      // A user property or header whose name looks like a secret keeps its value there too.
      stack.push([child, at]);
    }
  }
  return undefined;
}

/** The message for a misplaced secret: where, never what. */
export const misplacedSecretMessage = (where: string): string =>
  `holds a password or token at ${where}, a place TraceMQ would copy into the profile. Secrets never go into profiles: remove it from the file, import, then use "TraceMQ: Set Password".`;

/** Placeholder path of an inline certificate until the import command names its file. */
/**
 * Opens one connection record of an import , refusing
 * it when a secret sits anywhere but its `password`: every format's readers start so.
 */
export function openConnectionRecord(value: unknown, path: SourcePath, ctx: ConnectionContext): FieldReader | undefined {
  const r = FieldReader.of(value, path, ctx, 'with "name", "host", "port"');
  if (!r) return undefined;
  const secret = misplacedSecret(r.value, ['password']);
  if (secret) {
    ctx.error(path, misplacedSecretMessage(pathText([...path, ...secret])));
    return undefined;
  }
  return r;
}

export const certificatePlaceholder = (field: string): string => `imported-${field}.pem`;

/**
 * The finished connection: `raw` validated by the same parser as `.tracemq.json` (so what is
 * imported loads), or undefined with the parser's errors added to the context.
 */
export function finishConnection(
  ctx: ConnectionContext,
  origin: string,
  raw: JsonObject,
  extras: { password?: string | undefined; certificates?: InlineCertificate[] },
): ImportedConnection | undefined {
  if (ctx.errors.length > 0) return undefined;
  const parsed = parseProfiles(JSON.stringify({ profiles: [raw] }));
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  const profile = parsed.profiles[0];
  if (errors.length > 0 || !profile) {
    for (const p of errors) ctx.errors.push(`${ctx.label}: ${p.message}`);
    if (errors.length === 0) ctx.errors.push(`${ctx.label}: cannot be read as a profile.`);
    return undefined;
  }
  const connection: ImportedConnection = { origin, raw, profile, certificates: extras.certificates ?? [], notCarried: [...ctx.notCarried] };
  if (extras.password !== undefined && extras.password !== '') connection.password = extras.password;
  return connection;
}

/** Removes undefined members, so that the JSON written holds only what was set. */
export function compact(object: Record<string, JsonValue | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(object)) if (v !== undefined) out[k] = v;
  return out;
}

/** Why `host` cannot be a broker host name, or undefined. */
export function hostProblem(host: string): string | undefined {
  if (host.trim() === '') return 'is empty; a broker host name is needed.';
  // eslint-disable-next-line no-control-regex
  if (/[\s/@?#\\\u0000-\u001f]/.test(host)) return `${shown(host)} is not a host name (spaces, "/", "@", "?" and "#" are not allowed).`;
  return undefined;
}

/** `scheme://host:port` with IPv6 literals bracketed. */
export function brokerUrl(scheme: string, host: string, port: number | undefined, path?: string): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${scheme}://${h}${port !== undefined ? `:${port}` : ''}${path ?? ''}`;
}
