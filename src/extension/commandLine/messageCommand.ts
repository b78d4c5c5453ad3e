import type { PublishParams, QoS } from '../../shared/mqtt/publishShapes';
import { decodePayload } from '../publish/publishOptions';
import { CommandLineError, type CommandTarget } from './commandTarget';
import { publishCommand, type CommandPublishProperties, type PublishTool } from './publishCommand';

/** A received message as the store keeps it (`StoredMessage`, `MessageDto`): properties as mqtt.js decoded them. */
export interface ReceivedMessageLike {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  properties?: Record<string, unknown> | undefined;
}

/**
 * "Copy as mosquitto_pub" / "Copy as mqttx pub" of a received message: the command that publishes
 * the same bytes to the same topic with the same QoS, retain flag and MQTT 5 properties (those a
 * publisher sets: content type, payload format, message expiry, response topic, correlation data,
 * user properties; not the broker's topic alias or subscription identifiers). `target` is the
 * profile of the connection it arrived on. Throws CommandLineError (in words) for a payload too
 * large for a command line.
 */
export function messageAsCommand(message: ReceivedMessageLike, tool: PublishTool, target?: CommandTarget): string {
  const props = message.properties ?? {};
  const properties: CommandPublishProperties = {};
  if (typeof props.contentType === 'string') properties.contentType = props.contentType;
  if (props.payloadFormatIndicator === true || props.payloadFormatIndicator === 1) properties.payloadFormatIndicator = 1;
  if (typeof props.messageExpiryInterval === 'number') properties.messageExpiryInterval = props.messageExpiryInterval;
  if (typeof props.responseTopic === 'string') properties.responseTopic = props.responseTopic;
  if (props.correlationData instanceof Uint8Array) properties.correlationData = props.correlationData;
  const user = props.userProperties;
  if (typeof user === 'object' && user !== null) {
    const pairs: [string, string][] = [];
    for (const [name, value] of Object.entries(user as Record<string, unknown>)) {
      for (const v of Array.isArray(value) ? (value as unknown[]) : [value]) if (typeof v === 'string') pairs.push([name, v]);
    }
    if (pairs.length > 0) properties.userProperties = pairs;
  }
  const { topic, payload, qos, retain } = message;
  return publishCommand(Object.keys(properties).length > 0 ? { topic, payload, qos, retain, properties } : { topic, payload, qos, retain }, tool, target);
}

/**
 * "Copy as command" of the publish panel's draft: the payload text read in its encoding (UTF-8,
 * hex, base64) and correlation data in its own. Throws CommandLineError for a draft whose payload
 * does not decode, or that is too large for a command line.
 */
export function draftAsCommand(params: PublishParams, tool: PublishTool, target?: CommandTarget): string {
  let payload: Uint8Array;
  try {
    payload = decodePayload(params.payload, params.encoding);
  } catch (e) {
    throw new CommandLineError(e instanceof Error ? e.message : String(e));
  }
  const p = params.properties;
  const properties: CommandPublishProperties = {};
  if (p) {
    if (p.contentType !== undefined) properties.contentType = p.contentType;
    if (p.payloadFormatIndicator !== undefined) properties.payloadFormatIndicator = p.payloadFormatIndicator;
    if (p.messageExpiryInterval !== undefined) properties.messageExpiryInterval = p.messageExpiryInterval;
    if (p.topicAlias !== undefined) properties.topicAlias = p.topicAlias;
    if (p.responseTopic !== undefined) properties.responseTopic = p.responseTopic;
    if (p.correlationData !== undefined) {
      const hex = p.correlationDataEncoding === 'hex';
      const digits = p.correlationData.replace(/\s+/g, '');
      if (hex && !/^([0-9a-fA-F]{2})*$/.test(digits)) throw new CommandLineError('Correlation data in hex needs an even number of digits 0-9, a-f.');
      properties.correlationData = hex ? Buffer.from(digits, 'hex') : Buffer.from(p.correlationData, 'utf8');
    }
    if (p.userProperties && p.userProperties.length > 0) properties.userProperties = p.userProperties.map(([k, v]) => [k, v]);
  }
  const { topic, qos, retain } = params;
  return publishCommand(Object.keys(properties).length > 0 ? { topic, payload, qos, retain, properties } : { topic, payload, qos, retain }, tool, target);
}
