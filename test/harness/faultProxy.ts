import { connect, createServer, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a broker that breaks the network on demand, for fault tests:
 * cut every connection, stall them (half-open: sockets stay up, nothing passes), slow them down,
 * or take the network down (new connections are closed at once). It records when each
 * connection attempt arrived, so a test can measure the client's reconnection backoff.
 */
export interface FaultProxy {
  port: number;
  url: string;
  /** Times (ms since the proxy started) at which clients opened connections. */
  readonly attempts: number[];
  /** Connections open right now. */
  readonly open: number;
  /** Destroys every proxied connection at once (both sides see it). */
  cut(): void;
  /** Stops forwarding both ways on current connections, sockets left open (a dead NAT, a pulled cable). */
  stall(): void;
  /** Holds each chunk for `ms` in both directions (0: no delay). */
  slow(ms: number): void;
  /** While down, connection attempts are accepted and closed at once, like a network that drops them. */
  down(down: boolean): void;
  close(): Promise<void>;
}

export async function startFaultProxy(brokerPort: number): Promise<FaultProxy> {
  const started = Date.now();
  const attempts: number[] = [];
  const pairs = new Set<{ client: Socket; upstream: Socket; stalled: boolean }>();
  let delay = 0;
  let isDown = false;

  const server = createServer((client) => {
    attempts.push(Date.now() - started);
    if (isDown) {
      client.destroy();
      return;
    }
    const upstream = connect(brokerPort, '127.0.0.1');
    const pair = { client, upstream, stalled: false };
    pairs.add(pair);
    const forward = (to: Socket) => (chunk: Buffer): void => {
      if (pair.stalled) return;
      const send = (): void => {
        if (!pair.stalled && !to.destroyed) to.write(chunk);
      };
      if (delay > 0) setTimeout(send, delay);
      else send();
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy has no port');

  return {
    port: address.port,
    url: `mqtt://127.0.0.1:${address.port}`,
    attempts,
    get open() {
      return pairs.size;
    },
    cut: () => {
      for (const p of [...pairs]) {
        p.client.destroy();
        p.upstream.destroy();
      }
      pairs.clear();
    },
    stall: () => {
      for (const p of pairs) p.stalled = true;
    },
    slow: (ms) => {
      delay = ms;
    },
    down: (d) => {
      isDown = d;
    },
    close: async () => {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}
