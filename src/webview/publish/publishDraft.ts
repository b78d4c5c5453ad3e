import type { PublishParams, PublishProperties, QoS } from '../../shared/mqtt/publishShapes';
import { MAX_PUBLISH_PAYLOAD_CHARS, MAX_TOPIC_BYTES } from '../../shared/mqtt/publishShapes';
import type { KeyValue } from '../toolkit/keyValue';

/**
 * How the payload field is read: text (optionally checked as JSON), hex digits, base64, or JSON that
 * the host encodes through the decoder bound to the topic (`encoded`: Protobuf, CBOR, …).
 */
export type PayloadFormat = 'text' | 'json' | 'hex' | 'base64' | 'encoded';

/** The publish panel as the user left it: every field as typed (numbers stay text until sent). */
export interface PublishDraft {
  topic: string;
  payload: string;
  format: PayloadFormat;
  qos: QoS;
  retain: boolean;
  /** MQTT 5 properties; empty fields are left out. */
  contentType: string;
  /** '' (not sent), '0' (bytes) or '1' (UTF-8). */
  payloadFormat: '' | '0' | '1';
  messageExpiry: string;
  topicAlias: string;
  responseTopic: string;
  correlationData: string;
  correlationHex: boolean;
  userProperties: KeyValue[];
}

export const EMPTY_DRAFT: PublishDraft = {
  topic: '',
  payload: '',
  format: 'text',
  qos: 0,
  retain: false,
  contentType: '',
  payloadFormat: '',
  messageExpiry: '',
  topicAlias: '',
  responseTopic: '',
  correlationData: '',
  correlationHex: false,
  userProperties: [],
};

/** A reason the draft cannot be sent, at the field to fix. */
export interface DraftProblem {
  field: keyof PublishDraft;
  message: string;
}

/** Why `topic` cannot be published to, or undefined when it can (the host checks again). */
export function publishTopicProblem(topic: string): string | undefined {
  if (topic === '') return 'Enter the topic to publish to.';
  if (topic.includes('+') || topic.includes('#')) return 'A publish topic cannot contain the wildcards + or #.';
  if (topic.includes('\0')) return 'A topic cannot contain the null character.';
  if (new TextEncoder().encode(topic).length > MAX_TOPIC_BYTES) return `A topic is at most ${MAX_TOPIC_BYTES} bytes long.`;
  return undefined;
}

/** Why a JSON payload does not parse (with where), or undefined when it does. */
export function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
}

const wholeNumber = (text: string, min: number, max: number): number | undefined => {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= min && n <= max ? n : undefined;
};

/**
 * The publish the draft asks for, or the first problem found (at its field). MQTT 5 properties are
 * included only when `mqtt5`; a topic may be empty when a topic alias is given (MQTT 5 allows it).
 */
export function draftToParams(d: PublishDraft, mqtt5: boolean): { params: PublishParams } | { problem: DraftProblem } {
  const problem = (field: keyof PublishDraft, message: string): { problem: DraftProblem } => ({ problem: { field, message } });
  const aliasOnly = mqtt5 && d.topic === '' && d.topicAlias.trim() !== '';
  if (!aliasOnly) {
    const topicProblem = publishTopicProblem(d.topic);
    if (topicProblem) return problem('topic', topicProblem);
  }
  if (d.payload.length > MAX_PUBLISH_PAYLOAD_CHARS) return problem('payload', `The payload is larger than ${MAX_PUBLISH_PAYLOAD_CHARS / 1024 / 1024} MB.`);
  if (d.format === 'json' && d.payload.trim() !== '') {
    const bad = jsonProblem(d.payload);
    if (bad) return problem('payload', bad);
  }
  if (d.format === 'encoded') {
    // The host encodes JSON only: an empty payload is not JSON either.
    const bad = jsonProblem(d.payload);
    if (bad) return problem('payload', `${bad} (the topic's decoder encodes JSON)`);
  }
  if (d.format === 'hex' && !/^(0x)?[\s0-9a-fA-F]*$/.test(d.payload)) return problem('payload', 'Hex payload: only 0-9, a-f and spaces.');
  if (d.format === 'hex' && d.payload.replace(/\s+/g, '').replace(/^0x/i, '').length % 2 !== 0) return problem('payload', 'Hex payload: two digits per byte (an even number of digits).');
  if (d.format === 'base64' && !/^[\sA-Za-z0-9+/]*={0,2}\s*$/.test(d.payload)) return problem('payload', 'Not valid base64.');
  const params: PublishParams = {
    topic: d.topic,
    payload: d.payload,
    encoding: d.format === 'hex' ? 'hex' : d.format === 'base64' ? 'base64' : 'utf8',
    qos: d.qos,
    retain: d.retain,
  };
  if (d.format === 'encoded') params.encode = true;
  if (!mqtt5) return { params };

  const p: PublishProperties = {};
  if (d.contentType !== '') p.contentType = d.contentType;
  if (d.payloadFormat !== '') p.payloadFormatIndicator = d.payloadFormat === '1' ? 1 : 0;
  if (d.messageExpiry.trim() !== '') {
    const n = wholeNumber(d.messageExpiry, 0, 0xffff_ffff);
    if (n === undefined) return problem('messageExpiry', 'Message expiry: seconds, a whole number from 0 to 4294967295.');
    p.messageExpiryInterval = n;
  }
  if (d.topicAlias.trim() !== '') {
    const n = wholeNumber(d.topicAlias, 1, 65535);
    if (n === undefined) return problem('topicAlias', 'Topic alias: a whole number from 1 to 65535.');
    p.topicAlias = n;
  }
  if (d.responseTopic !== '') {
    const bad = publishTopicProblem(d.responseTopic);
    if (bad) return problem('responseTopic', `Response topic: ${bad}`);
    p.responseTopic = d.responseTopic;
  }
  if (d.correlationData !== '') {
    if (d.correlationHex && !/^[\s0-9a-fA-F]*$/.test(d.correlationData)) return problem('correlationData', 'Correlation data in hex: only 0-9, a-f and spaces.');
    if (d.correlationHex && d.correlationData.replace(/\s+/g, '').length % 2 !== 0) return problem('correlationData', 'Correlation data in hex: two digits per byte.');
    p.correlationData = d.correlationData;
    p.correlationDataEncoding = d.correlationHex ? 'hex' : 'utf8';
  }
  const named = d.userProperties.filter((u) => u.key !== '' || u.value !== '');
  if (named.some((u) => u.key === '')) return problem('userProperties', 'Every user property needs a name.');
  if (named.length > 0) p.userProperties = named.map((u) => [u.key, u.value]);
  if (Object.keys(p).length > 0) params.properties = p;
  return { params };
}

