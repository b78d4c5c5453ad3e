import type { SubscriptionInfo } from '../mqtt/publishShapes';

/** Connection states shown in the tree, the status bar and the log header. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'error';

/** The connection a log view shows. */
export interface ConnectionInfo {
  /** Stable id of the profile; the webview keeps it with `setState({ profileKey })` so that a
   * reloaded window can restore the view. */
  key: string;
  profile: string;
  url: string;
  protocolVersion: '3.1' | '3.1.1' | '5.0';
  state: ConnectionState;
  /** Human explanation of the state (error reason, reconnect attempt). */
  detail?: string;
  /** The connection's subscriptions; `RowDto.sub` refers to their ids (one colour each). */
  subscriptions: SubscriptionInfo[];
  /** What the broker said in its CONNACK, while connected. */
  server?: ServerInfo;
  /** While reconnecting: when the next attempt starts (epoch ms). */
  nextAttemptAt?: number;
  /** TLS without verifying the broker's certificate ("insecure skip verify"). */
  insecure?: boolean;
}

/**
 * The broker's CONNACK: whether it resumed a session, and its MQTT 5 properties as received
 * (mqtt.js names: assignedClientIdentifier, serverKeepAlive, receiveMaximum, maximumQoS,
 * retainAvailable, maximumPacketSize, topicAliasMaximum, wildcardSubscriptionAvailable,
 * subscriptionIdentifiersAvailable, sharedSubscriptionAvailable, responseInformation,
 * serverReference, reasonString, userProperties…).
 */
export interface ServerInfo {
  sessionPresent: boolean;
  properties: Record<string, unknown>;
}
