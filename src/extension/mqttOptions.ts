import type { IClientOptions } from 'mqtt';
import { randomBytes } from 'node:crypto';
import type { Profile, ProtocolVersion } from './profile';

const VERSION_NUMBER: Record<ProtocolVersion, 3 | 4 | 5> = { '3.1': 3, '3.1.1': 4, '5.0': 5 };

export const protocolNumber = (v: ProtocolVersion): 3 | 4 | 5 => VERSION_NUMBER[v];

/** A client id for profiles that leave it out: short enough for MQTT 3.1's 23-character limit. */
export const generateClientId = (): string => `tracemq-${randomBytes(6).toString('hex')}`;

/**
 * The mqtt.js options for a profile. Pure: the password is passed in by the caller (who reads it
 * from SecretStorage) and is never stored anywhere else.
 */
export function buildClientOptions(profile: Profile, password: string | undefined, clientId: string): IClientOptions {
  const protocolVersion = VERSION_NUMBER[profile.protocolVersion];
  const options: IClientOptions = {
    protocolVersion,
    // MQTT 3.1 announces itself as "MQIsdp"; 3.1.1 and 5.0 as "MQTT".
    protocolId: protocolVersion === 3 ? 'MQIsdp' : 'MQTT',
    clientId,
    clean: profile.clean,
    keepalive: profile.keepalive,
    // We run our own connect timer (see Connection) so that a silent broker ends in a clear error.
    connectTimeout: profile.connectTimeout * 1000,
    reconnectPeriod: profile.reconnect.enabled ? profile.reconnect.period : 0,
    // Subscriptions are re-made by mqtt.js after a reconnect when the broker kept no session.
    resubscribe: true,
    // Queue nothing while offline: publishing is refused with a message instead.
    queueQoSZero: false,
  };
  Object.assign(options, brokerEndpoint(profile.url));
  if (profile.auth?.username !== undefined) options.username = profile.auth.username;
  if (password !== undefined && password !== '') options.password = password;
  return options;
}

type Endpoint = Pick<IClientOptions, 'protocol' | 'host' | 'port' | 'path'>;

/**
 * The broker URL as mqtt.js options, parsed with the WHATWG URL parser: handing mqtt.js the URL
 * string makes it use Node's deprecated `url.parse` (a DEP0169 warning on every connect). mqtt.js
 * fills in the default port of each scheme.
 */
export function brokerEndpoint(url: string): Endpoint {
  const u = new URL(url);
  const endpoint: Endpoint = {
    protocol: u.protocol.slice(0, -1) as Endpoint['protocol'],
    // IPv6 literals come bracketed from URL; sockets want them bare.
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
  };
  if (u.port !== '') endpoint.port = Number(u.port);
  if (u.protocol === 'ws:' || u.protocol === 'wss:') endpoint.path = `${u.pathname}${u.search}`;
  return endpoint;
}
