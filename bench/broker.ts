import mqtt from 'mqtt';
import { startMosquitto, type Mosquitto } from '../test/harness/mosquitto';

/**
 * The benchmark's mosquitto: no queue limit (a slow subscriber gets a longer queue, never a drop),
 * 1,000 QoS 1 messages in flight per client (the default of 20 would measure round trips, not
 * throughput), `$SYS` figures every second (to read broker drops), and no per-message debug log
 * (the harness logs everything, which at 100k msg/s would cost more than the broker's work).
 */
export function startBenchBroker(): Promise<Mosquitto> {
  return startMosquitto({
    extraConfig: [
      'log_type none',
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      'log_type subscribe',
      'max_queued_messages 0',
      'max_queued_bytes 0',
      'max_inflight_messages 1000',
      'sys_interval 1',
    ],
  });
}

/** Publish counters from the broker's `$SYS` tree (updated once a second). */
export interface BrokerCounters {
  received: number;
  sent: number;
  dropped: number;
}

/**
 * Reads the broker's current publish counters (retained `$SYS` topics). A counter the broker did
 * not deliver within a few seconds (seen now and then for `dropped`) is NaN: callers say "unknown"
 * rather than guess.
 */
export async function brokerCounters(broker: Mosquitto): Promise<BrokerCounters> {
  const client = await mqtt.connectAsync(broker.url, { clientId: `bench-sys-${process.pid}-${Date.now()}`, protocolVersion: 4 });
  const values = new Map<string, number>();
  client.on('message', (topic, payload) => {
    values.set(topic, Number(payload.toString()));
  });
  await client.subscribeAsync(['$SYS/broker/publish/messages/received', '$SYS/broker/publish/messages/sent', '$SYS/broker/publish/messages/dropped']);
  const deadline = Date.now() + 5000;
  while (values.size < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await client.endAsync();
  const get = (name: string): number => values.get(`$SYS/broker/publish/messages/${name}`) ?? NaN;
  return { received: get('received'), sent: get('sent'), dropped: get('dropped') };
}

/** Waits past two `$SYS` intervals (mosquitto updates them from its main loop, about once a second), so the counters include what just happened. */
export const settleSys = (): Promise<void> => new Promise((r) => setTimeout(r, 2200));
