import type { MqttClient } from 'mqtt';
import type { DemoStream } from './demoStream';

/** The sensors of the demo, each a JSON reading on its own topic. */
export const SENSORS = [
  { topic: 'demo/greenhouse/temperature', unit: '°C', base: 21, swing: 3 },
  { topic: 'demo/greenhouse/humidity', unit: '%', base: 55, swing: 10 },
  { topic: 'demo/boiler/pressure', unit: 'bar', base: 1.6, swing: 0.3 },
  { topic: 'demo/pump-7/telemetry', unit: 'rpm', base: 1450, swing: 120 },
] as const;

/**
 * JSON sensor readings at about `rate` messages a second, with MQTT 5 properties (content type,
 * user properties) so the detail pane has some to show; every third one at QoS 1.
 */
export function startSensorStream(client: MqttClient, rate = 40): DemoStream {
  let tick = 0;
  // A timer per 25 ms batch rather than per message.
  const perTick = Math.max(1, Math.round(rate / 40));
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      const index = tick % SENSORS.length;
      const s = SENSORS[index] ?? SENSORS[0];
      const value = Math.round((s.base + Math.sin(tick / 50 + index) * s.swing + (Math.random() - 0.5) * s.swing * 0.1) * 100) / 100;
      const reading: Record<string, unknown> = { value, unit: s.unit, seq: tick, ts: new Date().toISOString() };
      if (s.topic.endsWith('telemetry')) reading.motor = { current: Math.round(value / 100) / 10, temperature: 40 + (tick % 7), alarms: tick % 500 === 0 ? ['overheat'] : [] };
      client.publish(s.topic, JSON.stringify(reading), {
        qos: tick % 3 === 0 ? 1 : 0,
        properties: { contentType: 'application/json', userProperties: { site: 'north', sensor: s.topic.split('/').pop() ?? '' } },
      });
      tick++;
    }
  }, 25);
  return { stop: () => clearInterval(timer) };
}
