import type { JsonValue } from '../../shared/json/jsonValue';
import { brokerUrl, certificatePlaceholder, compact, ConnectionContext, FieldReader, finishConnection, hostProblem, pathText, openConnectionRecord } from './connectionReader';
import type { CertificateField, ImportedConnection, InlineCertificate } from './importTypes';
import { MAX_IMPORT_CONNECTIONS } from './mqttxImport';
import { pemProblem } from './pemCheck';
import type { SourceDocument } from './sourceDocument';

/** The key of MQTT Explorer's settings.json that holds its connections, a dictionary by id. */
export const MQTT_EXPLORER_KEY = 'ConnectionManager_connections';

const IGNORED = new Set(['id', 'configVersion', 'type', 'order']);
const CERTIFICATES: [string, CertificateField][] = [
  ['selfSignedCertificate', 'ca'],
  ['clientCertificate', 'cert'],
  ['clientKey', 'key'],
];
const READ = new Set(['name', 'host', 'port', 'protocol', 'basePath', 'encryption', 'certValidation', 'username', 'password', 'clientId', 'subscriptions', ...CERTIFICATES.map(([k]) => k)]);

/**
 * The connections of MQTT Explorer's settings.json (thomasnordquist/MQTT-Explorer
 * `app/src/model/ConnectionOptions.ts`): `ConnectionManager_connections`, a dictionary by id.
 * Certificates are inline (`{ name, data }`, data in base64) and become files on import. MQTT
 * Explorer connects with MQTT 3.1.1 (mqtt.js's default), so the profiles do too.
 */
export function importMqttExplorer(doc: SourceDocument): { connections: ImportedConnection[]; problems: string[] } {
  const root = doc.value as Record<string, unknown>;
  const dict = root[MQTT_EXPLORER_KEY];
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
    return { connections: [], problems: [`"${MQTT_EXPLORER_KEY}" must be an object of connections by id (line ${doc.lineOf([MQTT_EXPLORER_KEY]) ?? 1}).`] };
  }
  const connections: ImportedConnection[] = [];
  const problems: string[] = [];
  for (const [id, value] of Object.entries(dict as Record<string, unknown>).slice(0, MAX_IMPORT_CONNECTIONS)) {
    const path = [MQTT_EXPLORER_KEY, id];
    const name = typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
    const ctx = new ConnectionContext(doc, `MQTT Explorer connection ${JSON.stringify((typeof name === 'string' ? name : id).slice(0, 100))}`);
    const connection = readConnection(value, path, ctx);
    if (connection) connections.push(connection);
    else problems.push(...ctx.errors);
  }
  if (Object.keys(dict).length > MAX_IMPORT_CONNECTIONS) problems.push(`The file holds more than ${MAX_IMPORT_CONNECTIONS} connections; only the first ${MAX_IMPORT_CONNECTIONS} are read.`);
  return { connections, problems };
}

function readConnection(value: unknown, path: (string | number)[], ctx: ConnectionContext): ImportedConnection | undefined {
  const r = openConnectionRecord(value, path, ctx);
  if (!r) return undefined;
  for (const key of Object.keys(r.value)) if (!READ.has(key) && !IGNORED.has(key)) ctx.drop(`"${key.slice(0, 100)}" (not an MQTT Explorer field TraceMQ knows)`);

  const name = r.str('name')?.trim();
  if (name === undefined || name === '') r.error('name', 'a connection needs a name.');
  const host = r.str('host')?.trim() ?? '';
  const badHost = hostProblem(host);
  if (badHost) r.error('host', badHost);
  const port = r.int('port', 1, 65535);
  const protocol = r.str('protocol') ?? 'mqtt';
  if (protocol !== 'mqtt' && protocol !== 'ws') r.error('protocol', `must be "mqtt" or "ws" (got ${JSON.stringify(protocol.slice(0, 40))}).`);
  const tlsOn = r.bool('encryption') ?? false;
  const scheme = protocol === 'ws' ? (tlsOn ? 'wss' : 'ws') : tlsOn ? 'mqtts' : 'mqtt';
  const raw: Record<string, JsonValue | undefined> = { name, url: brokerUrl(scheme, host, port), protocolVersion: '3.1.1' };
  const clientId = r.str('clientId');
  if (clientId !== undefined && clientId !== '') raw.clientId = clientId;
  const basePath = r.str('basePath');
  if (protocol === 'ws' && basePath !== undefined && basePath !== '') raw.websocket = { path: basePath.startsWith('/') ? basePath : `/${basePath}` };
  const username = r.str('username');
  if (username !== undefined && username !== '') raw.auth = { username };
  const password = r.str('password');

  const certificates: InlineCertificate[] = [];
  const tls: Record<string, JsonValue | undefined> = { enabled: true, insecureSkipVerify: r.bool('certValidation') === false };
  for (const [key, field] of CERTIFICATES) {
    const c = r.object(key, '{ "name", "data" }');
    if (!c) continue;
    const data = c.str('data');
    if (data === undefined || data === '') continue;
    if (!/^[A-Za-z0-9+/=\s]*$/.test(data)) {
      c.error('data', 'must be base64 (MQTT Explorer keeps certificates base64-encoded).');
      continue;
    }
    const pem = Buffer.from(data, 'base64').toString('utf8');
    const problem = pemProblem(pem, field);
    if (problem) {
      c.error('data', problem);
      continue;
    }
    const sourceName = c.str('name');
    certificates.push(sourceName !== undefined ? { field, pem, sourceName } : { field, pem });
    tls[field] = certificatePlaceholder(field);
  }
  if (tlsOn) raw.tls = compact(tls);
  else if (certificates.length > 0) ctx.drop('the certificates (encryption is off for this connection)');
  if (!tlsOn) certificates.length = 0;

  const subs = r.array('subscriptions', 'of { "topic", "qos" }') ?? [];
  raw.subscriptions = subs.flatMap((s, i): JsonValue[] => {
    // Old files list topics as plain strings.
    if (typeof s === 'string') return s === '' ? [] : [{ topic: s, qos: 0 }];
    const sr = FieldReader.of(s, [...path, 'subscriptions', i], ctx, '{ "topic", "qos" }');
    const topic = sr?.str('topic');
    if (!sr || topic === undefined || topic === '') {
      if (sr) sr.error('topic', 'a subscription needs a topic.');
      return [];
    }
    return [{ topic, qos: sr.int('qos', 0, 2) ?? 0 }];
  });
  return finishConnection(ctx, pathText(path), compact(raw), { password, certificates });
}
