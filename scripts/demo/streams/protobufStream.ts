import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import protobuf from 'protobufjs';
import type { DemoStream } from './demoStream';

/** The .proto of the stream, copied into the demo workspace next to `.tracemq.json`. */
export const GREENHOUSE_PROTO = join(__dirname, '..', 'workspace', 'protos', 'greenhouse.proto');
export const GREENHOUSE_TYPE = 'demo.greenhouse.Reading';
export const PROTOBUF_FILTER = 'demo/proto/#';

/** Loads the Reading type from the demo's .proto. */
export function loadReadingType(): protobuf.Type {
  return protobuf.loadSync(GREENHOUSE_PROTO).lookupType(GREENHOUSE_TYPE);
}

/** A protobuf `demo.greenhouse.Reading` per bed (`demo/proto/bed-1`…`bed-3`) every `everyMs`. */
export function startProtobufStream(client: MqttClient, everyMs = 1000): DemoStream {
  const Reading = loadReadingType();
  let seq = 0;
  const timer = setInterval(() => {
    for (const bed of ['bed-1', 'bed-2', 'bed-3']) {
      const temperature = Math.round((22 + Math.sin(seq / 20) * 2) * 10) / 10;
      const message = Reading.fromObject({
        bed,
        temperature,
        humidity: 60 + (seq % 10),
        seq,
        timestamp: Date.now(),
        irrigation: seq % 3,
        alarms: temperature > 23.8 ? ['too warm'] : [],
      });
      client.publish(`demo/proto/${bed}`, Buffer.from(Reading.encode(message).finish()), { qos: 0, properties: { contentType: 'application/x-protobuf' } });
    }
    seq++;
  }, everyMs);
  return { stop: () => clearInterval(timer) };
}
