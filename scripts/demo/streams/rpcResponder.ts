import type { IPublishPacket, MqttClient } from 'mqtt';
import type { DemoStream } from './demoStream';

/** Where the responder listens: every request under it gets an answer. */
export const RPC_FILTER = 'demo/rpc/#';

/**
 * Answers every MQTT 5 request under `demo/rpc/#` (a PUBLISH with a response topic) on its
 * response topic, with its correlation data: `demo/rpc/echo` echoes the payload and its content
 * type; `demo/rpc/time` tells the time; any other method says what it received. Subscribed with
 * No Local, so an answer sent to a topic under `demo/rpc/` does not come back as a request.
 */
export async function startRpcResponder(client: MqttClient): Promise<DemoStream> {
  const onMessage = (topic: string, payload: Buffer, packet: IPublishPacket): void => {
    const responseTopic = packet.properties?.responseTopic;
    if (!topic.startsWith('demo/rpc/') || !responseTopic) return;
    const method = topic.slice('demo/rpc/'.length);
    const properties: NonNullable<IPublishPacket['properties']> = { userProperties: { method } };
    if (packet.properties?.correlationData) properties.correlationData = packet.properties.correlationData;
    let body: Buffer;
    if (method === 'echo') {
      body = payload;
      if (packet.properties?.contentType) properties.contentType = packet.properties.contentType;
    } else {
      properties.contentType = 'application/json';
      const answer = method === 'time' ? { now: new Date().toISOString() } : { method, received: payload.toString('utf8'), note: 'demo/rpc/echo echoes, demo/rpc/time tells the time' };
      body = Buffer.from(JSON.stringify(answer));
    }
    client.publish(responseTopic, body, { qos: packet.qos, properties });
  };
  client.on('message', onMessage);
  await client.subscribeAsync(RPC_FILTER, { qos: 1, nl: true });
  return {
    stop: () => {
      client.off('message', onMessage);
    },
  };
}
