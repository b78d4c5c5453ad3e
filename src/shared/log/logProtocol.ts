/**
 * The log view's protocol: the host (`LogSession`) feeds one webview with one connection's log —
 * a snapshot after `log/ready`, then throttled tail updates — and answers for pages, the filter,
 * whole messages, clearing, export and recording. Publishing and subscribing from the same view
 * have their own protocols (publish/publishProtocol.ts, subscriptions/subscriptionsProtocol.ts).
 */

import type { ConnectionInfo } from '../connection/connectionInfo';
import type { DecodedPayload } from '../decoders/decodedPayload';
import { isCount, isRecord, noParams, type Validator, type WebviewProtocol } from '../ipc/webviewProtocol';
import type { PayloadView } from '../payload/payloadFormat';
import type { LogCounters } from './logCounters';
import { logFilterOf, type LogFilter } from './logFilter';
import type { RowDto } from './rowDto';

/** One message in full, fetched when the user opens it. */
export interface MessageDto extends Omit<RowDto, 'preview' | 'pos' | 'decoded'> {
  /** The whole payload (it may be megabytes). */
  payload: Uint8Array;
  /** MQTT 5 properties as received; binary values (correlation data) as Uint8Array. */
  properties?: Record<string, unknown>;
  /** Only for a topic the workspace binds to a decoder: the payload decoded, or why not. */
  decoded?: DecodedPayload;
}

/** Requests the log view may send, with their params and result types. */
export interface LogRequests {
  /** Rows at positions [from, from + count) of the view, as many as are still stored. */
  'log/page/get': { params: { from: number; count: number }; result: { rows: RowDto[] } };
  /** Show only what matches (null: everything). A `log/snapshot` of the new view follows the reply. */
  'log/filter/set': { params: { filter: LogFilter | null }; result: Record<string, never> };
  /** Export the log to NDJSON (all of it, or what the view's filter shows); the host asks where. */
  'log/export': { params: { filtered: boolean }; result: Record<string, never> };
  /** Start recording every message of the connection to an NDJSON file (the host asks where), or stop. */
  'log/record': { params: { record: boolean }; result: Record<string, never> };
  /** Drop every stored message of the view's connection. */
  'log/clear': { params: Record<string, never>; result: Record<string, never> };
  /** The whole message with this seq; an error when it was evicted. */
  'log/message/get': { params: { seq: number }; result: { message: MessageDto } };
  /** Open the message's payload in an editor tab, in the given view (JSON gets the JSON language; `decoded`: its decoder's JSON). */
  'log/message/open': { params: { seq: number; view: PayloadView | 'decoded' }; result: Record<string, never> };
  /**
   * Copy the message's topic, its payload (text, else base64; or as the Hex / Base64 views show it),
   * its decoded value as pretty JSON (a bound topic), or a mosquitto_pub / mqttx pub command that
   * sends it again, to the clipboard.
   */
  'log/message/copy': { params: { seq: number; what: MessageCopy }; result: Record<string, never> };
}

/** Notifications the log view may send. */
export interface LogNotifications {
  /**
   * The app is mounted: the host answers with `log/snapshot`, or, when the view shows the snapshot
   * the page was built with (`embedded`, its id: see embeddedSnapshot.ts), with a `log/tail` of what
   * came after it.
   */
  'log/ready': { embedded?: string };
  /** How many rows fit on screen and whether the view follows the tail. */
  'log/viewport': { rows: number; following: boolean };
}

/** Longest id of an embedded snapshot the host accepts in `log/ready` (it makes them far shorter). */
const MAX_EMBEDDED_ID_CHARS = 64;

/** Notifications the host sends the log view. */
export interface LogHostNotifications {
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
  /** Throttled update (at most ~30/s, 10/s on fast streams): counters and, when following, a delta — only the rows the view has not got yet (the whole tail again after a resume, clear or grown viewport). */
  'log/tail': { counters: LogCounters; tail: RowDto[] };
  /** The connection's state changed. */
  'connection/state': { connection: ConnectionInfo };
}

/** What of a message to copy: its topic, its payload (as text, hex or base64), its decoded value, or a command that publishes it again. */
export type MessageCopy = 'topic' | 'payload' | 'hex' | 'base64' | 'decoded' | 'mosquitto_pub' | 'mqttx';
const MESSAGE_COPIES: ReadonlySet<unknown> = new Set<MessageCopy>(['topic', 'payload', 'hex', 'base64', 'decoded', 'mosquitto_pub', 'mqttx']);
const isMessageCopy = (v: unknown): v is MessageCopy => MESSAGE_COPIES.has(v);

const isPayloadView = (v: unknown): v is PayloadView | 'decoded' => v === 'text' || v === 'json' || v === 'hex' || v === 'base64' || v === 'decoded';

/** A validator of params that must be an object with one field (what the other fields are is ignored). */
function oneField<K extends string, V>(key: K, check: (v: unknown) => v is V): Validator<Record<K, V>> {
  return (p) => (isRecord(p) && check(p[key]) ? ({ [key]: p[key] } as Record<K, V>) : undefined);
}
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/** The log protocol's validators: the host checks every message the log view sends with them. */
export const logProtocol: WebviewProtocol<LogRequests, LogNotifications, LogHostNotifications> = {
  requests: {
    'log/page/get': (p) => (isRecord(p) && isCount(p.from) && isCount(p.count) ? { from: p.from, count: p.count } : undefined),
    'log/filter/set': (p) => {
      if (!isRecord(p)) return undefined;
      if (p.filter === null) return { filter: null };
      const filter = logFilterOf(p.filter);
      return filter ? { filter } : undefined;
    },
    'log/export': oneField('filtered', isBoolean),
    'log/record': oneField('record', isBoolean),
    'log/clear': noParams,
    'log/message/get': oneField('seq', isCount),
    'log/message/open': (p) => (isRecord(p) && isCount(p.seq) && isPayloadView(p.view) ? { seq: p.seq, view: p.view } : undefined),
    'log/message/copy': (p) => (isRecord(p) && isCount(p.seq) && isMessageCopy(p.what) ? { seq: p.seq, what: p.what } : undefined),
  },
  notifications: {
    // Rebuilt with only what it knows; an id that is not one just means a full snapshot.
    'log/ready': (p) => (isRecord(p) && typeof p.embedded === 'string' && p.embedded.length <= MAX_EMBEDDED_ID_CHARS ? { embedded: p.embedded } : {}),
    'log/viewport': (p) => (isRecord(p) && isCount(p.rows) && typeof p.following === 'boolean' ? { rows: p.rows, following: p.following } : undefined),
  },
};
