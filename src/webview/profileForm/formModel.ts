import type { JsonObject, JsonValue } from '../../shared/json/jsonValue';
import type { FormFieldProblem } from '../../shared/profileForm/profileFormProtocol';
import type { KeyValue } from '../toolkit/KeyValueList';

export type Version = '3.1' | '3.1.1' | '5.0';
export type QosText = '0' | '1' | '2';

/** What the form's fields hold: text as typed, so a bad number reaches the host's validator as typed. */
export interface FormState {
  name: string;
  url: string;
  protocolVersion: Version;
  clientId: string;
  clean: boolean;
  keepalive: string;
  connectTimeout: string;
  reconnectEnabled: boolean;
  reconnectPeriod: string;
  wsPath: string;
  wsHeaders: KeyValue[];
  username: string;
  tlsEnabled: boolean;
  ca: string;
  cert: string;
  key: string;
  insecureSkipVerify: boolean;
  sessionExpiryInterval: string;
  receiveMaximum: string;
  maximumPacketSize: string;
  topicAliasMaximum: string;
  requestResponseInformation: boolean;
  userProperties: KeyValue[];
  willTopic: string;
  willPayload: string;
  willQos: QosText;
  willRetain: boolean;
  willDelayInterval: string;
  willMessageExpiryInterval: string;
  willUserProperties: KeyValue[];
}

export const EMPTY_FORM: FormState = {
  name: '',
  url: 'mqtt://localhost:1883',
  protocolVersion: '5.0',
  clientId: '',
  clean: true,
  keepalive: '60',
  connectTimeout: '10',
  reconnectEnabled: true,
  reconnectPeriod: '1000',
  wsPath: '',
  wsHeaders: [],
  username: '',
  tlsEnabled: false,
  ca: '',
  cert: '',
  key: '',
  insecureSkipVerify: false,
  sessionExpiryInterval: '',
  receiveMaximum: '',
  maximumPacketSize: '',
  topicAliasMaximum: '',
  requestResponseInformation: false,
  userProperties: [],
  willTopic: '',
  willPayload: '',
  willQos: '0',
  willRetain: false,
  willDelayInterval: '',
  willMessageExpiryInterval: '',
  willUserProperties: [],
};

export const isWebSocketUrl = (url: string): boolean => /^wss?:/i.test(url.trim());

/** A number field's text as JSON: a number when it reads as one, else the text (the host names the problem). */
function numberOf(text: string): JsonValue {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : text;
}

function propertiesOf(rows: readonly KeyValue[]): JsonObject | undefined {
  const used = rows.filter((r) => r.key !== '' || r.value !== '');
  if (used.length === 0) return undefined;
  const out: JsonObject = {};
  for (const r of used) out[r.key] = r.value;
  return out;
}

