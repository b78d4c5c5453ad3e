import { parseTree, findNodeAtLocation, getNodeValue, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Profile, ProtocolVersion, SubscriptionSpec } from './profile';
import { topicFilterError } from '../shared/topicFilter';

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

export interface ParsedProfiles {
  profiles: Profile[];
  problems: ProfileProblem[];
}

const URL_SCHEMES = new Set(['mqtt:', 'tcp:', 'mqtts:', 'ssl:', 'tls:', 'ws:', 'wss:']);
const VERSIONS: readonly ProtocolVersion[] = ['3.1', '3.1.1', '5.0'];
/** Sections of the SPEC.md shape that this version reads but does not apply yet. */
const NOT_YET_APPLIED = ['websocket', 'tls', 'mqtt5', 'will'];
const MAX_FILE_CHARS = 5 * 1024 * 1024;

class ProblemSink {
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

const child = (node: Node | undefined, key: string): Node | undefined =>
  node?.type === 'object' ? findNodeAtLocation(node, [key]) : undefined;

/**
 * Parses the text of a `.tracemq.json`. Never throws: every problem is returned located (path,
 * line, column), and every valid profile is returned even when others are broken.
 */
export function parseProfiles(text: string): ParsedProfiles {
  const sink = new ProblemSink(text);
  if (text.length > MAX_FILE_CHARS) {
    sink.addAt(`The file is larger than ${MAX_FILE_CHARS / 1024 / 1024} MB; TraceMQ does not read it.`, 0, 1);
    return { profiles: [], problems: sink.problems };
  }
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (e) {
    // jsonc-parser recurses per nesting level; absurdly deep files end here instead of crashing us.
    sink.addAt(`The file cannot be read as JSON: ${e instanceof Error ? e.message : String(e)}`, 0, 1);
    return { profiles: [], problems: sink.problems };
  }
  for (const err of errors) {
    sink.addAt(`Invalid JSON: ${printParseErrorCode(err.error)}`, err.offset, Math.max(err.length, 1));
  }
  if (!root) return { profiles: [], problems: sink.problems };
  if (root.type !== 'object') {
    sink.add('The file must hold an object: { "profiles": [ ... ] }.', '', root);
    return { profiles: [], problems: sink.problems };
  }
  const list = child(root, 'profiles');
  if (!list) return { profiles: [], problems: sink.problems };
  if (list.type !== 'array') {
    sink.add('"profiles" must be an array of profile objects.', 'profiles', list);
    return { profiles: [], problems: sink.problems };
  }
  const profiles: Profile[] = [];
  const seen = new Set<string>();
  (list.children ?? []).forEach((node, index) => {
    const profile = parseProfile(node, `profiles[${index}]`, sink);
    if (!profile) return;
    if (seen.has(profile.name)) {
      sink.add(`Another profile is already named "${profile.name}"; names must be unique.`, `profiles[${index}].name`, child(node, 'name'));
      return;
    }
    seen.add(profile.name);
    profiles.push(profile);
  });
  return { profiles, problems: sink.problems };
}

function parseProfile(node: Node, path: string, sink: ProblemSink): Profile | undefined {
  if (node.type !== 'object') {
    sink.add('A profile must be an object with at least "name" and "url".', path, node);
    return undefined;
  }
  const before = sink.problems.filter((p) => p.severity === 'error').length;
  const str = (key: string, required: boolean): string | undefined => {
    const n = child(node, key);
    if (!n) {
      if (required) sink.add(`The profile needs a "${key}".`, path, node);
      return undefined;
    }
    if (n.type !== 'string') {
      sink.add(`"${key}" must be a string.`, `${path}.${key}`, n);
      return undefined;
    }
    return getNodeValue(n) as string;
  };
  const int = (key: string, min: number, max: number, fallback: number, parent: Node = node, parentPath = path): number => {
    const n = child(parent, key);
    if (!n) return fallback;
    const v: unknown = getNodeValue(n);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      sink.add(`"${key}" must be a whole number from ${min} to ${max}.`, `${parentPath}.${key}`, n);
      return fallback;
    }
    return v;
  };
  const bool = (key: string, fallback: boolean, parent: Node = node, parentPath = path): boolean => {
    const n = child(parent, key);
    if (!n) return fallback;
    if (n.type !== 'boolean') {
      sink.add(`"${key}" must be true or false.`, `${parentPath}.${key}`, n);
      return fallback;
    }
    return getNodeValue(n) as boolean;
  };

  const name = str('name', true);
  if (name !== undefined && name.trim() === '') sink.add('"name" cannot be empty.', `${path}.name`, child(node, 'name'));

  const url = str('url', true);
  if (url !== undefined) {
    const problem = urlProblem(url);
    if (problem) sink.add(problem, `${path}.url`, child(node, 'url'));
  }

