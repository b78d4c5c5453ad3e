/**
 * The subscription editor's protocol (in the log view): subscribe, change a subscription's
 * options, unsubscribe. The connection's subscriptions reach the view in its `ConnectionInfo`
 * (log/snapshot, connection/state); the host answers with `registerSubscriptionHandlers`.
 */

import { isRecord, type NoMessages, type WebviewProtocol } from '../ipc/webviewProtocol';
import { MAX_TOPIC_BYTES, subscriptionSpecOf, type SubscriptionInfo, type SubscriptionSpec } from '../mqtt/publishShapes';

/** Requests the subscription editor may send, with their params and result types. */
export interface SubscriptionRequests {
  /** Subscribe (or change a subscription) with MQTT 5 options. */
  'mqtt/subscribe': { params: SubscriptionSpec; result: { subscription: SubscriptionInfo } };
  /** Unsubscribe from a topic filter of the connection. */
  'mqtt/unsubscribe': { params: { topic: string }; result: Record<string, never> };
}

/** The subscriptions protocol's validators: the host checks every message the editor sends with them. */
export const subscriptionsProtocol: WebviewProtocol<SubscriptionRequests, NoMessages, NoMessages> = {
  requests: {
    'mqtt/subscribe': subscriptionSpecOf,
    'mqtt/unsubscribe': (p) => (isRecord(p) && typeof p.topic === 'string' && p.topic.length <= MAX_TOPIC_BYTES ? { topic: p.topic } : undefined),
  },
  notifications: {},
};
