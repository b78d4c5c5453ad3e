import type { QoS } from '../../shared/mqtt/publishShapes';
import { withNotes, type CommandTarget } from './commandTarget';
import { mosquittoConnectionArgs, mosquittoVersionArgs } from './mosquittoConnectionArgs';
import { shellQuote } from './shellQuote';

/**
 * A `mosquitto_sub` command that connects like the profile — host, port, client id, MQTT version,
 * clean start, keep-alive, session expiry, the CONNECT properties, the will, TLS, the user name
 * with `-P "$MQTT_PASSWORD"` (never the password) — and subscribes to its subscriptions, printing
 * each message with its topic (`-v`). What mosquitto_sub cannot express (a QoS per topic, no-local,
 * retain handling, subscription identifiers, WebSocket) is named in `# …` lines above it.
 */
export function subscribeCommand(target: CommandTarget): string {
  const { profile } = target;
  const notes: string[] = [];
  const v5 = profile.protocolVersion === '5.0';
  const args = mosquittoConnectionArgs('mosquitto_sub', target, notes);
  args.push(...mosquittoVersionArgs(profile.protocolVersion));
  if (profile.clientId !== undefined && profile.clientId !== '') {
    args.push('-i', shellQuote(profile.clientId));
    notes.push('The client id is the profile\'s: while TraceMQ is connected with it, the broker drops one of the two.');
  }
  if (!profile.clean) args.push('-c');
  if (profile.keepalive < 5) {
    // mosquitto refuses 0 to 4 ("must be between 5 and 65535").
    args.push('-k', '5');
    notes.push(`mosquitto_sub's keep-alive is 5 to 65535 seconds; 5 instead of the profile's ${profile.keepalive}.`);
  } else if (profile.keepalive !== 60) args.push('-k', String(profile.keepalive));
  const m = v5 ? profile.mqtt5 : undefined;
  if (m?.sessionExpiryInterval !== undefined) args.push('-x', String(m.sessionExpiryInterval));
  const connect = (name: string, ...values: string[]): void => {
    args.push('-D', 'connect', name, ...values.map(shellQuote));
  };
  if (m?.receiveMaximum !== undefined) connect('receive-maximum', String(m.receiveMaximum));
  if (m?.maximumPacketSize !== undefined) connect('maximum-packet-size', String(m.maximumPacketSize));
  if (m?.topicAliasMaximum !== undefined) connect('topic-alias-maximum', String(m.topicAliasMaximum));
  if (m?.requestResponseInformation !== undefined) connect('request-response-information', m.requestResponseInformation ? '1' : '0');
  for (const [name, value] of Object.entries(m?.userProperties ?? {})) connect('user-property', name, value);

  const will = profile.will;
  if (will) {
    args.push('--will-topic', shellQuote(will.topic));
    if (will.payload !== '') args.push('--will-payload', shellQuote(will.payload));
    args.push('--will-qos', String(will.qos));
    if (will.retain) args.push('--will-retain');
    if (v5) {
      const willProperty = (name: string, ...values: string[]): void => {
        args.push('-D', 'will', name, ...values.map(shellQuote));
      };
      if (will.delayInterval !== undefined) willProperty('will-delay-interval', String(will.delayInterval));
      if (will.messageExpiryInterval !== undefined) willProperty('message-expiry-interval', String(will.messageExpiryInterval));
      for (const [name, value] of Object.entries(will.userProperties ?? {})) willProperty('user-property', name, value);
    }
  }

  const subscriptions = profile.subscriptions;
  if (subscriptions.length === 0) {
    notes.push('The profile has no subscriptions: "#" subscribes to every topic.');
    args.push('-t', shellQuote('#'));
  }
  for (const s of subscriptions) args.push('-t', shellQuote(s.topic));
  const qos = subscriptions.reduce<QoS>((max, s) => (s.qos > max ? s.qos : max), 0);
  if (new Set(subscriptions.map((s) => s.qos)).size > 1) notes.push(`mosquitto_sub asks one QoS for every topic: ${qos}, the highest of the profile's.`);
  if (qos > 0) args.push('-q', String(qos));
  if (v5) {
    const rap = subscriptions.filter((s) => s.retainAsPublished === true);
    if (rap.length > 0 && rap.length === subscriptions.length) args.push('--retain-as-published');
    else if (rap.length > 0) notes.push(`mosquitto_sub sets retain-as-published for every topic or none; left off (only ${rap.map((s) => s.topic).join(', ')} ask for it).`);
    const unsupported = subscriptions.flatMap((s) => [
      ...(s.noLocal ? [`no-local on ${s.topic}`] : []),
      ...(s.retainHandling ? [`retain handling ${s.retainHandling} on ${s.topic}`] : []),
      ...(s.subscriptionIdentifier !== undefined ? [`subscription identifier ${s.subscriptionIdentifier} on ${s.topic}`] : []),
    ]);
    if (unsupported.length > 0) notes.push(`mosquitto_sub has no option for: ${unsupported.join('; ')}.`);
  }
  if (profile.websocket?.headers && Object.keys(profile.websocket.headers).length > 0) notes.push('The WebSocket headers are left out (mosquitto_sub has no WebSocket).');
  args.push('-v');
  return withNotes(notes, `mosquitto_sub ${args.join(' ')}`);
}
