import { isUtf8 } from 'node:buffer';
import type { IClientPublishOptions } from 'mqtt';
import type { ServerInfo } from '../../shared/connection/connectionInfo';
import type { PayloadEncoding, PublishParams } from '../../shared/mqtt/publishShapes';
import { topicNameError } from '../../shared/mqtt/topicFilter';

/** A publish the user must change (the message says what and how). */
export class PublishError extends Error {
  override name = 'PublishError';
}

/** What mqtt.js is given for one publish. */
export interface MqttPublish {
  topic: string;
  payload: Buffer;
  options: IClientPublishOptions;
}

const HEX = /^[0-9a-fA-F]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes a payload text stands for in its encoding; whitespace between hex or base64 digits is allowed. */
export function decodePayload(text: string, encoding: PayloadEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'hex': {
      const digits = text.replace(/\s+/g, '').replace(/^0x/i, '');
      if (!HEX.test(digits)) throw new PublishError('The hex payload has characters other than 0-9 and a-f.');
      if (digits.length % 2 !== 0) throw new PublishError(`The hex payload has an odd number of digits (${digits.length}): each byte is two digits.`);
      return Buffer.from(digits, 'hex');
    }
    case 'base64': {
      const digits = text.replace(/\s+/g, '');
      if (!BASE64.test(digits) || digits.length % 4 === 1) throw new PublishError('The payload is not valid base64.');
      return Buffer.from(digits, 'base64');
    }
  }
}

/** Bytes of correlation data written as text or as hex digits. */
function correlationBytes(value: string, encoding: 'utf8' | 'hex' | undefined): Buffer {
  if (encoding !== 'hex') return Buffer.from(value, 'utf8');
  const digits = value.replace(/\s+/g, '');
  if (!HEX.test(digits) || digits.length % 2 !== 0) throw new PublishError('Correlation data in hex needs an even number of digits 0-9, a-f.');
  return Buffer.from(digits, 'hex');
}

/**
 * Turns what the user asked for into an mqtt.js publish, refusing before anything is sent what the
 * broker would refuse or what breaks the protocol: wildcards or an empty topic, properties on
 * MQTT 3.x (dropped, not refused), a topic alias beyond the broker's Topic Alias Maximum, retain
 * or a QoS the broker said it does not support, a packet above its Maximum Packet Size.
 */
export function buildPublish(params: PublishParams, protocolVersion: 3 | 4 | 5, server: ServerInfo | undefined): MqttPublish {
  const topicAlias = protocolVersion === 5 ? params.properties?.topicAlias : undefined;
  // With a topic alias an empty topic is allowed (the broker maps it); otherwise the name must be valid.
  if (!(params.topic === '' && topicAlias !== undefined)) {
    const problem = topicNameError(params.topic);
    if (problem) throw new PublishError(problem);
  }
  const payload = decodePayload(params.payload, params.encoding);
  const options: IClientPublishOptions = { qos: params.qos, retain: params.retain };
  const props = server?.properties ?? {};

  if (params.retain && props.retainAvailable === false) throw new PublishError('This broker does not support retained messages (Retain Available is false in its CONNACK).');
  const maximumQoS = props.maximumQoS;
  if (typeof maximumQoS === 'number' && params.qos > maximumQoS) throw new PublishError(`This broker accepts QoS ${maximumQoS} at most (Maximum QoS in its CONNACK).`);

  if (protocolVersion === 5 && params.properties) {
    const p = params.properties;
    const properties: NonNullable<IClientPublishOptions['properties']> = {};
    if (p.contentType !== undefined && p.contentType !== '') properties.contentType = p.contentType;
    if (p.payloadFormatIndicator !== undefined) {
      properties.payloadFormatIndicator = p.payloadFormatIndicator === 1;
      if (p.payloadFormatIndicator === 1 && !isUtf8(payload)) throw new PublishError('Payload format indicator says UTF-8, but the payload is not valid UTF-8.');
    }
    if (p.messageExpiryInterval !== undefined) properties.messageExpiryInterval = p.messageExpiryInterval;
    if (topicAlias !== undefined) {
      const max = typeof props.topicAliasMaximum === 'number' ? props.topicAliasMaximum : 0;
      if (topicAlias > max) {
        throw new PublishError(max === 0 ? 'This broker accepts no topic aliases (Topic Alias Maximum 0 in its CONNACK).' : `Topic alias ${topicAlias} is above the broker's Topic Alias Maximum (${max}).`);
      }
      properties.topicAlias = topicAlias;
    }
    if (p.responseTopic !== undefined && p.responseTopic !== '') {
      const problem = topicNameError(p.responseTopic);
      if (problem) throw new PublishError(`Response topic: ${problem}`);
      properties.responseTopic = p.responseTopic;
    }
    if (p.correlationData !== undefined && p.correlationData !== '') properties.correlationData = correlationBytes(p.correlationData, p.correlationDataEncoding);
    if (p.userProperties && p.userProperties.length > 0) {
      // A name may repeat: mqtt.js takes the values of one name as an array.
      const user: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
      for (const [name, value] of p.userProperties) {
        const had = user[name];
        user[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
      }
      properties.userProperties = user;
    }
    if (Object.keys(properties).length > 0) options.properties = properties;
  }

  const maximumPacketSize = props.maximumPacketSize;
  if (typeof maximumPacketSize === 'number') {
    const size = estimatePacketSize(params.topic, payload, options);
    if (size > maximumPacketSize) {
      throw new PublishError(`The message is ${size.toLocaleString('en-US')} bytes on the wire, above the broker's Maximum Packet Size of ${maximumPacketSize.toLocaleString('en-US')} bytes.`);
    }
  }
  return { topic: params.topic, payload, options };
}

/** An upper bound of the PUBLISH packet's size: fixed header, topic, packet id, properties, payload. */
function estimatePacketSize(topic: string, payload: Buffer, options: IClientPublishOptions): number {
  let properties = 0;
  for (const [key, value] of Object.entries(options.properties ?? {})) {
    if (key === 'userProperties') {
      for (const [name, v] of Object.entries(value as Record<string, string | string[]>)) {
        for (const one of Array.isArray(v) ? v : [v]) properties += 5 + Buffer.byteLength(name) + Buffer.byteLength(one);
      }
    } else properties += 5 + (Buffer.isBuffer(value) ? value.length : typeof value === 'string' ? Buffer.byteLength(value) : 4);
  }
  const remaining = 2 + Buffer.byteLength(topic) + (options.qos ? 2 : 0) + 4 + properties + payload.length;
  return 1 + 4 + remaining;
}

/** `{{n}}` in a repeated publish's payload becomes the repeat number (1, 2, 3…). */
export function withRepeatNumber(params: PublishParams, n: number): PublishParams {
  return params.encoding === 'utf8' && params.payload.includes('{{n}}') ? { ...params, payload: params.payload.replaceAll('{{n}}', String(n)) } : params;
}
