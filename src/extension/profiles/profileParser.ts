import { isAbsolute, join } from 'node:path';
import { getNodeValue, type Node } from 'jsonc-parser';
import { child, duplicateKeyMessage, nameProblem, ObjectReader, parseJsonTree, ProblemSink, userPropertyProblem, type ProfileProblem } from './jsonReader';
import { parseTemplates, type TemplateEntry } from '../publish/templateParser';

export type { ProfileProblem } from './jsonReader';
import type { QoS } from '../../shared/mqtt/publishShapes';
import { showControls } from '../../shared/payload/payloadPreview';
import { hasWildcard, topicFilterError, topicNameError } from '../../shared/mqtt/topicFilter';
import { MAX_SUBSCRIPTION_IDENTIFIER } from '../../shared/mqtt/publishShapes';
import type { Mqtt5Options, Profile, ProtocolVersion, SubscriptionSpec, TlsOptions, WebSocketOptions, WillOptions } from './profile';

/** The URL schemes media/tracemq.schema.json's `url` pattern accepts (a URL it refuses, it underlines). */
const SCHEMA_URL_SCHEME = /^(mqtt|tcp|mqtts|ssl|tls|ws|wss):\/\//;


/** A profile of the file that could not be loaded: listed in the tree, marked, with why. */
export interface InvalidProfile {
  /** Its name when it has a usable one, else its place, e.g. `profiles[2]`. */
  label: string;
  /** The first error inside it (where a click on it in the tree goes). */
  problem: ProfileProblem;
}

export interface ParsedProfiles {
  profiles: Profile[];
  /** Profiles left out because of an error inside them, in file order. */
  invalid: InvalidProfile[];
  /** The file's saved publishes (`templates`). */
  templates: TemplateEntry[];
  problems: ProfileProblem[];
}

const URL_SCHEMES = new Set(['mqtt:', 'tcp:', 'mqtts:', 'ssl:', 'tls:', 'ws:', 'wss:']);
const VERSIONS: readonly ProtocolVersion[] = ['3.1', '3.1.1', '5.0'];
/** Largest `.tracemq.json` read, in characters. */
export const MAX_FILE_CHARS = 5 * 1024 * 1024;

/**
 * Parses the text of a `.tracemq.json`. Never throws: every problem is returned located (path,
 * line, column), and every valid profile is returned even when others are broken.
 */
export function parseProfiles(text: string): ParsedProfiles {
  const sink = new ProblemSink(text);
  const nothing = (): ParsedProfiles => ({ profiles: [], invalid: [], templates: [], problems: sink.problems });
  if (text.length > MAX_FILE_CHARS) {
    sink.addAt(`The file is larger than ${MAX_FILE_CHARS / 1024 / 1024} MB; TraceMQ does not read it.`, 0, 1);
    return nothing();
  }
  const root = parseJsonTree(text, sink);
  if (!root) return nothing();
  if (root.type !== 'object') {
    sink.add('The file must hold an object: { "profiles": [ ... ] }.', '', root, 'error', true);
    return nothing();
  }
  // The root's own keys: written twice, which list counts is ambiguous.
  const rootKeys = new Set<string>();
  for (const prop of root.children ?? []) {
    const keyNode = prop.children?.[0];
    const key: unknown = keyNode ? getNodeValue(keyNode) : undefined;
    if ((key === 'profiles' || key === 'templates') && rootKeys.has(key)) sink.add(duplicateKeyMessage(key), key, keyNode, 'error', true);
    if (typeof key === 'string') rootKeys.add(key);
  }
  const templates = parseTemplates(root, sink);
  const list = child(root, 'profiles');
  if (!list) return { profiles: [], invalid: [], templates, problems: sink.problems };
  if (list.type !== 'array') {
    sink.add('"profiles" must be an array of profile objects.', 'profiles', list, 'error', true);
    return { profiles: [], invalid: [], templates, problems: sink.problems };
  }
  const profiles: Profile[] = [];
  const skipped: { node: Node; index: number }[] = [];
  const seen = new Set<string>();
  (list.children ?? []).forEach((node, index) => {
    const profile = parseProfile(node, `profiles[${index}]`, sink);
    // A profile with a syntax error or a cut-out value inside is not what its author wrote: skip it.
    if (!profile || sink.damagedWithin(node)) {
      skipped.push({ node, index });
      return;
    }
    if (seen.has(profile.name)) {
      sink.add(`Another profile is already named "${profile.name}"; names must be unique.`, `profiles[${index}].name`, child(node, 'name'));
      skipped.push({ node, index });
      return;
    }
    seen.add(profile.name);
    profiles.push(profile);
  });
  const problems = sink.problems;
  // The first error inside each skipped profile, by binary search over the errors in offset order
  // (a file of thousands of broken profiles must not take a quadratic scan).
  const errors = problems.filter((p) => p.severity === 'error').sort((a, b) => a.offset - b.offset);
  const invalid = skipped.flatMap(({ node, index }): InvalidProfile[] => {
    let lo = 0;
    let hi = errors.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((errors[mid]?.offset ?? 0) < node.offset) lo = mid + 1;
      else hi = mid;
    }
    const problem = errors[lo];
    if (!problem || problem.offset >= node.offset + node.length) return [];
    const nameNode = node.type === 'object' ? child(node, 'name') : undefined;
    const name: unknown = nameNode ? getNodeValue(nameNode) : undefined;
    const label = typeof name === 'string' && name.trim() !== '' ? showControls(name.slice(0, 100)) : `profiles[${index}]`;
    return [{ label, problem }];
  });
  return { profiles, invalid, templates, problems };
}

