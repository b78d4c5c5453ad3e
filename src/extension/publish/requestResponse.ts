import { randomBytes } from 'node:crypto';
import type { PublishParams } from '../../shared/mqtt/publishShapes';
import type { RequestReply } from '../../shared/publish/publishProtocol';
import { topicMatches } from '../../shared/mqtt/topicFilter';
import { ConnectionError, type Connection } from '../connection/connection';

/**
 * MQTT 5 request/response: publishes `publish` with its response topic and correlation data
 * (random when none is given), subscribes to the response topic for the time of the request when
 * no subscription covers it, and resolves with the first message on that topic that carries the
 * same correlation data, with the round-trip time. Rejects in words on timeout.
 */
export async function sendRequest(connection: Connection, publish: PublishParams, timeoutMs: number): Promise<RequestReply> {
  if (connection.entry.profile.protocolVersion !== '5.0') {
    throw new ConnectionError('Request/response needs MQTT 5.0 (response topic and correlation data are MQTT 5 properties); this profile uses an older version.');
  }
  const responseTopic = publish.properties?.responseTopic ?? '';
  if (responseTopic === '') throw new ConnectionError('A request needs a response topic: the topic the responder answers on.');
  const given = publish.properties?.correlationData ?? '';
  const encoding = given === '' ? 'hex' : (publish.properties?.correlationDataEncoding ?? 'utf8');
  const correlationData = given === '' ? randomBytes(8).toString('hex') : given;
  const expected = encoding === 'hex' ? Buffer.from(correlationData.replace(/\s+/g, ''), 'hex') : Buffer.from(correlationData, 'utf8');
  const request: PublishParams = { ...publish, properties: { ...publish.properties, responseTopic, correlationData, correlationDataEncoding: encoding } };

  // Subscribe for the reply unless a subscription already brings it.
  const covered = connection.subscriptions.some((s) => !s.error && topicMatches(s.topic, responseTopic));
  if (!covered) await connection.subscribe({ topic: responseTopic, qos: 1 });
  let watch: { dispose(): void } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const sentAt = performance.now();
    const reply = new Promise<RequestReply>((resolve, reject) => {
      watch = connection.watchMessages((seq, topic, packet) => {
        const data = packet.properties?.correlationData;
        if (topic !== responseTopic || !data || !Buffer.from(data).equals(expected)) return;
        resolve({ seq, topic, rttMs: Math.round((performance.now() - sentAt) * 10) / 10, correlationData });
      });
      timer = setTimeout(() => {
        reject(new ConnectionError(`No reply on "${responseTopic}" with correlation data "${correlationData}" within ${(timeoutMs / 1000).toLocaleString('en-US')} s.`));
      }, timeoutMs);
    });
    await connection.publish(request);
    return await reply;
  } finally {
    clearTimeout(timer);
    watch?.dispose();
    if (!covered) await connection.unsubscribe(responseTopic).catch(() => undefined);
  }
}
