/**
 * The shapes of what users publish and subscribe with (MQTT 5 properties and subscription options
 * included), shared by the host and the webviews, and the checks that build them from untrusted
 * input (a webview message, a `.tracemq.json` template). The messages that carry them are declared
 * in publish/publishProtocol.ts and subscriptions/subscriptionsProtocol.ts.
 */

export type QoS = 0 | 1 | 2;

/** How the payload text of a publish is to be read. */
export type PayloadEncoding = 'utf8' | 'hex' | 'base64';

/** MQTT 5 PUBLISH properties as the user sets them. */
export interface PublishProperties {
  contentType?: string;
  /** 0: unspecified bytes, 1: UTF-8 text. */
  payloadFormatIndicator?: 0 | 1;
  /** Seconds. */
  messageExpiryInterval?: number;
  topicAlias?: number;
  responseTopic?: string;
  correlationData?: string;
  /** How `correlationData` is written: text (UTF-8) or hex digits. */
  correlationDataEncoding?: 'utf8' | 'hex';
  /** In order; a name may repeat (MQTT 5 allows it). */
  userProperties?: [string, string][];
}

export interface PublishParams {
  topic: string;
  /** The payload as text in `encoding` (UTF-8 text, hex digits or base64). */
  payload: string;
  encoding: PayloadEncoding;
  qos: QoS;
  retain: boolean;
  /** MQTT 5 only; ignored for 3.1 and 3.1.1. */
  properties?: PublishProperties;
  /**
   * The payload is JSON text (`encoding` utf8) to publish encoded through the binding of its topic
   * (`decoders` of `.tracemq.json`): Protobuf, Sparkplug B, CBOR, MessagePack or Avro.
   */
  encode?: true;
}

/** MQTT 5 subscription options. */
export interface SubscriptionOptions {
  noLocal?: boolean;
  retainAsPublished?: boolean;
  /** 0: send retained messages at subscribe, 1: only for a new subscription, 2: never. */
  retainHandling?: 0 | 1 | 2;
  subscriptionIdentifier?: number;
}

/** A subscription as asked for. */
export interface SubscriptionSpec extends SubscriptionOptions {
  topic: string;
  qos: QoS;
}

/** A subscription of a connection, with what the broker said. */
export interface SubscriptionInfo extends SubscriptionSpec {
  /** Stable id within the connection; rows refer to it (`RowDto.sub`) and it picks the colour. */
  id: number;
  /** Granted QoS once the broker answered. */
  granted?: QoS;
  /** Why the broker refused it, in words. */
  error?: string;
}

/** The outcome of a publish: the packet id and, for MQTT 5 QoS 1/2, the broker's reason code in words. */
export interface PublishResult {
  /** Set when the connection was reconnecting: the message waits (this many do) and goes out after the reconnect. */
  queued?: number;
  messageId?: number;
  reasonCode?: number;
  reason?: string;
}

/** A saved publish: from `.tracemq.json` (`templates`) or made in the UI (the user's). */
export interface PublishTemplate {
  name: string;
  source: 'workspace' | 'user';
  publish: PublishParams;
}

