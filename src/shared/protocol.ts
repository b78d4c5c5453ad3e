/**
 * The one place where messages between the extension host and the log webview are declared.
 *
 * Three kinds travel in each direction:
 * - notifications (`kind: 'notify'`): fire and forget;
 * - requests (`kind: 'request'`): carry an `id` and get exactly one `response` (result or error);
 * - responses (`kind: 'response'`): answer a request by id.
 *
 * The host treats everything it receives from the webview as untrusted input and checks it with
 * `parseWebviewMessage` before acting on it.
 */

import {
  isQos,
  MAX_TOPIC_BYTES,
  publishParamsOf,
  subscriptionSpecOf,
  type PublishParams,
  type PublishTemplate,
  type QoS,
  type SubscriptionInfo,
  type SubscriptionSpec,
} from './mqtt/publishShapes';

export type { PayloadEncoding, PublishParams, PublishProperties, PublishTemplate, QoS, SubscriptionInfo, SubscriptionOptions, SubscriptionSpec } from './mqtt/publishShapes';
export { MAX_PUBLISH_PAYLOAD_CHARS, MAX_TOPIC_BYTES } from './mqtt/publishShapes';

/** Connection states shown in the tree, the status bar and the log header. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'error';

/**
 * One received message as the webview sees it: metadata plus a bounded payload preview.
 *
 * A log view shows a sequence of positions: without a filter, position = seq; with a filter, the
 * matching messages get consecutive positions (`pos`) while `seq` stays the message's identity in
 * the store (used to fetch it in full). Positions, like seqs, are never reused: the oldest go when
 * messages are evicted, and the numbering goes on.
 */
export interface RowDto {
  /** Position in the view (see above). */
  pos: number;
  /** Monotonic sequence number within the connection's store (never reused, survives eviction). */
  seq: number;
  /** Receive time, epoch milliseconds. */
  time: number;
  topic: string;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  /** Full payload length in bytes. */
  size: number;
  /** The first bytes of the payload (at most `PREVIEW_BYTES`); `size > preview.length` means cut. */
  preview: Uint8Array;
  /** Id of the subscription it matched (`ConnectionInfo.subscriptions`), 0 when none is known. */
  sub: number;
}

/** Store and rate counters, sent with every throttled update. */
export interface LogCounters {
  /** Messages received since the store was created or cleared. */
  received: number;
  /** Messages evicted to stay within the byte and count budgets. */
  evicted: number;
  /** Messages received with the DUP flag: redeliveries of a QoS 1 message the broker was not sure we had. */
  duplicates: number;
  /** Messages held by the store. */
  stored: number;
  /** Oldest position of the view (equals `nextPos` when it shows nothing); shown = nextPos - firstPos. */
  firstPos: number;
  /** Position the next shown message will get. */
  nextPos: number;
  /** Bytes held by the store and its budget. */
  storeBytes: number;
  maxBytes: number;
  /** Rates over the last second. */
  msgPerSec: number;
  bytesPerSec: number;
  /** While a new filter is still being applied to the stored messages: how far it got. */
  filtering?: { scanned: number; total: number };
  /** Set while the connection is recorded to a file. */
  recording?: { file: string; bytes: number; messages: number };
}

/**
 * What a log view shows; every field narrows it, an empty filter shows everything. Applied on the
 * host over the whole store, never in the webview.
 */
export interface LogFilter {
  /** An MQTT topic filter, with `+` and `#`. */
  topic?: string;
  /** Text looked for in the payload (as UTF-8); a JavaScript regular expression when `regex`. */
  text?: string;
  regex?: boolean;
  matchCase?: boolean;
  /** Only messages received with one of these QoS levels. */
  qos?: QoS[];
  retainedOnly?: boolean;
}

/** The connection a log view shows. */
export interface ConnectionInfo {
  /** Stable id of the profile; the webview keeps it with `setState({ profileKey })` so that a
   * reloaded window can restore the view. */
  key: string;
  profile: string;
  url: string;
  protocolVersion: '3.1' | '3.1.1' | '5.0';
  state: ConnectionState;
  /** Human explanation of the state (error reason, reconnect attempt). */
  detail?: string;
  /** The connection's subscriptions; `RowDto.sub` refers to their ids (one colour each). */
  subscriptions: SubscriptionInfo[];
  /** What the broker said in its CONNACK, while connected. */
  server?: ServerInfo;
  /** While reconnecting: when the next attempt starts (epoch ms). */
  nextAttemptAt?: number;
  /** TLS without verifying the broker's certificate ("insecure skip verify"). */
  insecure?: boolean;
}

