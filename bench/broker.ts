import mqtt from 'mqtt';
import { startMosquitto, type Mosquitto } from '../test/harness/mosquitto';

/**
 * The benchmark's mosquitto: no queue limit (a slow subscriber gets a longer queue, never a drop),
 * 1,000 QoS 1 messages in flight per client (the default of 20 would measure round trips, not
 * throughput), `$SYS` figures every second (to read broker drops), and no per-message debug log
 * (the harness logs everything, which at 100k msg/s would cost more than the broker's work).
 */
export async function startBenchBroker(): Promise<Mosquitto> {
  const broker = await startMosquitto({
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
  // mosquitto publishes each $SYS value (retained, expiring after 60 s) only when it changes: a
  // counter that stays at 0 vanishes after a minute. So one client follows them from the start.
  const watcher = await mqtt.connectAsync(broker.url, { clientId: `bench-sys-${process.pid}-${broker.port}`, protocolVersion: 4, reconnectPeriod: 0 });
  watcher.on('error', () => undefined);
  watcher.on('message', (topic, payload) => {
    sysValues.set(`${broker.port} ${topic}`, Number(payload.toString()));
  });
  await watcher.subscribeAsync('$SYS/broker/publish/messages/+');
  return {
    ...broker,
    stop: async () => {
      await watcher.endAsync(true);
      await broker.stop();
    },
  };
}

/** Latest $SYS values by "port topic". */
const sysValues = new Map<string, number>();

/** Publish counters from the broker's `$SYS` tree (updated once a second). */
export interface BrokerCounters {
  received: number;
  sent: number;
  dropped: number;
}

/** The broker's publish counters as last published in `$SYS` (NaN before the first publication). */
export async function brokerCounters(broker: Mosquitto): Promise<BrokerCounters> {
  const deadline = Date.now() + 5000;
  const get = (name: string): number => sysValues.get(`${broker.port} $SYS/broker/publish/messages/${name}`) ?? NaN;
  while (Number.isNaN(get('dropped')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return { received: get('received'), sent: get('sent'), dropped: get('dropped') };
}

/** Waits past two `$SYS` intervals (mosquitto updates them from its main loop, about once a second), so the counters include what just happened. */
export const settleSys = (): Promise<void> => new Promise((r) => setTimeout(r, 2200));
