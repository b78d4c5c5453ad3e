import type { MqttClient } from 'mqtt';
import type { DemoStream } from './demoStream';

export const FLOOD_CONTROL_TOPIC = 'demo/flood/control';
/** Retained: whether the flood runs and at what rate, as JSON `{ "on": true, "rate": 10000 }`. */
export const FLOOD_STATE_TOPIC = 'demo/flood/state';
export const FLOOD_DEFAULT_RATE = 10_000;

/** What a control payload asks for: `on`, `off`, or a rate in messages a second (0 is off). */
export function floodCommand(text: string): { rate: number } | { error: string } {
  const t = text.trim().toLowerCase();
  if (t === 'on') return { rate: FLOOD_DEFAULT_RATE };
  if (t === 'off') return { rate: 0 };
  if (/^\d+$/.test(t) && Number(t) <= 100_000) return { rate: Number(t) };
  return { error: `flood control: expected "on", "off" or a rate from 0 to 100000 messages a second, got "${text.slice(0, 40)}"` };
}

/**
 * A flood of small QoS 0 JSON messages on `demo/flood/<n>` (16 topics), off until `on` (10k msg/s)
 * or a rate is published to `demo/flood/control`. Each tick publishes what the rate owes since the
 * flood started, so a late timer catches up instead of lowering the rate. An unknown command is
 * answered on the state topic with the error in words, and the flood keeps its rate.
 */
export async function startFloodStream(client: MqttClient): Promise<DemoStream> {
  let rate = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let startedAt = 0;
  let sent = 0;
  const publishState = (error?: string): void => {
    client.publish(FLOOD_STATE_TOPIC, JSON.stringify({ on: rate > 0, rate, ...(error ? { error } : {}) }), { qos: 1, retain: true });
  };
  const run = (): void => {
    const owed = Math.min(Math.floor(((Date.now() - startedAt) * rate) / 1000) - sent, rate);
    for (let i = 0; i < owed; i++) {
      client.publish(`demo/flood/${sent % 16}`, `{"n":${sent},"v":${(sent * 7) % 1000}}`, { qos: 0 });
      sent++;
    }
  };
  const setRate = (next: number): void => {
    rate = next;
    clearInterval(timer);
    timer = undefined;
    if (rate > 0) {
      startedAt = Date.now();
      sent = 0;
      timer = setInterval(run, 10);
    }
  };
  const onMessage = (topic: string, payload: Buffer): void => {
    if (topic !== FLOOD_CONTROL_TOPIC) return;
    const command = floodCommand(payload.toString('utf8'));
    if ('error' in command) return publishState(command.error);
    setRate(command.rate);
    publishState();
  };
  client.on('message', onMessage);
  await client.subscribeAsync(FLOOD_CONTROL_TOPIC, { qos: 1 });
  publishState();
  return {
    stop: () => {
      client.off('message', onMessage);
      clearInterval(timer);
    },
  };
}