/** The largest value of an MQTT Four Byte Integer (intervals in seconds). */
const UINT32_MAX = 0xffff_ffff;
/**
 * Keys each object of the SPEC.md shape knows: anything else is flagged, since a typo would otherwise
 * be silently ignored. media/tracemq.schema.json describes the same keys (a unit test keeps them in step).
 */
export const KNOWN_KEYS = {
  profile: ['name', 'url', 'protocolVersion', 'clientId', 'clean', 'keepalive', 'connectTimeout', 'reconnect', 'websocket', 'auth', 'tls', 'mqtt5', 'will', 'subscriptions'],
  reconnect: ['enabled', 'period'],
  websocket: ['path', 'headers'],
  auth: ['username', 'password'],
  tls: ['enabled', 'ca', 'cert', 'key', 'insecureSkipVerify'],
  mqtt5: ['sessionExpiryInterval', 'receiveMaximum', 'maximumPacketSize', 'topicAliasMaximum', 'requestResponseInformation', 'userProperties'],
  will: ['topic', 'payload', 'qos', 'retain', 'delayInterval', 'messageExpiryInterval', 'userProperties'],
  subscription: ['topic', 'qos', 'noLocal', 'retainAsPublished', 'retainHandling', 'subscriptionIdentifier'],
} as const;
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const isSecureScheme = (url: string): boolean => /^(mqtts|ssl|tls|wss):/i.test(url);
const isWebSocketScheme = (url: string): boolean => /^wss?:/i.test(url);

