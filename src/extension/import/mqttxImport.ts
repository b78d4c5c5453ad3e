import type { JsonObject, JsonValue } from '../../shared/json/jsonValue';
import { brokerUrl, compact, ConnectionContext, FieldReader, finishConnection, hostProblem, pathText, openConnectionRecord } from './connectionReader';
import type { ImportedConnection } from './importTypes';
import type { SourceDocument, SourcePath } from './sourceDocument';

/** Most connections read from one source. */
export const MAX_IMPORT_CONNECTIONS = 1000;

const UINT32_MAX = 0xffff_ffff;

/** Fields MQTTX keeps for its own use: ids, dates, counters, the message history, the UI. */
const IGNORED = new Set(['id', 'messages', 'createAt', 'updateAt', 'unreadMessageCount', 'orderId', 'parentId', 'isCollection', 'client', 'color', 'collectionId']);
/** Fields this importer reads. */
const READ = new Set([
  'name', 'clientId', 'clean', 'protocol', 'host', 'port', 'path', 'keepalive', 'connectTimeout', 'reconnect', 'reconnectPeriod', 'username', 'password',
  'mqttVersion', 'ssl', 'certType', 'ca', 'cert', 'key', 'rejectUnauthorized', 'will', 'properties', 'subscriptions', 'ALPNProtocols', 'clientIdWithTime', 'pushProps',
  // Older exports keep the MQTT 5 CONNECT properties at the top level (as MQTTX's database does).
  'sessionExpiryInterval', 'receiveMaximum', 'maximumPacketSize', 'topicAliasMaximum', 'requestResponseInformation', 'requestProblemInformation', 'userProperties',
  'authenticationMethod', 'authenticationData',
]);

/** True when `value` has the shape of an MQTTX export: a connection object or a list of them. */
export function looksLikeMqttx(value: unknown): boolean {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return false;
  const o = first as Record<string, unknown>;
  return ('host' in o && ('mqttVersion' in o || 'clientId' in o || 'ssl' in o)) || (o.isCollection === true && Array.isArray(o.children));
}

/**
 * The connections of an MQTTX desktop export (field names of emqx/MQTTX `ConnectionModel` and
 * `src/database/models/*Entity.ts`): a JSON array, one object, or YAML of the same shape;
 * collections (`isCollection` with `children`) are read through.
 */
export function importMqttx(doc: SourceDocument): { connections: ImportedConnection[]; problems: string[] } {
  const connections: ImportedConnection[] = [];
  const problems: string[] = [];
  const queue: [unknown, SourcePath][] = Array.isArray(doc.value) ? doc.value.map((v, i) => [v, [i]]) : [[doc.value, []]];
  while (queue.length > 0) {
    const [value, path] = queue.shift() ?? [undefined, []];
    if (typeof value === 'object' && value !== null && (value as { isCollection?: unknown }).isCollection === true) {
      const children = (value as { children?: unknown }).children;
      if (Array.isArray(children)) children.forEach((c, i) => queue.push([c, [...path, 'children', i]]));
      continue;
    }
    if (connections.length + problems.length >= MAX_IMPORT_CONNECTIONS) {
      problems.push(`The export holds more than ${MAX_IMPORT_CONNECTIONS} connections; only the first ${MAX_IMPORT_CONNECTIONS} are read.`);
      break;
    }
    const name = typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
    const label = `MQTTX connection ${typeof name === 'string' ? JSON.stringify(name.slice(0, 100)) : pathText(path) || '(the only one)'}`;
    const ctx = new ConnectionContext(doc, label);
    const connection = readConnection(value, path, ctx);
    if (connection) connections.push(connection);
    else problems.push(...ctx.errors);
  }
  return { connections, problems };
}

