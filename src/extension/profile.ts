import type { QoS } from '../shared/protocol';

export type ProtocolVersion = '3.1' | '3.1.1' | '5.0';

/** Where a profile comes from: the workspace's `.tracemq.json`, or the user's own (global state). */
export type ProfileSource = 'workspace' | 'user';

export interface SubscriptionSpec {
  topic: string;
  qos: QoS;
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
  auth?: { username?: string };
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
