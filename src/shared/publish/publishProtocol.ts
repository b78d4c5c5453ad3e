/**
 * The publish panel's protocol (in the log view): publish once, as a request that waits for its
 * paired reply, or repeatedly; clear a retained message; topic completion, the publish history and
 * saved templates. The host (`registerPublishHandlers`) checks everything again and answers in words.
 */

import type { DecoderFormat } from '../decoders/decodedPayload';
import { isCount, isRecord, noParams, type NoMessages, type WebviewProtocol } from '../ipc/webviewProtocol';
import { MAX_TOPIC_BYTES, publishParamsOf, type PublishParams, type PublishResult, type PublishTemplate } from '../mqtt/publishShapes';

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

/** Requests the publish panel may send, with their params and result types. */
export interface PublishRequests {
  /** Publish a message on the view's connection (refused in words when it cannot be sent). */
  'mqtt/publish': { params: PublishParams; result: PublishResult };
  /** Publish with a response topic and correlation data and wait for the paired reply. */
  'mqtt/request': { params: { publish: PublishParams; timeoutMs: number }; result: RequestReply };
  /** Publish `count` times, `intervalMs` apart (`{{n}}` in the payload becomes 1, 2, 3…); progress comes as `publish/repeat`. */
  'mqtt/repeat/start': { params: { publish: PublishParams; count: number; intervalMs: number }; result: Record<string, never> };
  /** Stop the running repeat (a `publish/repeat` with `running: false` follows). */
  'mqtt/repeat/stop': { params: Record<string, never>; result: Record<string, never> };
  /** Clear the retained message of a topic (an empty retained publish). */
  'mqtt/clearRetained': { params: { topic: string }; result: PublishResult };
  /** Topics seen recently that start with `prefix`, for completion. */
  'mqtt/topics': { params: { prefix: string }; result: { topics: string[] } };
  /** The connection's last publishes, newest first. */
  'publish/history/get': { params: Record<string, never>; result: { entries: PublishParams[] } };
  /** Saved publishes: the workspace's `templates` and the user's. */
  'publish/templates/get': { params: Record<string, never>; result: { templates: PublishTemplate[] } };
  /** Save (or replace) a user template. */
  'publish/templates/save': { params: { name: string; publish: PublishParams }; result: Record<string, never> };
  /** Delete a user template (workspace templates are edited in `.tracemq.json`). */
  'publish/templates/delete': { params: { name: string }; result: Record<string, never> };
  /** Copy the draft as a mosquitto_pub or mqttx pub command (POSIX shell quoting) to the clipboard. */
  'publish/copyAsCommand': { params: { publish: PublishParams; tool: 'mosquitto_pub' | 'mqttx' }; result: Record<string, never> };
  /** The format of the decoder binding a topic has (`decoders` of `.tracemq.json`), for "Payload as"; none when unbound. */
  'publish/binding/get': { params: { topic: string }; result: { format?: DecoderFormat } };
}

/** Notifications the host sends the publish panel. */
export interface PublishHostNotifications {
  /** A repeated publish progressed, finished or failed. */
  'publish/repeat': RepeatStatus;
}

/** Longest template name. */
const MAX_TEMPLATE_NAME_CHARS = 200;

const isTopic = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TOPIC_BYTES;

/** The publish protocol's validators: the host checks every message the publish panel sends with them. */
export const publishProtocol: WebviewProtocol<PublishRequests, NoMessages, PublishHostNotifications> = {
  requests: {
    'mqtt/publish': publishParamsOf,
    'mqtt/request': (p) => {
      const publish = isRecord(p) ? publishParamsOf(p.publish) : undefined;
      if (!isRecord(p) || !publish || !isCount(p.timeoutMs) || p.timeoutMs < 100 || p.timeoutMs > 600_000) return undefined;
      return { publish, timeoutMs: p.timeoutMs };
    },
    'mqtt/repeat/start': (p) => {
      const publish = isRecord(p) ? publishParamsOf(p.publish) : undefined;
      if (!isRecord(p) || !publish || !isCount(p.count) || p.count < 1 || p.count > 1_000_000 || !isCount(p.intervalMs) || p.intervalMs > 3_600_000) return undefined;
      return { publish, count: p.count, intervalMs: p.intervalMs };
    },
    'mqtt/repeat/stop': noParams,
    'mqtt/clearRetained': (p) => (isRecord(p) && isTopic(p.topic) ? { topic: p.topic } : undefined),
    'mqtt/topics': (p) => (isRecord(p) && isTopic(p.prefix) ? { prefix: p.prefix } : undefined),
    'publish/history/get': noParams,
    'publish/templates/get': noParams,
    'publish/templates/save': (p) => {
      const publish = isRecord(p) ? publishParamsOf(p.publish) : undefined;
      if (!isRecord(p) || !publish || typeof p.name !== 'string' || p.name.trim() === '' || p.name.length > MAX_TEMPLATE_NAME_CHARS) return undefined;
      return { name: p.name.trim(), publish };
    },
    'publish/templates/delete': (p) => (isRecord(p) && typeof p.name === 'string' && p.name.length <= MAX_TEMPLATE_NAME_CHARS ? { name: p.name } : undefined),
    'publish/copyAsCommand': (p) => {
      const publish = isRecord(p) ? publishParamsOf(p.publish) : undefined;
      return publish && isRecord(p) && (p.tool === 'mosquitto_pub' || p.tool === 'mqttx') ? { publish, tool: p.tool } : undefined;
    },
    'publish/binding/get': (p) => (isRecord(p) && isTopic(p.topic) ? { topic: p.topic } : undefined),
  },
  notifications: {},
};
