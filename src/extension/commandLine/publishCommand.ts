import { isUtf8 } from 'node:buffer';
import type { QoS } from '../../shared/mqtt/publishShapes';
import { usesTls } from '../connection/mqttOptions';
import type { ProtocolVersion } from '../profiles/profile';
import { certificateArgs, CommandLineError, endpointOf, PASSWORD_REFERENCE, withNotes, type CommandTarget } from './commandTarget';
import { mosquittoConnectionArgs, mosquittoVersionArgs } from './mosquittoConnectionArgs';
import { printfPayload } from './printfPayload';
import { shellQuote } from './shellQuote';

/** The command-line publishers TraceMQ writes commands for. */
export type PublishTool = 'mosquitto_pub' | 'mqttx';

/** MQTT 5 PUBLISH properties of a command, as bytes and numbers (no encodings left to resolve). */
export interface CommandPublishProperties {
  contentType?: string;
  payloadFormatIndicator?: 0 | 1;
  messageExpiryInterval?: number;
  topicAlias?: number;
  responseTopic?: string;
  correlationData?: Uint8Array;
  /** In order; a name may repeat. */
  userProperties?: [string, string][];
}

/** One message to publish from a shell. */
export interface CommandPublish {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  properties?: CommandPublishProperties;
}

/**
 * Largest payload written into a command. A command line is limited (Linux: 128 KiB per argument,
 * about 2 MB in all) and a payload of several megabytes belongs in a file, not in a clipboard.
 */
export const MAX_COMMAND_PAYLOAD_BYTES = 64 * 1024;

/**
 * True when the payload can be an argument as it is: UTF-8 without NUL or control characters other
 * than tab and newline (a carriage return or an escape sequence pasted into a terminal would not
 * arrive as written).
 */
export function isArgumentText(payload: Uint8Array): boolean {
  if (!isUtf8(payload)) return false;
  for (const b of payload) if ((b < 0x20 && b !== 0x09 && b !== 0x0a) || b === 0x7f) return false;
  return true;
}

/** UTF-8 text that can be an argument, or undefined (NUL, invalid UTF-8). */
function argumentText(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes) || bytes.includes(0)) return undefined;
  return Buffer.from(bytes).toString('utf8');
}

/**
 * A shell command that publishes `message` with `tool`, connecting like `target` when given (host,
 * port, MQTT version, user name, TLS; never the client id, which would take over the profile's own
 * session, and never the password: `-P "$MQTT_PASSWORD"`). Text payloads go as `-m '…'`; others
 * are piped byte for byte from `printf` with octal escapes into the tool's stdin option (`-s`).
 * What the tool cannot send is left out and named in `# …` lines above the command.
 */
export function publishCommand(message: CommandPublish, tool: PublishTool, target?: CommandTarget): string {
  if (message.payload.length > MAX_COMMAND_PAYLOAD_BYTES) {
    throw new CommandLineError(
      `The payload is ${message.payload.length.toLocaleString('en-US')} bytes; a command carries at most ${MAX_COMMAND_PAYLOAD_BYTES / 1024} KB. Save the payload to a file and publish it with mosquitto_pub -f or mqttx pub --file-read.`,
    );
  }
  const notes: string[] = [];
  const version: ProtocolVersion = target?.profile.protocolVersion ?? '5.0';
  const properties = message.properties && version === '5.0' ? message.properties : undefined;
  if (message.properties && hasProperties(message.properties) && version !== '5.0') {
    notes.push(`The MQTT 5 properties are left out: the profile uses MQTT ${version}.`);
  }
  const args = tool === 'mosquitto_pub' ? mosquittoPubArgs(message, properties, version, target, notes) : mqttxPubArgs(message, properties, version, target, notes);
  const text = isArgumentText(message.payload) ? Buffer.from(message.payload).toString('utf8') : undefined;
  const program = tool === 'mosquitto_pub' ? 'mosquitto_pub' : 'mqttx pub';
  let command: string;
  if (message.payload.length === 0) {
    command = `${program} ${args.join(' ')} ${tool === 'mosquitto_pub' ? '-n' : "-m ''"}`;
  } else if (text !== undefined) {
    command = `${program} ${args.join(' ')} -m ${shellQuote(text)}`;
  } else {
    command = `${printfPayload(message.payload)} | ${program} ${args.join(' ')} -s`;
  }
  return withNotes(notes, command);
}

const hasProperties = (p: CommandPublishProperties): boolean => Object.values(p).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));

