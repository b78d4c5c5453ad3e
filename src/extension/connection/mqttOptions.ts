import type { IClientOptions } from 'mqtt';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { DEFAULT_SESSION_EXPIRY_S } from '../../shared/mqtt/sessionExpiry';
import type { Profile, ProtocolVersion } from '../profiles/profile';

const VERSION_NUMBER: Record<ProtocolVersion, 3 | 4 | 5> = { '3.1': 3, '3.1.1': 4, '5.0': 5 };

export const protocolNumber = (v: ProtocolVersion): 3 | 4 | 5 => VERSION_NUMBER[v];

/** A client id for profiles that leave it out: short enough for MQTT 3.1's 23-character limit. */
export const generateClientId = (): string => `tracemq-${randomBytes(6).toString('hex')}`;

/** What the caller read for TLS: certificate file contents and the key passphrase (from SecretStorage). */
export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
}

/** True when the profile connects with TLS: a secure URL scheme, or `tls.enabled`. */
export const usesTls = (profile: Profile): boolean => /^(mqtts|ssl|tls|wss):/i.test(profile.url) || profile.tls?.enabled === true;

/**
 * The mqtt.js options for a profile. Pure: the password, the key passphrase and the certificate
 * files' contents are passed in by the caller (who reads them from SecretStorage and disk) and
 * are never stored anywhere else. No secret is a string in the result (see the password).
 */
export function buildClientOptions(profile: Profile, password: string | undefined, clientId: string, tls: TlsMaterial = {}): IClientOptions {
  const protocolVersion = VERSION_NUMBER[profile.protocolVersion];
  const options: IClientOptions = {
    protocolVersion,
    // MQTT 3.1 announces itself as "MQIsdp"; 3.1.1 and 5.0 as "MQTT".
    protocolId: protocolVersion === 3 ? 'MQIsdp' : 'MQTT',
    clientId,
    clean: profile.clean,
    keepalive: profile.keepalive,
    // We run our own connect timer (see Connection) so that a silent broker ends in a clear error;
    // mqtt.js's own (which says only "connack timeout") is a second later so ours always wins.
    connectTimeout: profile.connectTimeout * 1000 + 1000,
    // Connection reconnects itself, with backoff and jitter (reconnectBackoff.ts), and makes its
    // subscriptions again when the broker kept no session; mqtt.js does neither then.
    reconnectPeriod: 0,
    resubscribe: false,
    // While reconnecting, publishes wait in mqtt.js's queue, bounded by Connection (QoS 0 too).
    queueQoSZero: true,
  };
  Object.assign(options, brokerEndpoint(profile.url, usesTls(profile)));
  if (profile.auth?.username !== undefined) options.username = profile.auth.username;
  // As bytes: mqtt.js hands its whole options object to tls.connect, which VS Code's proxy support
  // logs at trace level (strings shown, Buffers not); a Buffer keeps the password out of that log.
  if (password !== undefined && password !== '') options.password = Buffer.from(password, 'utf8');

  const ws = profile.websocket;
  if (options.protocol === 'ws' || options.protocol === 'wss') {
    if (ws?.path !== undefined) options.path = ws.path;
    if (ws?.headers && Object.keys(ws.headers).length > 0) options.wsOptions = { headers: { ...ws.headers } };
  }

  if (usesTls(profile)) {
    if (tls.ca) options.ca = tls.ca;
    if (tls.cert) options.cert = tls.cert;
    // An encrypted key is opened here and handed over decrypted (as bytes), so that no passphrase
    // is in the options that reach tls.connect (and VS Code's trace log of them, see above).
    if (tls.key) options.key = tls.passphrase ? decryptedKey(tls.key, tls.passphrase) : tls.key;
    options.rejectUnauthorized = profile.tls?.insecureSkipVerify !== true;
  }

  if (protocolVersion === 5) {
    const m = profile.mqtt5 ?? {};
    const properties: NonNullable<IClientOptions['properties']> = {};
    const sessionExpiryInterval = sessionExpiryOf(profile);
    if (sessionExpiryInterval !== undefined) properties.sessionExpiryInterval = sessionExpiryInterval;
    if (m.receiveMaximum !== undefined) properties.receiveMaximum = m.receiveMaximum;
    if (m.maximumPacketSize !== undefined) properties.maximumPacketSize = m.maximumPacketSize;
    if (m.topicAliasMaximum !== undefined) properties.topicAliasMaximum = m.topicAliasMaximum;
    if (m.requestResponseInformation !== undefined) properties.requestResponseInformation = m.requestResponseInformation;
    if (m.userProperties && Object.keys(m.userProperties).length > 0) properties.userProperties = { ...m.userProperties };
    if (Object.keys(properties).length > 0) options.properties = properties;
  }

  if (profile.will) {
    const w = profile.will;
    const will: NonNullable<IClientOptions['will']> = { topic: w.topic, payload: Buffer.from(w.payload, 'utf8'), qos: w.qos, retain: w.retain };
    if (protocolVersion === 5) {
      const properties: NonNullable<typeof will.properties> = {};
      if (w.delayInterval !== undefined) properties.willDelayInterval = w.delayInterval;
      if (w.messageExpiryInterval !== undefined) properties.messageExpiryInterval = w.messageExpiryInterval;
      if (w.userProperties && Object.keys(w.userProperties).length > 0) properties.userProperties = { ...w.userProperties };
      if (Object.keys(properties).length > 0) will.properties = properties;
    }
    options.will = will;
  }
  return options;
}

/**
 * The MQTT 5 session expiry a profile asks for: its own, or with clean session off and none set,
 * DEFAULT_SESSION_EXPIRY_S (documented in the schema and shown in the form), because an absent
 * expiry is 0 in MQTT 5 and "clean session off" would silently resume nothing.
 */
export function sessionExpiryOf(profile: Profile): number | undefined {
  return profile.mqtt5?.sessionExpiryInterval ?? (profile.clean ? undefined : DEFAULT_SESSION_EXPIRY_S);
}

/** A PEM private key opened with its passphrase, as unencrypted PEM bytes (the caller checked it opens). */
function decryptedKey(key: Buffer, passphrase: string): Buffer {
  return Buffer.from(createPrivateKey({ key, passphrase }).export({ type: 'pkcs8', format: 'pem' }));
}

type Endpoint = Pick<IClientOptions, 'protocol' | 'host' | 'port' | 'path'>;

/**
 * The broker URL as mqtt.js options, parsed with the WHATWG URL parser: handing mqtt.js the URL
 * string makes it use Node's deprecated `url.parse` (a DEP0169 warning on every connect). mqtt.js
 * fills in the default port of each scheme.
 */
export function brokerEndpoint(url: string, tls = false): Endpoint {
  const u = new URL(url);
  let protocol = u.protocol.slice(0, -1) as NonNullable<Endpoint['protocol']>;
  // `tls.enabled` on a plain URL upgrades it; the port stays the one written.
  if (tls && (protocol === 'mqtt' || protocol === 'tcp')) protocol = 'mqtts';
  if (tls && protocol === 'ws') protocol = 'wss';
  // ssl:// and tls:// mean MQTT over TLS; mqtt.js refuses client certificates unless it is spelled mqtts.
  if (protocol === 'ssl' || (protocol as string) === 'tls') protocol = 'mqtts';
  const endpoint: Endpoint = {
    protocol,
    // IPv6 literals come bracketed from URL; sockets want them bare.
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
  };
  if (u.port !== '') endpoint.port = Number(u.port);
  if (u.protocol === 'ws:' || u.protocol === 'wss:') endpoint.path = `${u.pathname}${u.search}`;
  return endpoint;
}
