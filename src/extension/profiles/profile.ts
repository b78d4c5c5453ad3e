import type { QoS, SubscriptionSpec } from '../../shared/mqtt/publishShapes';

export type { SubscriptionSpec } from '../../shared/mqtt/publishShapes';

export type ProtocolVersion = '3.1' | '3.1.1' | '5.0';

/** Where a profile comes from: the workspace's `.tracemq.json`, or the user's own (global state). */
export type ProfileSource = 'workspace' | 'user';

/** Key/value pairs sent as MQTT 5 user properties. */
export type UserProperties = Record<string, string>;

export interface WebSocketOptions {
  /** Endpoint path, e.g. `/mqtt` (overrides the URL's path). */
  path?: string;
  /** Extra HTTP headers sent in the WebSocket handshake. */
  headers?: Record<string, string>;
}

export interface TlsOptions {
  enabled: boolean;
  /** Paths, relative to the workspace folder for workspace profiles. */
  ca?: string;
  cert?: string;
  key?: string;
  /** Accept any server certificate (development only; loudly marked in the UI). */
  insecureSkipVerify: boolean;
}

export interface Mqtt5Options {
  sessionExpiryInterval?: number;
  receiveMaximum?: number;
  maximumPacketSize?: number;
  topicAliasMaximum?: number;
  requestResponseInformation?: boolean;
  userProperties?: UserProperties;
}

export interface WillOptions {
  topic: string;
  payload: string;
  qos: QoS;
  retain: boolean;
  /** MQTT 5 only, seconds. */
  delayInterval?: number;
  /** MQTT 5 only, seconds. */
  messageExpiryInterval?: number;
  /** MQTT 5 only. */
  userProperties?: UserProperties;
}

/** A broker profile as plain data (the `.tracemq.json` shape of SPEC.md). Never holds a secret. */
export interface Profile {
  name: string;
  url: string;
  protocolVersion: ProtocolVersion;
  clientId?: string;
  clean: boolean;
  /** Seconds. */
  keepalive: number;
  /** Seconds. */
  connectTimeout: number;
  reconnect: { enabled: boolean; period: number };
  websocket?: WebSocketOptions;
  auth?: { username?: string };
  tls?: TlsOptions;
  mqtt5?: Mqtt5Options;
  will?: WillOptions;
  subscriptions: SubscriptionSpec[];
}

export interface ProfileEntry {
  profile: Profile;
  source: ProfileSource;
  /** The workspace folder's path for workspace profiles. */
  folder?: string;
}

/** Identity of a profile across the extension: source plus name (names are unique per source). */
export const profileKey = (source: ProfileSource, name: string): string => `${source}:${name}`;
