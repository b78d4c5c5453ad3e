import type { RebirthTarget } from '../../shared/decoders/decodedPayload';
import { ConnectionError, type Connection } from '../connection/connection';

/**
 * "Request Rebirth": publishes the NCMD `Node Control/Rebirth = true` to a Sparkplug B edge node on
 * `connection` (QoS 0, not retained: Sparkplug B commands are never retained), and gives its topic.
 * Refused in words when the workspace binds no Sparkplug B decoder or the connection cannot publish.
 */
export async function requestRebirth(connection: Connection, target: RebirthTarget): Promise<string> {
  const build = connection.decoding?.rebirth;
  if (!build) throw new ConnectionError('Request Rebirth needs a Sparkplug B decoder: add { "topic": "spBv1.0/#", "format": "sparkplugb" } to "decoders" in .tracemq.json (in a trusted workspace).');
  const { topic, payload } = build(target);
  await connection.publish({ topic, payload: Buffer.from(payload).toString('base64'), encoding: 'base64', qos: 0, retain: false });
  return topic;
}