function rowsOf(v: JsonValue | undefined): KeyValue[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  return Object.entries(v).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

const obj = (v: JsonValue | undefined): JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
const text = (v: JsonValue | undefined, fallback = ''): string =>
  v === undefined || v === null ? fallback : typeof v === 'string' ? v : JSON.stringify(v);
const flag = (v: JsonValue | undefined, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

/** The form's fields for a stored profile (SPEC.md shape). */
export function formFromProfile(p: JsonObject): FormState {
  const reconnect = obj(p.reconnect);
  const ws = obj(p.websocket);
  const tls = obj(p.tls);
  const m5 = obj(p.mqtt5);
  const will = obj(p.will);
  const version = text(p.protocolVersion, '5.0');
  const qos = text(will.qos, '0');
  return {
    name: text(p.name),
    url: text(p.url),
    protocolVersion: version === '3.1' || version === '3.1.1' ? version : '5.0',
    clientId: text(p.clientId),
    clean: flag(p.clean, true),
    keepalive: text(p.keepalive, '60'),
    connectTimeout: text(p.connectTimeout, '10'),
    reconnectEnabled: flag(reconnect.enabled, true),
    reconnectPeriod: text(reconnect.period, '1000'),
    wsPath: text(ws.path),
    wsHeaders: rowsOf(ws.headers),
    username: text(obj(p.auth).username),
    tlsEnabled: flag(tls.enabled, false),
    ca: text(tls.ca),
    cert: text(tls.cert),
    key: text(tls.key),
    insecureSkipVerify: flag(tls.insecureSkipVerify, false),
    sessionExpiryInterval: text(m5.sessionExpiryInterval),
    receiveMaximum: text(m5.receiveMaximum),
    maximumPacketSize: text(m5.maximumPacketSize),
    topicAliasMaximum: text(m5.topicAliasMaximum),
    requestResponseInformation: flag(m5.requestResponseInformation, false),
    userProperties: rowsOf(m5.userProperties),
    willTopic: text(will.topic),
    willPayload: text(will.payload),
    willQos: qos === '1' || qos === '2' ? qos : '0',
    willRetain: flag(will.retain, false),
    willDelayInterval: text(will.delayInterval),
    willMessageExpiryInterval: text(will.messageExpiryInterval),
    willUserProperties: rowsOf(will.userProperties),
  };
}

/**
 * The profile the form describes, in the SPEC.md shape. Optional parts are left out when empty;
 * sections that do not apply (WebSocket for TCP URLs, MQTT 5 options for 3.1/3.1.1) are not sent.
 */
export function profileFromForm(f: FormState): JsonObject {
  const p: JsonObject = { name: f.name, url: f.url, protocolVersion: f.protocolVersion };
  if (f.clientId !== '') p.clientId = f.clientId;
  p.clean = f.clean;
  if (f.keepalive.trim() !== '') p.keepalive = numberOf(f.keepalive);
  if (f.connectTimeout.trim() !== '') p.connectTimeout = numberOf(f.connectTimeout);
  p.reconnect = { enabled: f.reconnectEnabled, ...(f.reconnectPeriod.trim() !== '' ? { period: numberOf(f.reconnectPeriod) } : {}) };
  if (isWebSocketUrl(f.url)) {
    const headers = propertiesOf(f.wsHeaders);
    if (f.wsPath !== '' || headers) p.websocket = { ...(f.wsPath !== '' ? { path: f.wsPath } : {}), ...(headers ? { headers } : {}) };
  }
  if (f.username !== '') p.auth = { username: f.username };
  if (f.tlsEnabled || f.ca !== '' || f.cert !== '' || f.key !== '' || f.insecureSkipVerify) {
    const tls: JsonObject = { enabled: f.tlsEnabled };
    if (f.ca !== '') tls.ca = f.ca;
    if (f.cert !== '') tls.cert = f.cert;
    if (f.key !== '') tls.key = f.key;
    tls.insecureSkipVerify = f.insecureSkipVerify;
    p.tls = tls;
  }
  const v5 = f.protocolVersion === '5.0';
  if (v5) {
    const m5: JsonObject = {};
    if (f.sessionExpiryInterval.trim() !== '') m5.sessionExpiryInterval = numberOf(f.sessionExpiryInterval);
    if (f.receiveMaximum.trim() !== '') m5.receiveMaximum = numberOf(f.receiveMaximum);
    if (f.maximumPacketSize.trim() !== '') m5.maximumPacketSize = numberOf(f.maximumPacketSize);
    if (f.topicAliasMaximum.trim() !== '') m5.topicAliasMaximum = numberOf(f.topicAliasMaximum);
    if (f.requestResponseInformation) m5.requestResponseInformation = true;
    const props = propertiesOf(f.userProperties);
    if (props) m5.userProperties = props;
    if (Object.keys(m5).length > 0) p.mqtt5 = m5;
  }
  if (f.willTopic !== '' || f.willPayload !== '') {
    const will: JsonObject = { topic: f.willTopic, payload: f.willPayload, qos: Number(f.willQos), retain: f.willRetain };
    if (v5) {
      if (f.willDelayInterval.trim() !== '') will.delayInterval = numberOf(f.willDelayInterval);
      if (f.willMessageExpiryInterval.trim() !== '') will.messageExpiryInterval = numberOf(f.willMessageExpiryInterval);
      const props = propertiesOf(f.willUserProperties);
      if (props) will.userProperties = props;
    }
    p.will = will;
  }
  return p;
}

/** Every place the form can show a problem; a problem goes to the longest id that prefixes its path. */
export const FIELD_IDS = [
  'name', 'url', 'protocolVersion', 'clientId', 'clean', 'keepalive', 'connectTimeout',
  'reconnect', 'reconnect.enabled', 'reconnect.period',
  'websocket', 'websocket.path', 'websocket.headers',
  'auth', 'auth.username', 'auth.password',
  'tls', 'tls.enabled', 'tls.ca', 'tls.cert', 'tls.key', 'tls.insecureSkipVerify',
  'mqtt5', 'mqtt5.sessionExpiryInterval', 'mqtt5.receiveMaximum', 'mqtt5.maximumPacketSize',
  'mqtt5.topicAliasMaximum', 'mqtt5.requestResponseInformation', 'mqtt5.userProperties',
  'will', 'will.topic', 'will.payload', 'will.qos', 'will.retain', 'will.delayInterval',
  'will.messageExpiryInterval', 'will.userProperties',
] as const;

export type FieldId = (typeof FIELD_IDS)[number];

/** Problems by the field that shows them; '' holds those that belong to no field. */
export function problemsByField(problems: readonly FormFieldProblem[]): Map<FieldId | '', FormFieldProblem[]> {
  const map = new Map<FieldId | '', FormFieldProblem[]>();
  for (const p of problems) {
    let best: FieldId | '' = '';
    for (const id of FIELD_IDS) {
      if ((p.field === id || p.field.startsWith(`${id}.`) || p.field.startsWith(`${id}[`)) && id.length > best.length) best = id;
    }
    const list = map.get(best) ?? [];
    list.push(p);
    map.set(best, list);
  }
  return map;
}

/** A fresh client id: `tracemq-` and 8 random hex digits. */
export function generateClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `tracemq-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