/** A draft that publishes `params` again (history, templates). */
export function paramsToDraft(params: PublishParams): PublishDraft {
  const p = params.properties ?? {};
  return {
    ...EMPTY_DRAFT,
    topic: params.topic,
    payload: params.payload,
    format: params.encode ? 'encoded' : params.encoding === 'hex' ? 'hex' : params.encoding === 'base64' ? 'base64' : 'text',
    qos: params.qos,
    retain: params.retain,
    contentType: p.contentType ?? '',
    payloadFormat: p.payloadFormatIndicator === undefined ? '' : p.payloadFormatIndicator === 1 ? '1' : '0',
    messageExpiry: p.messageExpiryInterval === undefined ? '' : String(p.messageExpiryInterval),
    topicAlias: p.topicAlias === undefined ? '' : String(p.topicAlias),
    responseTopic: p.responseTopic ?? '',
    correlationData: p.correlationData ?? '',
    correlationHex: p.correlationDataEncoding === 'hex',
    userProperties: (p.userProperties ?? []).map(([key, value]) => ({ key, value })),
  };
}

/** A saved draft from an older or damaged state: every field checked, defaults for the rest. */
export function draftFrom(saved: unknown): PublishDraft {
  if (typeof saved !== 'object' || saved === null) return EMPTY_DRAFT;
  const s = saved as Partial<Record<keyof PublishDraft, unknown>>;
  const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
  return {
    topic: str(s.topic, ''),
    payload: str(s.payload, ''),
    format: s.format === 'json' || s.format === 'hex' || s.format === 'base64' || s.format === 'encoded' ? s.format : 'text',
    qos: s.qos === 1 || s.qos === 2 ? s.qos : 0,
    retain: s.retain === true,
    contentType: str(s.contentType, ''),
    payloadFormat: s.payloadFormat === '0' || s.payloadFormat === '1' ? s.payloadFormat : '',
    messageExpiry: str(s.messageExpiry, ''),
    topicAlias: str(s.topicAlias, ''),
    responseTopic: str(s.responseTopic, ''),
    correlationData: str(s.correlationData, ''),
    correlationHex: s.correlationHex === true,
    userProperties: Array.isArray(s.userProperties)
      ? (s.userProperties as unknown[])
          .filter((u): u is KeyValue => typeof u === 'object' && u !== null && typeof (u as KeyValue).key === 'string' && typeof (u as KeyValue).value === 'string')
          .map((u) => ({ key: u.key, value: u.value }))
      : [],
  };
}

/** Pretty-prints a JSON payload (2 spaces), or says why it cannot. */
export function formatJson(text: string): { text: string } | { problem: string } {
  try {
    return { text: JSON.stringify(JSON.parse(text) as unknown, null, 2) };
  } catch (e) {
    return { problem: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}