/** Largest payload a webview may send, as text (the broker may set a lower limit). */
export const MAX_PUBLISH_PAYLOAD_CHARS = 16 * 1024 * 1024;
/** Longest topic MQTT allows (UTF-8 string length prefix is 16 bits). */
export const MAX_TOPIC_BYTES = 65535;
export const MAX_PROPERTY_CHARS = 65535;
export const MAX_USER_PROPERTIES = 1000;
const UINT32_MAX = 0xffff_ffff;
/** Largest MQTT Variable Byte Integer: the limit of subscription identifiers. */
export const MAX_SUBSCRIPTION_IDENTIFIER = 268_435_455;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isQos = (v: unknown): v is QoS => v === 0 || v === 1 || v === 2;
const isShortString = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_PROPERTY_CHARS;
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Publish properties from untrusted input: only known fields, each of the right type and range. */
export function publishPropertiesOf(v: unknown): PublishProperties | undefined {
  if (!isObject(v)) return undefined;
  const p: PublishProperties = {};
  if (v.contentType !== undefined) {
    if (!isShortString(v.contentType)) return undefined;
    p.contentType = v.contentType;
  }
  if (v.payloadFormatIndicator !== undefined) {
    if (v.payloadFormatIndicator !== 0 && v.payloadFormatIndicator !== 1) return undefined;
    p.payloadFormatIndicator = v.payloadFormatIndicator;
  }
  if (v.messageExpiryInterval !== undefined) {
    if (!isInt(v.messageExpiryInterval, 0, UINT32_MAX)) return undefined;
    p.messageExpiryInterval = v.messageExpiryInterval;
  }
  if (v.topicAlias !== undefined) {
    if (!isInt(v.topicAlias, 1, 65535)) return undefined;
    p.topicAlias = v.topicAlias;
  }
  if (v.responseTopic !== undefined) {
    if (!isShortString(v.responseTopic)) return undefined;
    p.responseTopic = v.responseTopic;
  }
  if (v.correlationData !== undefined) {
    if (!isShortString(v.correlationData)) return undefined;
    p.correlationData = v.correlationData;
  }
  if (v.correlationDataEncoding !== undefined) {
    if (v.correlationDataEncoding !== 'utf8' && v.correlationDataEncoding !== 'hex') return undefined;
    p.correlationDataEncoding = v.correlationDataEncoding;
  }
  if (v.userProperties !== undefined) {
    const list = v.userProperties;
    if (!Array.isArray(list) || list.length > MAX_USER_PROPERTIES) return undefined;
    const pairs: [string, string][] = [];
    for (const pair of list as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2 || !isShortString(pair[0]) || !isShortString(pair[1])) return undefined;
      pairs.push([pair[0], pair[1]]);
    }
    p.userProperties = pairs;
  }
  return p;
}

/** Publish parameters from untrusted input, or undefined when malformed (the host then refuses). */
export function publishParamsOf(v: unknown): PublishParams | undefined {
  if (!isObject(v)) return undefined;
  const { topic, payload, encoding, qos, retain, properties } = v;
  if (typeof topic !== 'string' || topic.length > MAX_TOPIC_BYTES) return undefined;
  if (typeof payload !== 'string' || payload.length > MAX_PUBLISH_PAYLOAD_CHARS) return undefined;
  if (encoding !== 'utf8' && encoding !== 'hex' && encoding !== 'base64') return undefined;
  if (!isQos(qos) || typeof retain !== 'boolean') return undefined;
  const params: PublishParams = { topic, payload, encoding, qos, retain };
  if (v.encode !== undefined) {
    // Only JSON text can be encoded through a binding.
    if (typeof v.encode !== 'boolean' || (v.encode && encoding !== 'utf8')) return undefined;
    if (v.encode) params.encode = true;
  }
  if (properties !== undefined) {
    const p = publishPropertiesOf(properties);
    if (!p) return undefined;
    params.properties = p;
  }
  return params;
}

/** A subscription spec (with MQTT 5 options) from untrusted input. */
export function subscriptionSpecOf(v: unknown): SubscriptionSpec | undefined {
  if (!isObject(v)) return undefined;
  const { topic, qos, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier } = v;
  if (typeof topic !== 'string' || topic.length > MAX_TOPIC_BYTES || !isQos(qos)) return undefined;
  const spec: SubscriptionSpec = { topic, qos };
  if (noLocal !== undefined) {
    if (typeof noLocal !== 'boolean') return undefined;
    spec.noLocal = noLocal;
  }
  if (retainAsPublished !== undefined) {
    if (typeof retainAsPublished !== 'boolean') return undefined;
    spec.retainAsPublished = retainAsPublished;
  }
  if (retainHandling !== undefined) {
    if (retainHandling !== 0 && retainHandling !== 1 && retainHandling !== 2) return undefined;
    spec.retainHandling = retainHandling;
  }
  if (subscriptionIdentifier !== undefined) {
    if (!isInt(subscriptionIdentifier, 1, MAX_SUBSCRIPTION_IDENTIFIER)) return undefined;
    spec.subscriptionIdentifier = subscriptionIdentifier;
  }
  return spec;
}

/** The subscription options that differ from the defaults, in words (for the tree and the editor). */
export function describeSubscriptionOptions(s: SubscriptionOptions): string[] {
  const out: string[] = [];
  if (s.noLocal) out.push('no local');
  if (s.retainAsPublished) out.push('retain as published');
  if (s.retainHandling === 1) out.push('retained: new only');
  if (s.retainHandling === 2) out.push('retained: never');
  if (s.subscriptionIdentifier !== undefined) out.push(`id ${s.subscriptionIdentifier}`);
  return out;
}