function parseProfile(node: Node, path: string, sink: ProblemSink): Profile | undefined {
  if (node.type !== 'object') {
    sink.add('A profile must be an object with at least "name" and "url".', path, node, 'error', true);
    return undefined;
  }
  const before = sink.errorCount;
  const r = new ObjectReader(node, path, sink, KNOWN_KEYS.profile);

  const name = r.str('name', true);
  const badName = name === undefined ? undefined : nameProblem(name);
  // An empty name breaks the schema's minLength too; a blank or unreadable one only TraceMQ sees.
  if (badName) r.error(badName, 'name', 'error', name === '');

  const url = r.str('url', true);
  if (url !== undefined) {
    const problem = urlProblem(url);
    // A scheme the schema's pattern refuses is underlined by the schema already: listed once (its own words there).
    if (problem) r.error(problem, 'url', 'error', !SCHEMA_URL_SCHEME.test(url));
  }

  let protocolVersion: ProtocolVersion = '5.0';
  const pv = r.child('protocolVersion');
  if (pv) {
    const v: unknown = getNodeValue(pv);
    if (typeof v === 'string' && (VERSIONS as readonly string[]).includes(v)) protocolVersion = v as ProtocolVersion;
    else r.error(`"protocolVersion" must be one of "3.1", "3.1.1", "5.0" (got ${JSON.stringify(v)}).`, 'protocolVersion', 'error', true);
  }
  const v5 = protocolVersion === '5.0';

  const clientId = r.mqttStr('clientId');
  if (clientId !== undefined && new TextEncoder().encode(clientId).length > 65535) {
    r.error('"clientId" is at most 65,535 bytes.', 'clientId');
  }
  if (clientId === '' && protocolVersion === '3.1') {
    r.error('MQTT 3.1 needs a client id: leave "clientId" out to get a generated one.', 'clientId');
  }

  const clean = r.bool('clean') ?? true;
  const keepalive = r.int('keepalive', 0, 65535) ?? 60;
  const connectTimeout = r.int('connectTimeout', 1, 3600) ?? 10;

  const rr = r.object('reconnect', KNOWN_KEYS.reconnect, '{ "enabled", "period" }');
  const reconnect = { enabled: rr?.bool('enabled') ?? true, period: rr?.int('period', 100, 3_600_000) ?? 1000 };

  let websocket: WebSocketOptions | undefined;
  const wr = r.object('websocket', KNOWN_KEYS.websocket, '{ "path", "headers" }');
  if (wr) {
    websocket = {};
    const wsPath = wr.str('path');
    if (wsPath !== undefined) {
      if (!wsPath.startsWith('/')) wr.error('"path" must start with "/", like "/mqtt".', 'path', 'error', true);
      else if (/[\s#]/.test(wsPath)) wr.error('"path" cannot contain spaces or "#".', 'path', 'error', true);
      else websocket.path = wsPath;
    }
    const headers = wr.stringMap('headers', (h, value) =>
      !HEADER_NAME.test(h)
        ? `"${h.slice(0, 100)}" is not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~- only).`
        : /[\r\n\0]/.test(value)
          ? `The value of header "${h.slice(0, 100)}" cannot contain line breaks or NUL.`
          : undefined,
      true,
    );
    if (headers) websocket.headers = headers;
    if (url !== undefined && !isWebSocketScheme(url)) {
      r.error('"websocket" is only used with ws:// and wss:// URLs; this profile connects over TCP, so it is ignored.', 'websocket', 'warning');
    }
  }

  let auth: Profile['auth'];
  const ar = r.object('auth', KNOWN_KEYS.auth, '{ "username" }');
  if (ar) {
    const username = ar.mqttStr('username');
    auth = username !== undefined ? { username } : {};
    if (ar.child('password')) {
      ar.error(
        'Passwords do not belong in .tracemq.json: remove it and use "TraceMQ: Set Password" (kept in VS Code\'s secret storage).',
        'password',
      );
    }
  }

  let tls: TlsOptions | undefined;
  const tr = r.object('tls', KNOWN_KEYS.tls, '{ "enabled", "ca", "cert", "key", "insecureSkipVerify" }');
  if (tr) {
    const enabledSet = tr.bool('enabled');
    tls = { enabled: enabledSet ?? false, insecureSkipVerify: tr.bool('insecureSkipVerify') ?? false };
    for (const key of ['ca', 'cert', 'key'] as const) {
      const file = tr.str(key);
      if (file === undefined) continue;
      if (file.trim() === '') tr.error(`"${key}" cannot be empty: leave it out instead.`, key, 'error', file === '');
      else tls[key] = file;
    }
    if ((tls.cert === undefined) !== (tls.key === undefined)) {
      tr.error('Mutual TLS needs both "cert" (client certificate) and "key" (its private key).', tls.cert === undefined ? 'key' : 'cert');
    }
    if (url !== undefined && !urlProblem(url)) {
      const secureUrl = isSecureScheme(url);
      if (secureUrl && enabledSet === false) {
        tr.error(`The URL's scheme uses TLS, so TLS is on whatever "enabled" says; write mqtt:// or ws:// to connect without TLS.`, 'enabled', 'warning');
      } else if (!secureUrl && !tls.enabled && (tls.ca ?? tls.cert ?? tls.key ?? (tls.insecureSkipVerify || undefined)) !== undefined) {
        tr.error('TLS is off ("enabled" is false and the URL is not mqtts:// or wss://), so these settings are unused.', undefined, 'warning');
      }
    }
  }

  let mqtt5: Mqtt5Options | undefined;
  const mr = r.object('mqtt5', KNOWN_KEYS.mqtt5, '{ "sessionExpiryInterval", "receiveMaximum", ... }');
  if (mr) {
    mqtt5 = {};
    const sessionExpiryInterval = mr.int('sessionExpiryInterval', 0, UINT32_MAX);
    const receiveMaximum = mr.int('receiveMaximum', 1, 65535);
    const maximumPacketSize = mr.int('maximumPacketSize', 1, 268_435_456);
    const topicAliasMaximum = mr.int('topicAliasMaximum', 0, 65535);
    const requestResponseInformation = mr.bool('requestResponseInformation');
    const userProperties = mr.stringMap('userProperties', userPropertyProblem);
    if (sessionExpiryInterval !== undefined) mqtt5.sessionExpiryInterval = sessionExpiryInterval;
    if (receiveMaximum !== undefined) mqtt5.receiveMaximum = receiveMaximum;
    if (maximumPacketSize !== undefined) mqtt5.maximumPacketSize = maximumPacketSize;
    if (topicAliasMaximum !== undefined) mqtt5.topicAliasMaximum = topicAliasMaximum;
    if (requestResponseInformation !== undefined) mqtt5.requestResponseInformation = requestResponseInformation;
    if (userProperties) mqtt5.userProperties = userProperties;
    if (!v5) r.error(`"mqtt5" options are only sent with MQTT 5.0; this profile uses MQTT ${protocolVersion}, so they are ignored.`, 'mqtt5', 'warning');
  }

  let will: WillOptions | undefined;
  const lr = r.object('will', KNOWN_KEYS.will, '{ "topic", "payload", "qos", "retain", ... }');
  if (lr) {
    const topic = lr.str('topic', true);
    const topicProblem = topic === undefined ? undefined : topicNameError(topic);
    if (topicProblem) lr.error(`Will topic: ${topicProblem}`, 'topic', 'error', hasWildcard(topic) || topic === '');
    const payload = lr.str('payload') ?? '';
    const qos = (lr.int('qos', 0, 2) ?? 0) as QoS;
    const retain = lr.bool('retain') ?? false;
    const delayInterval = lr.int('delayInterval', 0, UINT32_MAX);
    const messageExpiryInterval = lr.int('messageExpiryInterval', 0, UINT32_MAX);
    const userProperties = lr.stringMap('userProperties', userPropertyProblem);
    if (topic !== undefined && !topicProblem) {
      will = { topic, payload, qos, retain };
      if (delayInterval !== undefined) will.delayInterval = delayInterval;
      if (messageExpiryInterval !== undefined) will.messageExpiryInterval = messageExpiryInterval;
      if (userProperties) will.userProperties = userProperties;
    }
    if (!v5) {
      for (const key of ['delayInterval', 'messageExpiryInterval', 'userProperties']) {
        if (lr.child(key)) lr.error(`"${key}" is only sent with MQTT 5.0; this profile uses MQTT ${protocolVersion}, so it is ignored.`, key, 'warning');
      }
    }
  }

  const subscriptions: SubscriptionSpec[] = [];
  const subsNode = r.child('subscriptions');
  if (subsNode) {
    if (subsNode.type !== 'array') r.shapeError('"subscriptions" must be an array of { "topic", "qos" }.', 'subscriptions');
    else
      (subsNode.children ?? []).forEach((s, i) => {
        const sp = `${path}.subscriptions[${i}]`;
        if (s.type !== 'object') {
          sink.add('A subscription must be an object { "topic", "qos" }.', sp, s, 'error', true);
          return;
        }
        const sr = new ObjectReader(s, sp, sink, KNOWN_KEYS.subscription);
        const t = sr.child('topic');
        if (t?.type !== 'string') {
          // The schema's `required` (at the subscription) or `type` (at the topic).
          sink.add('A subscription needs a "topic" string.', t ? `${sp}.topic` : sp, t ?? s, 'error', true);
          return;
        }
        const topic = getNodeValue(t) as string;
        const err = topicFilterError(topic);
        if (err) {
          sink.add(err, `${sp}.topic`, t, 'error', topic === '');
          return;
        }
        const spec: SubscriptionSpec = { topic, qos: (sr.int('qos', 0, 2) ?? 0) as QoS };
        const noLocal = sr.bool('noLocal');
        const retainAsPublished = sr.bool('retainAsPublished');
        const retainHandling = sr.int('retainHandling', 0, 2);
        const subscriptionIdentifier = sr.int('subscriptionIdentifier', 1, MAX_SUBSCRIPTION_IDENTIFIER);
        if (noLocal !== undefined) spec.noLocal = noLocal;
        if (retainAsPublished !== undefined) spec.retainAsPublished = retainAsPublished;
        if (retainHandling !== undefined) spec.retainHandling = retainHandling as 0 | 1 | 2;
        if (subscriptionIdentifier !== undefined) spec.subscriptionIdentifier = subscriptionIdentifier;
        if (!v5) {
          for (const key of ['noLocal', 'retainAsPublished', 'retainHandling', 'subscriptionIdentifier']) {
            if (sr.child(key)) sr.error(`"${key}" is an MQTT 5.0 subscription option; this profile uses MQTT ${protocolVersion}, so it is ignored.`, key, 'warning');
          }
        }
        subscriptions.push(spec);
      });
  }

  if (sink.errorCount > before || name === undefined || url === undefined || badName) return undefined;
  const profile: Profile = { name, url, protocolVersion, clean, keepalive, connectTimeout, reconnect, subscriptions };
  if (clientId !== undefined) profile.clientId = clientId;
  if (websocket) profile.websocket = websocket;
  if (auth) profile.auth = auth;
  if (tls) profile.tls = tls;
  if (mqtt5) profile.mqtt5 = mqtt5;
  if (will) profile.will = will;
  return profile;
}

/** Why `url` is not a broker URL TraceMQ can use, or undefined. */
export function urlProblem(url: string): string | undefined {
  // The URL parser would quietly drop leading and trailing spaces and escape inner ones, while the
  // TLS check reads the text as written: refuse them instead of guessing.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(url) && url.trim() !== '') {
    return `"${url.slice(0, 200).trim()}" cannot contain spaces or control characters; write it like mqtt://localhost:1883.`;
  }
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
  if (parsed.port === '0') return 'Port 0 is not a port a broker listens on; leave the port out for the default (1883, 8883…).';
  if (parsed.username || parsed.password) {
    return 'Credentials do not belong in the URL: put the user name in "auth.username" and set the password with "TraceMQ: Set Password".';
  }
  return undefined;
}

/** The certificate fields of `tls`, with what each holds, for messages. */
export const CERTIFICATE_FIELDS = [
  { key: 'ca', what: 'TLS CA file' },
  { key: 'cert', what: 'TLS client certificate' },
  { key: 'key', what: 'TLS client key' },
] as const;

/**
 * The absolute path of a certificate file named in a profile: relative paths are relative to the
 * workspace folder (SPEC.md); profiles without a folder (user profiles) need absolute paths, and
 * get undefined otherwise.
 */
export function resolveCertificatePath(file: string, folder: string | undefined): string | undefined {
  if (isAbsolute(file)) return file;
  return folder === undefined ? undefined : join(folder, file);
}

/**
 * Located problems for certificate files (tls.ca, tls.cert, tls.key) that cannot be read, for the
 * profiles of a `.tracemq.json` in `folder`. Pure apart from `canRead`, which the caller supplies
 * (e.g. `fs.accessSync(path, R_OK)`), so that `parseProfiles` itself stays free of file access.
 * Profiles with such problems still load; connecting them fails with the same file named.
 */
export function certificateProblems(text: string, folder: string, canRead: (absolutePath: string) => boolean): ProfileProblem[] {
  const sink = new ProblemSink(text);
  // parseProfiles reports what is wrong with the JSON itself; only certificate problems are wanted here.
  const root = parseJsonTree(text, new ProblemSink(text));
  const list = child(root, 'profiles');
  if (list?.type !== 'array') return [];
  (list.children ?? []).forEach((node, index) => {
    const tls = child(node, 'tls');
    const url = child(node, 'url');
    const enabled = child(tls, 'enabled');
    const secure = url?.type === 'string' && isSecureScheme(getNodeValue(url) as string);
    if (!secure && !(enabled?.type === 'boolean' && getNodeValue(enabled) === true)) return;
    for (const { key, what } of CERTIFICATE_FIELDS) {
      const n = child(tls, key);
      if (n?.type !== 'string') continue;
      const file = getNodeValue(n) as string;
      if (file.trim() === '') continue;
      const absolute = resolveCertificatePath(file, folder);
      if (absolute !== undefined && !canRead(absolute)) {
        sink.add(`${what} "${file}" cannot be read (looked for ${absolute}).`, `profiles[${index}].tls.${key}`, n);
      }
    }
  });
  return sink.problems;
}
