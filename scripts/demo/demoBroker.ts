import { createServer, type Server } from 'node:net';

export interface DemoBroker {
  port: number;
  /** Messages published so far. */
  published(): number;
  stop(): Promise<void>;
}

interface AedesLike {
  handle: (stream: unknown) => void;
  publish: (packet: { cmd: 'publish'; topic: string; payload: Buffer; qos: 0 | 1 | 2; retain: boolean; dup: boolean }, cb: (err?: Error) => void) => void;
  close: (cb: () => void) => void;
}

/**
 * An in-process MQTT broker (aedes: MQTT 3.1 / 3.1.1) that publishes realistic demo traffic:
 * sensor readings as JSON at ~`rate` messages a second and a retained status topic.
 */
export async function startDemoBroker(port: number, rate = 100): Promise<DemoBroker> {
  // aedes is an ES module; a dynamic import works from both module systems.
  const { Aedes } = (await import('aedes')) as unknown as { Aedes: { createBroker(): Promise<AedesLike> } };
  const aedes = await Aedes.createBroker();
  const server: Server = createServer((socket) => aedes.handle(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });

  let count = 0;
  const publish = (topic: string, body: unknown, retain = false): void => {
    aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(body)), qos: 0, retain, dup: false }, () => undefined);
    count++;
  };
  const since = new Date().toISOString();
  publish('demo/status', { online: true, since, firmware: '2.4.1', sensors: 4 }, true);

  const sensors = [
    { topic: 'demo/greenhouse/temperature', unit: '°C', base: 21, swing: 3 },
    { topic: 'demo/greenhouse/humidity', unit: '%', base: 55, swing: 10 },
    { topic: 'demo/boiler/pressure', unit: 'bar', base: 1.6, swing: 0.3 },
    { topic: 'demo/pump-7/telemetry', unit: 'rpm', base: 1450, swing: 120 },
  ];
  let tick = 0;
  // A timer per 10 ms batch rather than per message: ~100 msg/s by default.
  const perTick = Math.max(1, Math.round(rate / 100));
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      const s = sensors[tick % sensors.length] ?? sensors[0];
      if (!s) return;
      const t = tick / 50;
      const value = Math.round((s.base + Math.sin(t + sensors.indexOf(s)) * s.swing + (Math.random() - 0.5) * s.swing * 0.1) * 100) / 100;
      const reading: Record<string, unknown> = { value, unit: s.unit, seq: tick, ts: new Date().toISOString() };
      if (s.topic.endsWith('telemetry')) reading.motor = { current: Math.round(value / 100) / 10, temperature: 40 + (tick % 7), alarms: tick % 500 === 0 ? ['overheat'] : [] };
      publish(s.topic, reading);
      tick++;
    }
    // Every 30 s the retained status changes, so the retain flag shows on fresh subscriptions.
    if (tick % 3000 === 0) publish('demo/status', { online: true, since, firmware: '2.4.1', sensors: 4, uptimeSeconds: Math.round(tick / 100) }, true);
  }, 10);

  return {
    port,
    published: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close();
        aedes.close(() => resolve());
      }),
  };
}
