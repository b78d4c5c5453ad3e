import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOOD_CONTROL_TOPIC } from './streams/floodStream';
import { GREENHOUSE_PROTO, GREENHOUSE_TYPE, PROTOBUF_FILTER } from './streams/protobufStream';

const README = join(__dirname, 'workspace', 'README.md');

/** The demo workspace's `.tracemq.json`: an MQTT 5 and an MQTT 3.1.1 profile, templates, decoders. */
export function demoTracemqJson(brokerUrl: string): Record<string, unknown> {
  return {
    profiles: [
      {
        name: 'demo (MQTT 5)',
        url: brokerUrl,
        protocolVersion: '5.0',
        clientId: 'tracemq-demo-5',
        keepalive: 30,
        mqtt5: { sessionExpiryInterval: 0, userProperties: { app: 'tracemq-demo' } },
        subscriptions: [
          { topic: 'demo/#', qos: 1 },
          { topic: 'spBv1.0/demo/#', qos: 0 },
        ],
      },
      {
        name: 'demo (MQTT 3.1.1)',
        url: brokerUrl,
        protocolVersion: '3.1.1',
        clientId: 'tracemq-demo-311',
        keepalive: 30,
        subscriptions: [{ topic: 'demo/+/status', qos: 1 }],
      },
    ],
    templates: [
      {
        name: 'rpc echo request',
        topic: 'demo/rpc/echo',
        payload: '{ "hello": "TraceMQ" }',
        qos: 1,
        properties: { contentType: 'application/json', responseTopic: 'demo/replies/tracemq', correlationData: 'req-1' },
      },
      { name: 'flood on (10k msg/s)', topic: FLOOD_CONTROL_TOPIC, payload: 'on', qos: 1 },
      { name: 'flood off', topic: FLOOD_CONTROL_TOPIC, payload: 'off', qos: 1 },
    ],
    decoders: [
      { topic: PROTOBUF_FILTER, format: 'protobuf', proto: 'protos/greenhouse.proto', type: GREENHOUSE_TYPE },
      { topic: 'spBv1.0/#', format: 'sparkplugb' },
    ],
  };
}

/** Writes the demo workspace into `folder`: `.tracemq.json`, the README and the `.proto`. */
export function writeDemoWorkspace(folder: string, brokerUrl: string): void {
  mkdirSync(join(folder, 'protos'), { recursive: true });
  writeFileSync(join(folder, '.tracemq.json'), JSON.stringify(demoTracemqJson(brokerUrl), null, 2) + '\n');
  copyFileSync(README, join(folder, 'README.md'));
  copyFileSync(GREENHOUSE_PROTO, join(folder, 'protos', 'greenhouse.proto'));
}
