import type { MqttClient } from 'mqtt';
import type { DemoStream } from './demoStream';

/** The devices that keep a retained status at `demo/<device>/status`. */
export const DEVICES = ['greenhouse', 'boiler', 'pump-7'] as const;

/**
 * A retained JSON status per device, published at once and again every `everyMs` (with its
 * uptime), so a fresh subscription shows the retain flag and the status changes now and then.
 */
export async function startDeviceStatus(client: MqttClient, everyMs = 30_000): Promise<DemoStream> {
  const since = new Date().toISOString();
  const publishAll = async (): Promise<void> => {
    const uptimeSeconds = Math.round((Date.now() - Date.parse(since)) / 1000);
    for (const device of DEVICES) {
      const status = { online: true, since, firmware: '2.4.1', uptimeSeconds };
      await client.publishAsync(`demo/${device}/status`, JSON.stringify(status), { qos: 1, retain: true, properties: { contentType: 'application/json' } });
    }
  };
  await publishAll();
  const timer = setInterval(() => void publishAll().catch(() => undefined), everyMs);
  return { stop: () => clearInterval(timer) };
}
