import type { IClientSubscribeOptions, ISubscriptionGrant, MqttClient } from 'mqtt';
import type { QoS } from '../../shared/mqtt/publishShapes';
import { reasonText, refusalText } from '../../shared/mqtt/reasonCodes';
import { ConnectionError } from './connectionError';
import type { ActiveSubscription } from './subscriptionBook';

/**
 * Sends one SUBSCRIBE and writes what the broker answered into `sub`: the granted QoS, or why it
 * was refused in words. Never rejects: a refusal is a property of the subscription, not a failure.
 * `wait` bounds the wait by the connection's life (see PendingAcks).
 */
export async function sendSubscription(
  client: MqttClient,
  sub: ActiveSubscription,
  protocolVersion: 3 | 4 | 5,
  wait: <T>(request: Promise<T>) => Promise<T>,
): Promise<void> {
  const options: IClientSubscribeOptions = { qos: sub.qos };
  if (protocolVersion === 5) {
    if (sub.noLocal) options.nl = true;
    if (sub.retainAsPublished) options.rap = true;
    if (sub.retainHandling !== undefined) options.rh = sub.retainHandling;
    if (sub.subscriptionIdentifier !== undefined) options.properties = { subscriptionIdentifier: sub.subscriptionIdentifier };
  }
  let grants: ISubscriptionGrant[];
  try {
    grants = await wait(client.subscribeAsync(sub.topic, options));
  } catch (e) {
    if (e instanceof ConnectionError) {
      // Abandoned: the connection ended before the broker answered.
      sub.error = e.message;
      delete sub.granted;
      return;
    }
    sub.error = `Refused: ${refusalText(e, 'suback', protocolVersion)}`;
    delete sub.granted;
    return;
  }
  const code = grants[0]?.qos ?? 0x80;
  if (code >= 0x80) {
    sub.error = `Refused: ${reasonText(code, 'suback', protocolVersion)}`;
    delete sub.granted;
  } else {
    sub.granted = code as QoS;
    delete sub.error;
  }
}