function readConnection(value: unknown, path: SourcePath, ctx: ConnectionContext): ImportedConnection | undefined {
  const r = openConnectionRecord(value, path, ctx);
  if (!r) return undefined;
  for (const key of Object.keys(r.value)) if (!READ.has(key) && !IGNORED.has(key)) ctx.drop(`"${key.slice(0, 100)}" (not an MQTTX field TraceMQ knows)`);

  const name = r.str('name')?.trim();
  if (name === undefined || name === '') r.error('name', 'a connection needs a name.');
  const host = r.str('host')?.trim() ?? '';
  const badHost = hostProblem(host);
  if (badHost) r.error('host', badHost);
  const port = r.int('port', 1, 65535);
  const ssl = r.bool('ssl') ?? false;
  let protocol = r.str('protocol') ?? (ssl ? 'mqtts' : 'mqtt');
  if (!['mqtt', 'mqtts', 'ws', 'wss'].includes(protocol)) {
    r.error('protocol', `must be "mqtt", "mqtts", "ws" or "wss" (got ${JSON.stringify(protocol.slice(0, 40))}).`);
    protocol = 'mqtt';
  }
  // Older MQTTX kept the scheme plain and switched TLS with "ssl".
  if (ssl && protocol === 'mqtt') protocol = 'mqtts';
  if (ssl && protocol === 'ws') protocol = 'wss';
  const websocket = protocol === 'ws' || protocol === 'wss';
  const tlsOn = protocol === 'mqtts' || protocol === 'wss';

  const versionText = r.str('mqttVersion') ?? '5.0';
  const version = versionText === '5' ? '5.0' : versionText;
  if (!['3.1', '3.1.1', '5.0'].includes(version)) r.error('mqttVersion', `must be "3.1", "3.1.1" or "5.0" (got ${JSON.stringify(versionText.slice(0, 40))}).`);
  const v5 = version === '5.0';

  const raw: Record<string, JsonValue | undefined> = { name, url: brokerUrl(protocol, host, port), protocolVersion: version };
  const clientId = r.str('clientId');
  if (clientId !== undefined && clientId !== '') raw.clientId = clientId;
  if (r.bool('clientIdWithTime') === true) ctx.drop('clientIdWithTime (MQTTX adds the time to the client id)');
  raw.clean = r.bool('clean');
  raw.keepalive = r.int('keepalive', 0, 65535);
  raw.connectTimeout = r.int('connectTimeout', 1, 3600);
  const reconnect = r.bool('reconnect');
  const period = r.int('reconnectPeriod', 0, 3_600_000);
  if (reconnect !== undefined || period !== undefined) {
    raw.reconnect = compact({ enabled: reconnect ?? true, period: period === undefined ? undefined : Math.max(100, period) });
    if (period !== undefined && period < 100) ctx.drop(`reconnectPeriod ${period} ms (TraceMQ waits at least 100 ms)`);
  }
  const wsPath = r.str('path');
  if (websocket && wsPath !== undefined && wsPath !== '') raw.websocket = { path: wsPath.startsWith('/') ? wsPath : `/${wsPath}` };

  const username = r.str('username');
  if (username !== undefined && username !== '') raw.auth = { username };
  const password = r.str('password');

  if (tlsOn) {
    const certType = r.str('certType') ?? '';
    const tls: Record<string, JsonValue | undefined> = { enabled: true, insecureSkipVerify: r.bool('rejectUnauthorized') === false };
    // Certificate paths count only for "self" (self-signed); "server" trusts the system's CAs.
    if (certType === 'self') {
      for (const field of ['ca', 'cert', 'key'] as const) {
        const file = r.str(field)?.trim();
        if (file !== undefined && file !== '') tls[field] = file;
      }
    } else if (certType !== '' && certType !== 'server') {
      r.error('certType', `must be "", "server" or "self" (got ${JSON.stringify(certType.slice(0, 40))}).`);
    }
    raw.tls = compact(tls);
  }
  const alpn = r.get('ALPNProtocols');
  if (alpn !== undefined && alpn !== null && alpn !== '' && !(Array.isArray(alpn) && alpn.length === 0)) ctx.drop('ALPNProtocols (TraceMQ offers no ALPN list)');

  // MQTT 5 CONNECT properties: in "properties", or at the top level in older exports.
  const props = r.object('properties', '{ "sessionExpiryInterval", … }') ?? r;
  const mqtt5 = compact({
    sessionExpiryInterval: props.int('sessionExpiryInterval', 0, UINT32_MAX),
    receiveMaximum: props.int('receiveMaximum', 1, 65535),
    maximumPacketSize: props.int('maximumPacketSize', 1, 268_435_456),
    topicAliasMaximum: props.int('topicAliasMaximum', 0, 65535),
    requestResponseInformation: props.bool('requestResponseInformation'),
    userProperties: props.stringMap('userProperties', 'user property'),
  });
  if (props.bool('requestProblemInformation') === false) ctx.drop('requestProblemInformation false (TraceMQ always asks for problem information)');
  if (props.has('authenticationMethod')) ctx.drop('authenticationMethod (TraceMQ has no enhanced authentication)');
  if (props.has('authenticationData')) ctx.drop('authenticationData (TraceMQ has no enhanced authentication)');
  if (Object.keys(mqtt5).length > 0) {
    if (v5) raw.mqtt5 = mqtt5;
    else ctx.drop(`the MQTT 5 properties (${Object.keys(mqtt5).join(', ')}): this connection uses MQTT ${version}`);
  }

  const will = readWill(r, v5, ctx);
  if (will) raw.will = will;

  const pushProps = r.get('pushProps');
  if (typeof pushProps === 'object' && pushProps !== null && Object.values(pushProps).some((v) => v !== null && v !== undefined && v !== '' && v !== false)) {
    ctx.drop('pushProps (MQTTX\'s default publish properties; TraceMQ keeps publish settings in the publish panel)');
  }

  raw.subscriptions = readSubscriptions(r, v5, ctx);
  return finishConnection(ctx, pathText(path) || 'the connection', compact(raw), { password });
}

