import type { JsonValue } from '../../shared/json/jsonValue';
import { brokerUrl, certificatePlaceholder, compact, ConnectionContext, FieldReader, finishConnection, hostProblem, pathText, openConnectionRecord } from './connectionReader';
import type { ImportedConnection, InlineCertificate } from './importTypes';
import { MAX_IMPORT_CONNECTIONS } from './mqttxImport';
import { looksLikePem, pemProblem } from './pemCheck';
import type { SourceDocument } from './sourceDocument';

/** The setting of vsmqtt's profiles, in a user or workspace settings.json. */
export const VSMQTT_KEY = 'vsmqtt.brokerProfiles';

const SCHEMES: Record<string, string> = { mqtt: 'mqtt', tcp: 'mqtt', mqtts: 'mqtts', tls: 'mqtts', ssl: 'mqtts', ws: 'ws', wss: 'wss' };
const READ = new Set(['name', 'host', 'port', 'protocol', 'clientId', 'path', 'keepalive', 'username', 'password', 'ca', 'cert', 'key', 'insecure', 'rejectUnauthorized', 'savedSubscriptions', 'promptCredentials', 'unixSocket', 'defaultsForPublish']);

/**
 * The profiles of vsmqtt (rpdswtk/vsmqtt, `vsmqtt.brokerProfiles` in package.json and README):
 * `host` may carry a scheme (`ws://broker`), `ca`/`cert`/`key` are a path or PEM text (PEM
 * becomes a file on import). vsmqtt connects with MQTT 3.1.1 (mqtt.js's default), so the
 * profiles do too.
 */
export function importVsmqtt(doc: SourceDocument): { connections: ImportedConnection[]; problems: string[] } {
  const list = (doc.value as Record<string, unknown>)[VSMQTT_KEY];
  if (!Array.isArray(list)) return { connections: [], problems: [`"${VSMQTT_KEY}" must be a list of profiles (line ${doc.lineOf([VSMQTT_KEY]) ?? 1}).`] };
  const connections: ImportedConnection[] = [];
  const problems: string[] = [];
  list.slice(0, MAX_IMPORT_CONNECTIONS).forEach((value, i) => {
    const name = typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
    const ctx = new ConnectionContext(doc, `vsmqtt profile ${typeof name === 'string' ? JSON.stringify(name.slice(0, 100)) : `#${i + 1}`}`);
    const connection = readProfile(value, [VSMQTT_KEY, i], ctx);
    if (connection) connections.push(connection);
    else problems.push(...ctx.errors);
  });
  if (list.length > MAX_IMPORT_CONNECTIONS) problems.push(`The file holds more than ${MAX_IMPORT_CONNECTIONS} profiles; only the first ${MAX_IMPORT_CONNECTIONS} are read.`);
  return { connections, problems };
}

function readProfile(value: unknown, path: (string | number)[], ctx: ConnectionContext): ImportedConnection | undefined {
  const r = openConnectionRecord(value, path, ctx);
  if (!r) return undefined;
  for (const key of Object.keys(r.value)) if (!READ.has(key)) ctx.drop(`"${key.slice(0, 100)}" (not a vsmqtt field TraceMQ knows)`);
  if (r.bool('unixSocket') === true) {
    r.error('unixSocket', 'TraceMQ connects over TCP, TLS and WebSocket, not to a Unix socket.');
    return undefined;
  }
  if (r.bool('promptCredentials') === true) ctx.drop('promptCredentials (TraceMQ keeps the password in secret storage instead of asking each time)');
  if (r.has('defaultsForPublish')) ctx.drop('defaultsForPublish (use a publish template instead)');

  const name = r.str('name')?.trim();
  if (name === undefined || name === '') r.error('name', 'a profile needs a name.');
  let host = r.str('host')?.trim() ?? 'localhost';
  let scheme = 'mqtt';
  // "host" may be written as a URL: "ws://broker.emqx.io".
  const inHost = /^([a-z]+):\/\/(.*)$/i.exec(host);
  if (inHost) {
    const s = SCHEMES[(inHost[1] ?? '').toLowerCase()];
    if (!s) r.error('host', `has an unknown scheme "${(inHost[1] ?? '').slice(0, 20)}://".`);
    else scheme = s;
    host = (inHost[2] ?? '').replace(/\/+$/, '');
  }
  const protocol = r.str('protocol');
  if (protocol !== undefined) {
    const s = SCHEMES[protocol.toLowerCase()];
    if (!s) r.error('protocol', `must be one of mqtt, mqtts, tcp, tls, ws, wss (got ${JSON.stringify(protocol.slice(0, 40))}).`);
    else scheme = s;
  }
  const badHost = hostProblem(host);
  if (badHost) r.error('host', badHost);
  const port = r.int('port', 1, 65535) ?? 1883;
  const raw: Record<string, JsonValue | undefined> = { name, url: brokerUrl(scheme, host, port), protocolVersion: '3.1.1' };
  const clientId = r.str('clientId');
  if (clientId !== undefined && clientId !== '') raw.clientId = clientId;
  raw.keepalive = r.int('keepalive', 0, 65535);
  const wsPath = r.str('path');
  if ((scheme === 'ws' || scheme === 'wss') && wsPath !== undefined && wsPath !== '') raw.websocket = { path: wsPath.startsWith('/') ? wsPath : `/${wsPath}` };
  const username = r.str('username');
  if (username !== undefined && username !== '') raw.auth = { username };
  const password = r.str('password');

  const tlsOn = scheme === 'mqtts' || scheme === 'wss';
  const certificates: InlineCertificate[] = [];
  const tls: Record<string, JsonValue | undefined> = { enabled: true, insecureSkipVerify: r.bool('rejectUnauthorized') === false };
  for (const field of ['ca', 'cert', 'key'] as const) {
    const v = r.str(field)?.trim();
    if (v === undefined || v === '') continue;
    if (looksLikePem(v) || v.includes('\n')) {
      const problem = pemProblem(v, field);
      if (problem) {
        r.error(field, problem);
        continue;
      }
      certificates.push({ field, pem: `${v}\n` });
      tls[field] = certificatePlaceholder(field);
    } else {
      tls[field] = v;
    }
  }
  if (r.bool('insecure') === true) ctx.drop('insecure (skips only the host name check; TraceMQ checks the whole certificate or, with insecureSkipVerify, none of it)');
  if (tlsOn) raw.tls = compact(tls);
  else if (tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined) {
    ctx.drop('ca, cert and key (the protocol is not mqtts or wss, so vsmqtt did not use them either)');
    certificates.length = 0;
  }

  const subs = r.array('savedSubscriptions', 'of { "topic", "qos" }') ?? [];
  raw.subscriptions = subs.flatMap((s, i): JsonValue[] => {
    const sr = FieldReader.of(s, [...path, 'savedSubscriptions', i], ctx, '{ "topic", "qos" }');
    const topic = sr?.str('topic');
    if (!sr || topic === undefined || topic === '') {
      if (sr) sr.error('topic', 'a subscription needs a topic.');
      return [];
    }
    return [{ topic, qos: sr.int('qos', 0, 2) ?? 0 }];
  });
  return finishConnection(ctx, pathText(path), compact(raw), { password, certificates });
}
