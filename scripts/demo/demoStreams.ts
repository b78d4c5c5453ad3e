import mqtt, { type MqttClient } from 'mqtt';
import type { DemoStream } from './streams/demoStream';
import { startDeviceStatus } from './streams/deviceStatus';
import { startFloodStream } from './streams/floodStream';
import { startProtobufStream } from './streams/protobufStream';
import { startRpcResponder } from './streams/rpcResponder';
import { startSensorStream } from './streams/sensorStream';
import { startSparkplugNode } from './streams/sparkplugNode';

export interface DemoStreamsOptions {
  /** MQTT 5 brokers get properties and the request/response responder; 3.1.1 ones neither. */
  mqtt5: boolean;
  /** Sensor messages a second. */
  sensorRate?: number;
  /** How often the protobuf and Sparkplug B streams publish. */
  slowEveryMs?: number;
}

export interface DemoStreams {
  /** What runs, one line each, for the terminal. */
  readonly lines: string[];
  stop(): Promise<void>;
}

/**
 * Starts every demo stream against the broker at `url`, each on its own client (so the flood
 * does not queue the responder's answers behind it).
 */
export async function startDemoStreams(url: string, options: DemoStreamsOptions): Promise<DemoStreams> {
  const protocolVersion = options.mqtt5 ? 5 : 4;
  const clients: MqttClient[] = [];
  const streams: DemoStream[] = [];
  const connect = async (name: string): Promise<MqttClient> => {
    const client = await mqtt.connectAsync(url, { protocolVersion, clientId: `tracemq-demo-${name}-${process.pid}`, clean: true });
    clients.push(client);
    return client;
  };
  const lines: string[] = [];
  const stop = async (): Promise<void> => {
    for (const s of streams.splice(0)) await s.stop();
    await Promise.all(clients.splice(0).map((c) => c.endAsync()));
  };
  try {
    streams.push(startSensorStream(await connect('sensors'), options.sensorRate));
    lines.push(`demo/<device>/<sensor>: JSON sensor readings (~${options.sensorRate ?? 40} msg/s)`);
    streams.push(await startDeviceStatus(await connect('status')));
    lines.push('demo/<device>/status: a retained status per device');
    if (options.mqtt5) {
      streams.push(await startRpcResponder(await connect('rpc')));
      lines.push('demo/rpc/#: answers every MQTT 5 request (response topic + correlation data); demo/rpc/echo echoes');
    } else {
      lines.push('demo/rpc/#: no responder — request/response needs MQTT 5, which this broker does not speak');
    }
    streams.push(await startFloodStream(await connect('flood')));
    lines.push('demo/flood/#: a flood, off until you publish "on" (10k msg/s), "off" or a rate to demo/flood/control');
    streams.push(startProtobufStream(await connect('protobuf'), options.slowEveryMs));
    lines.push('demo/proto/#: protobuf demo.greenhouse.Reading (protos/greenhouse.proto, bound in .tracemq.json)');
    streams.push(await startSparkplugNode(url, protocolVersion, options.slowEveryMs));
    lines.push('spBv1.0/demo/#: a Sparkplug B edge node (NBIRTH/DBIRTH, NDATA/DDATA by alias; answers a Rebirth NCMD)');
  } catch (e) {
    await stop();
    throw e;
  }
  return { lines, stop };
}