  let protocolVersion: ProtocolVersion = '5.0';
  const pv = child(node, 'protocolVersion');
  if (pv) {
    const v: unknown = getNodeValue(pv);
    if (typeof v === 'string' && (VERSIONS as readonly string[]).includes(v)) protocolVersion = v as ProtocolVersion;
    else sink.add(`"protocolVersion" must be one of "3.1", "3.1.1", "5.0" (got ${JSON.stringify(v)}).`, `${path}.protocolVersion`, pv);
  }

  const clientId = str('clientId', false);
  if (clientId !== undefined && new TextEncoder().encode(clientId).length > 65535) {
    sink.add('"clientId" is at most 65,535 bytes.', `${path}.clientId`, child(node, 'clientId'));
  }
  if (clientId === '' && protocolVersion === '3.1') {
    sink.add('MQTT 3.1 needs a client id: leave "clientId" out to get a generated one.', `${path}.clientId`, child(node, 'clientId'));
  }

  const clean = bool('clean', true);
  const keepalive = int('keepalive', 0, 65535, 60);
  const connectTimeout = int('connectTimeout', 1, 3600, 10);

  const reconnectNode = child(node, 'reconnect');
  let reconnect = { enabled: true, period: 1000 };
  if (reconnectNode) {
    if (reconnectNode.type !== 'object') sink.add('"reconnect" must be an object { "enabled", "period" }.', `${path}.reconnect`, reconnectNode);
    else
      reconnect = {
        enabled: bool('enabled', true, reconnectNode, `${path}.reconnect`),
        period: int('period', 100, 3_600_000, 1000, reconnectNode, `${path}.reconnect`),
      };
  }

  let auth: Profile['auth'];
  const authNode = child(node, 'auth');
  if (authNode) {
    if (authNode.type !== 'object') sink.add('"auth" must be an object { "username" }.', `${path}.auth`, authNode);
    else {
      const u = child(authNode, 'username');
      if (u && u.type !== 'string') sink.add('"username" must be a string.', `${path}.auth.username`, u);
      else auth = u ? { username: getNodeValue(u) as string } : {};
      const pw = child(authNode, 'password');
      if (pw) {
        sink.add(
          'Passwords do not belong in .tracemq.json: remove it and use "TraceMQ: Set Password" (kept in VS Code\'s secret storage).',
          `${path}.auth.password`,
          pw,
        );
      }
    }
  }

  const subscriptions: SubscriptionSpec[] = [];
  const subsNode = child(node, 'subscriptions');
  if (subsNode) {
    if (subsNode.type !== 'array') sink.add('"subscriptions" must be an array of { "topic", "qos" }.', `${path}.subscriptions`, subsNode);
    else
      (subsNode.children ?? []).forEach((s, i) => {
        const sp = `${path}.subscriptions[${i}]`;
        if (s.type !== 'object') {
          sink.add('A subscription must be an object { "topic", "qos" }.', sp, s);
          return;
        }
        const t = child(s, 'topic');
        if (t?.type !== 'string') {
          sink.add('A subscription needs a "topic" string.', `${sp}.topic`, t ?? s);
          return;
        }
        const topic = getNodeValue(t) as string;
        const err = topicFilterError(topic);
        if (err) {
          sink.add(err, `${sp}.topic`, t);
          return;
        }
        subscriptions.push({ topic, qos: int('qos', 0, 2, 0, s, sp) as 0 | 1 | 2 });
      });
  }

  for (const key of NOT_YET_APPLIED) {
    const n = child(node, key);
    if (n) sink.add(`"${key}" is not applied by this version of TraceMQ yet; it is ignored.`, `${path}.${key}`, n, 'warning');
  }

  const errorsNow = sink.problems.filter((p) => p.severity === 'error').length;
  if (errorsNow > before || name === undefined || url === undefined || name.trim() === '') return undefined;
  const profile: Profile = { name, url, protocolVersion, clean, keepalive, connectTimeout, reconnect, subscriptions };
  if (clientId !== undefined) profile.clientId = clientId;
  if (auth) profile.auth = auth;
  return profile;
}

/** Why `url` is not a broker URL TraceMQ can use, or undefined. */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url.slice(0, 200)}" is not a URL; write it like mqtt://localhost:1883 or ws://localhost:8083/mqtt.`;
  }
  if (!URL_SCHEMES.has(parsed.protocol)) {
    return `Unsupported scheme "${parsed.protocol}"; use mqtt://, tcp://, mqtts://, ssl://, tls://, ws:// or wss://.`;
  }
  if (!parsed.hostname) return 'The URL has no host name.';
  if (parsed.username || parsed.password) {
    return 'Credentials do not belong in the URL: put the user name in "auth.username" and set the password with "TraceMQ: Set Password".';
  }
  return undefined;
}