function mosquittoPubArgs(message: CommandPublish, p: CommandPublishProperties | undefined, version: ProtocolVersion, target: CommandTarget | undefined, notes: string[]): string[] {
  const args: string[] = [];
  if (target) args.push(...mosquittoConnectionArgs('mosquitto_pub', target, notes));
  args.push(...mosquittoVersionArgs(version));
  args.push('-t', shellQuote(message.topic), '-q', String(message.qos));
  if (message.retain) args.push('-r');
  if (p) {
    const property = (name: string, ...values: string[]): void => {
      args.push('-D', 'publish', name, ...values.map(shellQuote));
    };
    if (p.contentType !== undefined) property('content-type', p.contentType);
    if (p.payloadFormatIndicator !== undefined) property('payload-format-indicator', String(p.payloadFormatIndicator));
    if (p.messageExpiryInterval !== undefined) property('message-expiry-interval', String(p.messageExpiryInterval));
    if (p.topicAlias !== undefined) property('topic-alias', String(p.topicAlias));
    if (p.responseTopic !== undefined) property('response-topic', p.responseTopic);
    if (p.correlationData !== undefined) {
      const text = argumentText(p.correlationData);
      if (text === undefined) notes.push('The correlation data is left out: it holds bytes (NUL or invalid UTF-8) that mosquitto_pub cannot take in an argument.');
      else property('correlation-data', text);
    }
    for (const [name, value] of p.userProperties ?? []) property('user-property', name, value);
  }
  return args;
}

const MQTTX_VERSION: Record<ProtocolVersion, string> = { '3.1': '3.1', '3.1.1': '3.1.1', '5.0': '5' };

function mqttxPubArgs(message: CommandPublish, p: CommandPublishProperties | undefined, version: ProtocolVersion, target: CommandTarget | undefined, notes: string[]): string[] {
  const args: string[] = [];
  if (target) args.push(...mqttxConnectionArgs(target, notes));
  args.push('-V', MQTTX_VERSION[version]);
  args.push('-t', shellQuote(message.topic), '-q', String(message.qos));
  if (message.retain) args.push('-r');
  if (p) {
    if (p.payloadFormatIndicator === 1) args.push('-pf');
    if (p.messageExpiryInterval !== undefined) args.push('-e', String(p.messageExpiryInterval));
    if (p.topicAlias !== undefined) args.push('-ta', String(p.topicAlias));
    if (p.responseTopic !== undefined) args.push('-rt', shellQuote(p.responseTopic));
    if (p.correlationData !== undefined) {
      const text = argumentText(p.correlationData);
      if (text === undefined) notes.push('The correlation data is left out: it holds bytes (NUL or invalid UTF-8) that mqttx cannot take in an argument.');
      else args.push('-cd', shellQuote(text));
    }
    if (p.contentType !== undefined) args.push('-ct', shellQuote(p.contentType));
    for (const [name, value] of p.userProperties ?? []) {
      // mqttx splits "name: value" at the first ": ".
      if (name.includes(': ')) notes.push(`The user property "${name}" is left out: mqttx reads "name: value" and the name holds ": ".`);
      else args.push('-up', shellQuote(`${name}: ${value}`));
    }
  }
  return args;
}

/** mqttx's connection options for the profile (mqttx speaks TCP, TLS and WebSocket). */
export function mqttxConnectionArgs(target: CommandTarget, notes: string[]): string[] {
  const { profile } = target;
  const endpoint = endpointOf(profile);
  const args = ['-h', shellQuote(endpoint.host)];
  if (endpoint.port !== undefined) args.push('-p', String(endpoint.port));
  if (endpoint.scheme !== 'mqtt') args.push('-l', endpoint.scheme);
  if (endpoint.path !== undefined) args.push('--path', shellQuote(endpoint.path));
  for (const [name, value] of Object.entries(profile.websocket?.headers ?? {})) {
    if (endpoint.scheme === 'ws' || endpoint.scheme === 'wss') args.push('-wh', shellQuote(`${name}: ${value}`));
  }
  if (profile.auth?.username !== undefined) args.push('-u', shellQuote(profile.auth.username), '-P', PASSWORD_REFERENCE);
  if (usesTls(profile)) {
    args.push(...certificateArgs(target, { ca: '--ca', cert: '--cert', key: '--key' }, notes));
    if (profile.tls?.insecureSkipVerify === true) args.push('--insecure');
  }
  return args;
}
