import type { ConnectionState } from '../../shared/connection/connectionInfo';
import { profileKey, type ProfileEntry } from '../profiles/profile';

/** What the check needs to know of a connection of this window. */
export interface WindowConnection {
  readonly entry: ProfileEntry;
  readonly state: ConnectionState;
}

/** States in which a connection holds (or is about to hold) its client id at the broker. */
const HOLDS_ITS_ID: ReadonlySet<ConnectionState> = new Set<ConnectionState>(['connecting', 'connected', 'reconnecting']);

/**
 * The host part of a broker URL, lower-cased, every loopback spelling as one: the same broker
 * answers on localhost and 127.0.0.1, and on each of its listeners (TCP, WebSocket, TLS), so the
 * port is left out. Undefined for a URL that does not parse.
 */
export function brokerHost(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)) return 'loopback';
  return host;
}

/**
 * The connection of this window that holds the client id `entry` would connect with, at the same
 * broker host: connecting both makes the broker drop one for the other, again and again (issue
 * 22, item 5). None when the profile leaves its id out (a generated one is unique) or sets it
 * empty (the broker assigns one).
 */
export function clientIdClash(entry: ProfileEntry, connections: readonly WindowConnection[]): WindowConnection | undefined {
  const id = entry.profile.clientId;
  if (id === undefined || id === '') return undefined;
  const key = profileKey(entry.source, entry.profile.name);
  const host = brokerHost(entry.profile.url);
  return connections.find(
    (c) =>
      HOLDS_ITS_ID.has(c.state) &&
      profileKey(c.entry.source, c.entry.profile.name) !== key &&
      c.entry.profile.clientId === id &&
      host !== undefined &&
      brokerHost(c.entry.profile.url) === host,
  );
}

/**
 * The profile without its client id, for one connection: the connection then uses the id it
 * generates for itself (`tracemq-` and 12 hex digits), kept across its reconnects. The profile
 * itself is not changed; the next Connect uses its own id again.
 */
export function withGeneratedClientId(entry: ProfileEntry): ProfileEntry {
  const { clientId: _dropped, ...profile } = entry.profile;
  return { ...entry, profile };
}
