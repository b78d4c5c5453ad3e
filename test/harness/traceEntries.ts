import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { ProtocolTrace } from '../../src/extension/trace/protocolTrace';

/**
 * Trace entries made as the extension makes them: a ProtocolTrace attached to a stand-in for the
 * mqtt.js client, fed the packets mqtt.js would emit (sent ones as the objects mqtt.js writes,
 * received ones decoded by mqtt-packet's parser from real bytes, as the client's parser hands them
 * over). Shared by the unit and Chromium tests of the trace.
 */
export class FakeTraceClient extends EventEmitter {
  options = { protocolVersion: 5 };
  stream = undefined;
  disconnecting = false;
  disconnected = false;

  /** Attached to `trace`, as `Connection.addTap` attaches it to a new client. */
  static attachedTo(trace: ProtocolTrace): FakeTraceClient {
    const client = new FakeTraceClient();
    trace.attach(client as unknown as MqttClient);
    return client;
  }

  /** A packet we send (mqtt.js's `packetsend`). */
  send(packet: Packet): void {
    this.emit('packetsend', packet);
  }

  /** A packet we receive (mqtt.js's `packetreceive`), made from its bytes. */
  receive(packet: Packet): void {
    this.emit('packetreceive', parsedPacket(packet));
  }
}

/** Bytes of `packet`, parsed back: what `packetreceive` carries. */
export function parsedPacket(packet: Packet): Packet {
  const parser = mqttPacket.parser({ protocolVersion: 5 });
  let out: Packet | undefined;
  parser.on('packet', (p: Packet) => (out = p));
  parser.parse(mqttPacket.generate(packet, { protocolVersion: 5 }));
  assert.ok(out, `${packet.cmd} did not parse`);
  return out;
}

/** The password of SESSION's CONNECT: it must never show. */
export const SESSION_PASSWORD = 'secret';

/**
 * A short session, six entries: CONNECT (with a password), CONNACK, SUBSCRIBE, SUBACK, a QoS 1
 * PUBLISH received on `sensors/t` (packet id 7) and its PUBACK.
 */
export function feedSession(client: FakeTraceClient): void {
  client.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'dev-1', clean: true, keepalive: 30, username: 'u', password: Buffer.from(SESSION_PASSWORD) });
  client.receive({ cmd: 'connack', sessionPresent: false, reasonCode: 0 });
  client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'sensors/#', qos: 1 }] });
  client.receive({ cmd: 'suback', messageId: 1, granted: [1] });
  client.receive({ cmd: 'publish', topic: 'sensors/t', payload: Buffer.from('21.5'), qos: 1, retain: false, dup: false, messageId: 7 });
  client.send({ cmd: 'puback', messageId: 7, reasonCode: 0 });
}