function readWill(r: FieldReader, v5: boolean, ctx: ConnectionContext): JsonObject | undefined {
  const w = r.object('will', '{ "lastWillTopic", "lastWillPayload", … }');
  if (!w) return undefined;
  const topic = w.str('lastWillTopic');
  if (topic === undefined || topic === '') return undefined;
  const will: Record<string, JsonValue | undefined> = {
    topic,
    payload: w.str('lastWillPayload') ?? '',
    qos: w.int('lastWillQos', 0, 2) ?? 0,
    retain: w.bool('lastWillRetain') ?? false,
  };
  const p = w.object('properties', '{ "willDelayInterval", … }');
  if (p) {
    const delay = p.int('willDelayInterval', 0, UINT32_MAX);
    const expiry = p.int('messageExpiryInterval', 0, UINT32_MAX);
    const user = p.stringMap('userProperties', 'will user property');
    if (v5) {
      will.delayInterval = delay;
      will.messageExpiryInterval = expiry;
      will.userProperties = user;
    } else if (delay !== undefined || expiry !== undefined || user !== undefined) {
      ctx.drop('the will\'s MQTT 5 properties: this connection uses MQTT 3.x');
    }
    if (p.bool('payloadFormatIndicator') === true) ctx.drop('will payloadFormatIndicator');
    for (const key of ['contentType', 'responseTopic', 'correlationData']) {
      const v = p.get(key);
      if (v !== undefined && v !== null && v !== '') ctx.drop(`will ${key}`);
    }
  }
  return compact(will);
}

function readSubscriptions(r: FieldReader, v5: boolean, ctx: ConnectionContext): JsonValue[] {
  const list = r.array('subscriptions', 'of { "topic", "qos" }') ?? [];
  const out: JsonValue[] = [];
  list.forEach((item, i) => {
    const s = FieldReader.of(item, [...r.path, 'subscriptions', i], ctx, '{ "topic", "qos" }');
    if (!s) return;
    const topic = s.str('topic');
    if (topic === undefined || topic === '') {
      s.error('topic', 'a subscription needs a topic.');
      return;
    }
    if (s.bool('disabled') === true) {
      ctx.drop(`subscription "${topic.slice(0, 100)}" (disabled in MQTTX)`);
      return;
    }
    const spec: Record<string, JsonValue | undefined> = { topic, qos: s.int('qos', 0, 2) ?? 0 };
    const nl = s.bool('nl');
    const rap = s.bool('rap');
    const rh = s.int('rh', 0, 2);
    const id = s.int('subscriptionIdentifier', 1, 268_435_455);
    if (v5) {
      if (nl === true) spec.noLocal = true;
      if (rap === true) spec.retainAsPublished = true;
      if (rh !== undefined && rh !== 0) spec.retainHandling = rh;
      spec.subscriptionIdentifier = id;
    }
    const alias = s.str('alias');
    if (alias !== undefined && alias !== '') ctx.drop(`subscription alias "${alias.slice(0, 100)}"`);
    const user = s.get('userProperties');
    if (user !== undefined && user !== null && !(typeof user === 'object' && Object.keys(user).length === 0)) ctx.drop(`subscription "${topic.slice(0, 100)}" user properties`);
    out.push(compact(spec));
  });
  return out;
}
