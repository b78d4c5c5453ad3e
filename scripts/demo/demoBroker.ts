import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { startMosquitto } from '../../test/harness/mosquitto';

export interface DemoBroker {
  url: string;
  /** mosquitto speaks MQTT 5; the in-process stand-in only 3.1 / 3.1.1. */
  mqtt5: boolean;
  /** Which broker runs, in words for the terminal. */
  description: string;
  stop(): Promise<void>;
  /** Kills the broker at once (a forced stop); the in-process one ends with this process. */
  kill(): void;
}

interface AedesLike {
  handle: (stream: unknown) => void;
  close: (cb: () => void) => void;
}

const MOSQUITTO = process.env.TRACEMQ_MOSQUITTO ?? '/usr/sbin/mosquitto';

/**
 * The demo's broker on `port` (127.0.0.1): Debian's mosquitto (MQTT 5) when it is installed, else
 * the in-process aedes, which speaks MQTT 3.1.1 only — the description says which and why.
 * `TRACEMQ_DEMO_AEDES=1` picks aedes even where mosquitto is installed (to try the fallback).
 */
export async function startDemoBroker(port: number): Promise<DemoBroker> {
  if (existsSync(MOSQUITTO) && !process.env.TRACEMQ_DEMO_AEDES) {
    // No line per message: the log is kept in memory, and the flood would grow it by megabytes a second.
    const broker = await startMosquitto({ port, logTypes: ['error', 'warning', 'notice', 'information'] });
    return { url: broker.url, mqtt5: true, description: `mosquitto (${MOSQUITTO}, MQTT 3.1 / 3.1.1 / 5)`, stop: () => broker.stop(), kill: () => broker.kill() };
  }
  // aedes is an ES module; a dynamic import works from both module systems.
  const { Aedes } = (await import('aedes')) as unknown as { Aedes: { createBroker(): Promise<AedesLike> } };
  const aedes = await Aedes.createBroker();
  const server: Server = createServer((socket) => aedes.handle(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    mqtt5: false,
    description: `the in-process broker (aedes, MQTT 3.1.1 only: no publish properties, request/response or reason codes), because ${
      process.env.TRACEMQ_DEMO_AEDES ? 'TRACEMQ_DEMO_AEDES is set' : `${MOSQUITTO} is not installed — install it with: sudo apt-get install -y mosquitto`
    }`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close();
        aedes.close(() => resolve());
      }),
    kill: () => undefined,
  };
}