/**
 * The broker's CONNACK: whether it resumed a session, and its MQTT 5 properties as received
 * (mqtt.js names: assignedClientIdentifier, serverKeepAlive, receiveMaximum, maximumQoS,
 * retainAvailable, maximumPacketSize, topicAliasMaximum, wildcardSubscriptionAvailable,
 * subscriptionIdentifiersAvailable, sharedSubscriptionAvailable, responseInformation,
 * serverReference, reasonString, userProperties…).
 */
export interface ServerInfo {
  sessionPresent: boolean;
  properties: Record<string, unknown>;
}

/** The outcome of a publish: the packet id and, for MQTT 5 QoS 1/2, the broker's reason code in words. */
export interface PublishResult {
  /** Set when the connection was reconnecting: the message waits (this many do) and goes out after the reconnect. */
  queued?: number;
  messageId?: number;
  reasonCode?: number;
  reason?: string;
}

/** A reply paired with a request by its correlation data. */
export interface RequestReply {
  /** Seq of the reply in the log (open it with log/message/get). */
  seq: number;
  topic: string;
  rttMs: number;
  /** The correlation data used (generated when the request had none), as sent. */
  correlationData: string;
}

/** Progress of a repeated publish. */
export interface RepeatStatus {
  sent: number;
  count: number;
  running: boolean;
  error?: string;
}

/** One message in full, fetched when the user opens it. */
export interface MessageDto extends Omit<RowDto, 'preview' | 'pos'> {
  /** The whole payload (it may be megabytes). */
  payload: Uint8Array;
  /** MQTT 5 properties as received; binary values (correlation data) as Uint8Array. */
  properties?: Record<string, unknown>;
}

/** The payload views of the detail pane (see payloadFormat.ts). */
export type PayloadViewName = 'text' | 'json' | 'hex' | 'base64';

/** Requests the webview may send, with their params and result types. */
export interface WebviewRequests {
  /** Rows at positions [from, from + count) of the view, as many as are still stored. */
  'log/page/get': { params: { from: number; count: number }; result: { rows: RowDto[] } };
  /** Show only what matches (null: everything). A `log/snapshot` of the new view follows the reply. */
  'log/filter/set': { params: { filter: LogFilter | null }; result: Record<string, never> };
  /** Export the log to NDJSON (all of it, or what the view's filter shows); the host asks where. */
  'log/export': { params: { filtered: boolean }; result: Record<string, never> };
  /** Start recording every message of the connection to an NDJSON file (the host asks where), or stop. */
  'log/record': { params: { record: boolean }; result: Record<string, never> };
  /** Publish a message on the view's connection (refused in words when it cannot be sent). */
  'mqtt/publish': { params: PublishParams; result: PublishResult };
  /** Publish with a response topic and correlation data and wait for the paired reply. */
  'mqtt/request': { params: { publish: PublishParams; timeoutMs: number }; result: RequestReply };
  /** Publish `count` times, `intervalMs` apart (`{{n}}` in the payload becomes 1, 2, 3…); progress comes as `publish/repeat`. */
  'mqtt/repeat/start': { params: { publish: PublishParams; count: number; intervalMs: number }; result: Record<string, never> };
  'mqtt/repeat/stop': { params: Record<string, never>; result: Record<string, never> };
  /** Clear the retained message of a topic (an empty retained publish). */
  'mqtt/clearRetained': { params: { topic: string }; result: PublishResult };
  /** Subscribe (or change a subscription) with MQTT 5 options. */
  'mqtt/subscribe': { params: SubscriptionSpec; result: { subscription: SubscriptionInfo } };
  'mqtt/unsubscribe': { params: { topic: string }; result: Record<string, never> };
  /** Topics seen recently that start with `prefix`, for completion. */
  'mqtt/topics': { params: { prefix: string }; result: { topics: string[] } };
  /** The connection's last publishes, newest first. */
  'publish/history/get': { params: Record<string, never>; result: { entries: PublishParams[] } };
  /** Saved publishes: the workspace's `templates` and the user's. */
  'publish/templates/get': { params: Record<string, never>; result: { templates: PublishTemplate[] } };
  /** Save (or replace) a user template. */
  'publish/templates/save': { params: { name: string; publish: PublishParams }; result: Record<string, never> };
  'publish/templates/delete': { params: { name: string }; result: Record<string, never> };
  /** Drop every stored message of the view's connection. */
  'log/clear': { params: Record<string, never>; result: Record<string, never> };
  /** The whole message with this seq; an error when it was evicted. */
  'log/message/get': { params: { seq: number }; result: { message: MessageDto } };
  /** Open the message's payload in an editor tab, in the given view (JSON gets the JSON language). */
  'log/message/open': { params: { seq: number; view: PayloadViewName }; result: Record<string, never> };
  /** Copy the message's topic, or its payload (text, else base64), to the clipboard. */
  'log/message/copy': { params: { seq: number; what: 'topic' | 'payload' }; result: Record<string, never> };
}

