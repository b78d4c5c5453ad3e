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

export type QoS = 0 | 1 | 2;

/** Connection states shown in the tree, the status bar and the log header. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'error';

/** One received message as the webview sees it: metadata plus a bounded payload preview. */
export interface RowDto {
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
}

/** Store and rate counters, sent with every throttled update. */
export interface LogCounters {
  /** Messages received since the store was created or cleared. */
  received: number;
  /** Messages evicted to stay within the byte and count budgets. */
  evicted: number;
  /** Sequence number of the oldest stored message (equals `nextSeq` when empty). */
  firstSeq: number;
  /** Sequence number the next message will get; stored = nextSeq - firstSeq. */
  nextSeq: number;
  /** Bytes held by the store and its budget. */
  storeBytes: number;
  maxBytes: number;
  /** Rates over the last second. */
  msgPerSec: number;
  bytesPerSec: number;
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
}

export interface PublishParams {
  topic: string;
  /** Payload as UTF-8 text. */
  payload: string;
  qos: QoS;
  retain: boolean;
}

/** Requests the webview may send, with their params and result types. */
export interface WebviewRequests {
  /** Rows with seq in [from, from + count), as many as are still stored. */
  'log/page/get': { params: { from: number; count: number }; result: { rows: RowDto[] } };
  /** Publish a message on the view's connection. */
  'mqtt/publish': { params: PublishParams; result: { messageId?: number } };
  /** Drop every stored message of the view's connection. */
  'log/clear': { params: Record<string, never>; result: Record<string, never> };
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
  /** Full state after `log/ready` or after the view becomes visible again. */
  'log/snapshot': { connection: ConnectionInfo; counters: LogCounters; tail: RowDto[] };
  /** Throttled update (at most ~30/s): counters and, when following, the newest rows. */
  'log/tail': { counters: LogCounters; tail: RowDto[] };
  /** The connection's state changed. */
  'connection/state': { connection: ConnectionInfo };
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
/** Longest topic MQTT allows (UTF-8 string length prefix is 16 bits). */
export const MAX_TOPIC_BYTES = 65535;
/** Largest payload the publish panel accepts as text (the broker may set a lower limit). */
export const MAX_PUBLISH_PAYLOAD_CHARS = 16 * 1024 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isQos = (v: unknown): v is QoS => v === 0 || v === 1 || v === 2;

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
    case 'mqtt/publish':
      if (
        !isObject(params) ||
        typeof params.topic !== 'string' ||
        typeof params.payload !== 'string' ||
        !isQos(params.qos) ||
        typeof params.retain !== 'boolean'
      ) {
        return { invalid: 'mqtt/publish: bad params' };
      }
      if (params.topic.length > MAX_TOPIC_BYTES || params.payload.length > MAX_PUBLISH_PAYLOAD_CHARS) {
        return { invalid: 'mqtt/publish: too large' };
      }
      return {
        message: {
          kind,
          id,
          method,
          params: { topic: params.topic, payload: params.payload, qos: params.qos, retain: params.retain },
        },
      };
    case 'log/clear':
      return { message: { kind, id, method, params: {} } };
    default:
      return { invalid: `unknown request ${JSON.stringify(method).slice(0, 80)}` };
  }
}