/** Notifications the webview may send. */
export interface WebviewNotifications {
  /** The app is mounted: the host answers with `log/snapshot`. */
  'log/ready': Record<string, never>;
  /** How many rows fit on screen and whether the view follows the tail. */
  'log/viewport': { rows: number; following: boolean };
}

/** Notifications the host sends. */
export interface HostNotifications {
  /** Full state after `log/ready`, after the view becomes visible again and after the filter changed. */
  'log/snapshot': {
    connection: ConnectionInfo;
    counters: LogCounters;
    tail: RowDto[];
    /** The filter the host applies (the view restores its toolbar from it). */
    filter: LogFilter | null;
    /** Set when the host had to drop the view's filter, saying why. */
    filterError?: string;
  };
  /** Throttled update (at most ~30/s, 10/s on fast streams): counters and, when following, the newest rows. */
  'log/tail': { counters: LogCounters; tail: RowDto[] };
  /** The connection's state changed. */
  'connection/state': { connection: ConnectionInfo };
  /** A repeated publish progressed, finished or failed. */
  'publish/repeat': RepeatStatus;
}

export type WebviewRequestMethod = keyof WebviewRequests;
export type WebviewNotificationMethod = keyof WebviewNotifications;
export type HostNotificationMethod = keyof HostNotifications;

export interface RequestMessage<M extends string = string, P = unknown> {
  kind: 'request';
  id: number;
  method: M;
  params: P;
}

export interface NotifyMessage<M extends string = string, P = unknown> {
  kind: 'notify';
  method: M;
  params: P;
}

export interface ResponseMessage<R = unknown> {
  kind: 'response';
  id: number;
  result?: R;
  /** Set instead of `result` when the request failed; the text is shown to the user. */
  error?: string;
}

/** Everything the webview posts to the host. */
export type WebviewToHost =
  | { [M in WebviewRequestMethod]: RequestMessage<M, WebviewRequests[M]['params']> }[WebviewRequestMethod]
  | { [M in WebviewNotificationMethod]: NotifyMessage<M, WebviewNotifications[M]> }[WebviewNotificationMethod];

/** Everything the host posts to the webview. */
export type HostToWebview =
  | { [M in HostNotificationMethod]: NotifyMessage<M, HostNotifications[M]> }[HostNotificationMethod]
  | ResponseMessage;

/** Longest payload preview the host sends per row; full payloads are fetched on request. */
export const PREVIEW_BYTES = 256;
/** Most rows the host sends in one tail update or one page. */
export const MAX_ROWS_PER_POST = 500;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isViewName = (v: unknown): v is PayloadViewName => v === 'text' || v === 'json' || v === 'hex' || v === 'base64';

/** Longest topic filter or search text a view may send. */
export const MAX_FILTER_CHARS = 4096;

/** A LogFilter built from untrusted input with only the known fields, or undefined when malformed. */
export function logFilterOf(v: unknown): LogFilter | undefined {
  if (!isObject(v)) return undefined;
  const filter: LogFilter = {};
  const { topic, text, regex, matchCase, qos, retainedOnly } = v;
  if (topic !== undefined) {
    if (typeof topic !== 'string' || topic.length > MAX_FILTER_CHARS) return undefined;
    filter.topic = topic;
  }
  if (text !== undefined) {
    if (typeof text !== 'string' || text.length > MAX_FILTER_CHARS) return undefined;
    filter.text = text;
  }
  for (const [key, value] of [['regex', regex], ['matchCase', matchCase], ['retainedOnly', retainedOnly]] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return undefined;
    filter[key] = value;
  }
  if (qos !== undefined) {
    if (!Array.isArray(qos) || qos.length > 3 || !qos.every(isQos)) return undefined;
    filter.qos = [...new Set(qos)].sort();
  }
  return filter;
}

/**
 * Checks a message received from the webview. Returns the typed message, or a reason why it was
 * refused (the host logs the reason and ignores the message).
 */
export function parseWebviewMessage(raw: unknown): { message: WebviewToHost } | { invalid: string } {
  if (!isObject(raw)) return { invalid: 'not an object' };
  const { kind, method, params } = raw;
  if (typeof method !== 'string') return { invalid: 'no method' };
  if (kind === 'notify') {
    if (method === 'log/ready') return { message: { kind, method, params: {} } };
    if (method === 'log/viewport') {
      if (!isObject(params) || !isCount(params.rows) || typeof params.following !== 'boolean') {
        return { invalid: 'log/viewport: bad params' };
      }
      return { message: { kind, method, params: { rows: params.rows, following: params.following } } };
    }
    return { invalid: `unknown notification ${JSON.stringify(method).slice(0, 80)}` };
  }
  if (kind !== 'request') return { invalid: 'unknown kind' };
  const id = raw.id;
  if (!isCount(id)) return { invalid: `${method}: bad id` };
  switch (method) {
    case 'log/page/get':
      if (!isObject(params) || !isCount(params.from) || !isCount(params.count)) {
        return { invalid: 'log/page/get: bad params' };
      }
      return { message: { kind, id, method, params: { from: params.from, count: params.count } } };
    case 'mqtt/publish': {
      const publish = publishParamsOf(params);
      return publish ? { message: { kind, id, method, params: publish } } : { invalid: 'mqtt/publish: bad params' };
    }
    case 'mqtt/request': {
      const publish = isObject(params) ? publishParamsOf(params.publish) : undefined;
      if (!isObject(params) || !publish || !isCount(params.timeoutMs) || params.timeoutMs < 100 || params.timeoutMs > 600_000) {
        return { invalid: 'mqtt/request: bad params' };
      }
      return { message: { kind, id, method, params: { publish, timeoutMs: params.timeoutMs } } };
    }
    case 'mqtt/repeat/start': {
      const publish = isObject(params) ? publishParamsOf(params.publish) : undefined;
      if (!isObject(params) || !publish || !isCount(params.count) || params.count < 1 || params.count > 1_000_000 || !isCount(params.intervalMs) || params.intervalMs > 3_600_000) {
        return { invalid: 'mqtt/repeat/start: bad params' };
      }
      return { message: { kind, id, method, params: { publish, count: params.count, intervalMs: params.intervalMs } } };
    }
    case 'mqtt/repeat/stop':
      return { message: { kind, id, method, params: {} } };
    case 'mqtt/clearRetained':
      if (!isObject(params) || typeof params.topic !== 'string' || params.topic.length > MAX_TOPIC_BYTES) return { invalid: 'mqtt/clearRetained: bad params' };
      return { message: { kind, id, method, params: { topic: params.topic } } };
    case 'mqtt/subscribe': {
      const spec = subscriptionSpecOf(params);
      return spec ? { message: { kind, id, method, params: spec } } : { invalid: 'mqtt/subscribe: bad params' };
    }
    case 'mqtt/unsubscribe':
      if (!isObject(params) || typeof params.topic !== 'string' || params.topic.length > MAX_TOPIC_BYTES) return { invalid: 'mqtt/unsubscribe: bad params' };
      return { message: { kind, id, method, params: { topic: params.topic } } };
    case 'mqtt/topics':
      if (!isObject(params) || typeof params.prefix !== 'string' || params.prefix.length > MAX_TOPIC_BYTES) return { invalid: 'mqtt/topics: bad params' };
      return { message: { kind, id, method, params: { prefix: params.prefix } } };
    case 'publish/history/get':
    case 'publish/templates/get':
      return { message: { kind, id, method, params: {} } };
    case 'publish/templates/save': {
      const publish = isObject(params) ? publishParamsOf(params.publish) : undefined;
      if (!isObject(params) || !publish || typeof params.name !== 'string' || params.name.trim() === '' || params.name.length > 200) {
        return { invalid: 'publish/templates/save: bad params' };
      }
      return { message: { kind, id, method, params: { name: params.name.trim(), publish } } };
    }
    case 'publish/templates/delete':
      if (!isObject(params) || typeof params.name !== 'string' || params.name.length > 200) return { invalid: 'publish/templates/delete: bad params' };
      return { message: { kind, id, method, params: { name: params.name } } };
    case 'log/clear':
      return { message: { kind, id, method, params: {} } };
    case 'log/filter/set': {
      if (!isObject(params)) return { invalid: 'log/filter/set: bad params' };
      if (params.filter === null) return { message: { kind, id, method, params: { filter: null } } };
      const filter = logFilterOf(params.filter);
      return filter ? { message: { kind, id, method, params: { filter } } } : { invalid: 'log/filter/set: bad filter' };
    }
    case 'log/export':
      if (!isObject(params) || typeof params.filtered !== 'boolean') return { invalid: 'log/export: bad params' };
      return { message: { kind, id, method, params: { filtered: params.filtered } } };
    case 'log/record':
      if (!isObject(params) || typeof params.record !== 'boolean') return { invalid: 'log/record: bad params' };
      return { message: { kind, id, method, params: { record: params.record } } };
    case 'log/message/get':
      if (!isObject(params) || !isCount(params.seq)) return { invalid: 'log/message/get: bad params' };
      return { message: { kind, id, method, params: { seq: params.seq } } };
    case 'log/message/open':
      if (!isObject(params) || !isCount(params.seq) || !isViewName(params.view)) return { invalid: 'log/message/open: bad params' };
      return { message: { kind, id, method, params: { seq: params.seq, view: params.view } } };
    case 'log/message/copy':
      if (!isObject(params) || !isCount(params.seq) || (params.what !== 'topic' && params.what !== 'payload')) {
        return { invalid: 'log/message/copy: bad params' };
      }
      return { message: { kind, id, method, params: { seq: params.seq, what: params.what } } };
    default:
      return { invalid: `unknown request ${JSON.stringify(method).slice(0, 80)}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Profile form: the host (`ProfileFormPanel`) and the profile form webview (`src/webview/profileForm/`).
//
// The form edits one profile in the `.tracemq.json` shape of SPEC.md, as plain JSON. The host checks
// every message with `parseProfileFormMessage` and validates the profile with the same parser as the
// workspace file, answering with problems located at form fields. Secrets travel one way only: the
// form may send a new password or passphrase; the host only ever says whether one is stored.
// ---------------------------------------------------------------------------------------------

/** A JSON value as it crosses postMessage. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What to do with a stored secret when the form is saved. */
export type SecretChange = { action: 'keep' } | { action: 'clear' } | { action: 'set'; value: string };

/** Whether secrets are stored for the profile (never their values). */
export interface SecretStatus {
  password: boolean;
  passphrase: boolean;
}

/** A validation problem at a form field: `field` is the profile path, e.g. `keepalive`, `mqtt5.userProperties`. */
export interface FormFieldProblem {
  field: string;
  message: string;
  severity: 'error' | 'warning';
}

/** What the form is editing. */
export interface ProfileFormInit {
  mode: 'add' | 'edit';
  /** Where the profile is saved: the user's profiles (global state) or the workspace `.tracemq.json`. */
  source: 'user' | 'workspace';
  /** The profile as stored (SPEC.md shape); absent when adding. */
  profile?: JsonObject;
  secrets: SecretStatus;
}

export interface ProfileFormSaveParams {
  /** The profile exactly as typed (SPEC.md shape; numbers that did not parse stay strings). */
  profile: JsonObject;
  password: SecretChange;
  passphrase: SecretChange;
}

export type ProfileFormSaveResult =
  | { ok: true; name: string; secrets: SecretStatus; problems: FormFieldProblem[] }
  | { ok: false; problems: FormFieldProblem[] };

/** Requests the profile form may send. */
export interface ProfileFormRequests {
  /** Validate and save the profile (and its secret changes); field problems come back when invalid. */
  'profileForm/save': { params: ProfileFormSaveParams; result: ProfileFormSaveResult };
  /** Ask the host for a file (open dialog); `path` is relative to the folder of a workspace profile when inside it, else absolute. */
  'profileForm/pickFile': { params: { field: TlsFileField }; result: { path?: string } };
}

/** The TLS fields that take a file path. */
export type TlsFileField = 'ca' | 'cert' | 'key';

/** Notifications the profile form may send. */
export interface ProfileFormNotifications {
  /** The form is mounted: the host answers with `profileForm/init`. */
  'profileForm/ready': Record<string, never>;
  /** Close the form without saving. */
  'profileForm/cancel': Record<string, never>;
}

/** Notifications the host sends to the profile form. */
export interface ProfileFormHostNotifications {
  /** The profile to edit (after `profileForm/ready`). */
  'profileForm/init': ProfileFormInit;
}

export type ProfileFormRequestMethod = keyof ProfileFormRequests;
export type ProfileFormNotificationMethod = keyof ProfileFormNotifications;
export type ProfileFormHostNotificationMethod = keyof ProfileFormHostNotifications;

/** Everything the profile form posts to the host. */
export type ProfileFormToHost =
  | { [M in ProfileFormRequestMethod]: RequestMessage<M, ProfileFormRequests[M]['params']> }[ProfileFormRequestMethod]
  | { [M in ProfileFormNotificationMethod]: NotifyMessage<M, ProfileFormNotifications[M]> }[ProfileFormNotificationMethod];

/** Everything the host posts to the profile form. */
export type HostToProfileForm =
  | { [M in ProfileFormHostNotificationMethod]: NotifyMessage<M, ProfileFormHostNotifications[M]> }[ProfileFormHostNotificationMethod]
  | ResponseMessage;

/** Largest profile the form may submit, as JSON text. */
export const MAX_FORM_PROFILE_CHARS = 256 * 1024;
/** Longest secret the form may submit. */
export const MAX_SECRET_CHARS = 4096;
const TLS_FILE_FIELDS: readonly string[] = ['ca', 'cert', 'key'] satisfies TlsFileField[];

function jsonObjectOf(v: unknown): JsonObject | undefined {
  if (!isObject(v)) return undefined;
  try {
    const text = JSON.stringify(v);
    if (text.length > MAX_FORM_PROFILE_CHARS) return undefined;
    // A fresh copy: no prototype tricks, no shared references, only JSON values.
    return JSON.parse(text) as JsonObject;
  } catch {
    return undefined;
  }
}

function secretChangeOf(v: unknown): SecretChange | undefined {
  if (!isObject(v)) return undefined;
  if (v.action === 'keep' || v.action === 'clear') return { action: v.action };
  if (v.action === 'set' && typeof v.value === 'string' && v.value.length > 0 && v.value.length <= MAX_SECRET_CHARS) {
    return { action: 'set', value: v.value };
  }
  return undefined;
}

/** Checks a message received from the profile form (untrusted), like `parseWebviewMessage`. */
export function parseProfileFormMessage(raw: unknown): { message: ProfileFormToHost } | { invalid: string } {
  if (!isObject(raw)) return { invalid: 'not an object' };
  const { kind, method, params } = raw;
  if (typeof method !== 'string') return { invalid: 'no method' };
  if (kind === 'notify') {
    if (method === 'profileForm/ready' || method === 'profileForm/cancel') return { message: { kind, method, params: {} } };
    return { invalid: `unknown notification ${JSON.stringify(method).slice(0, 80)}` };
  }
  if (kind !== 'request') return { invalid: 'unknown kind' };
  const id = raw.id;
  if (!isCount(id)) return { invalid: `${method}: bad id` };
  if (!isObject(params)) return { invalid: `${method}: bad params` };
  switch (method) {
    case 'profileForm/save': {
      const profile = jsonObjectOf(params.profile);
      const password = secretChangeOf(params.password);
      const passphrase = secretChangeOf(params.passphrase);
      if (!profile || !password || !passphrase) return { invalid: 'profileForm/save: bad params' };
      return { message: { kind, id, method, params: { profile, password, passphrase } } };
    }
    case 'profileForm/pickFile':
      if (typeof params.field !== 'string' || !TLS_FILE_FIELDS.includes(params.field)) return { invalid: 'profileForm/pickFile: bad field' };
      return { message: { kind, id, method, params: { field: params.field as TlsFileField } } };
    default:
      return { invalid: `unknown request ${JSON.stringify(method).slice(0, 80)}` };
  }
}
