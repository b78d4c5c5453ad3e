import { connect, createServer, type Server, type Socket } from 'node:net';

/** What the proxy does with a new connection. */
export type SwitchMode = 'forward' | 'silent' | 'drop';

/**
 * A loopback TCP proxy for the connection state × event table: like the fault proxy, but it can
 * also stop listening on its port and listen again (a broker that stops — clients get connection
 * refused — and starts), forward to another broker (one that refuses our credentials), and accept
 * connections without ever answering (a server that is not an MQTT broker, or a stalled network).
 */
export interface SwitchProxy {
  readonly port: number;
  readonly url: string;
  /** New connections: forwarded to the target broker, accepted and left silent, or closed at once. */
  mode(mode: SwitchMode): void;
  /** The broker new connections are forwarded to. */
  target(port: number): void;
  /** Resolves once `n` connections have been accepted since the proxy started. */
  accepted(n: number): Promise<void>;
  /** Destroys every open connection (both sides see it). */
  cut(): void;
  /** Stops forwarding on every open connection, sockets left open. */
  stall(): void;
  /** Stops listening (connection refused) and cuts every open connection. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startSwitchProxy(targetPort: number): Promise<SwitchProxy> {
  let target = targetPort;
  let currentMode: SwitchMode = 'forward';
  const pairs = new Set<{ client: Socket; upstream: Socket | undefined; stalled: boolean }>();

  let acceptedCount = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const onConnection = (client: Socket): void => {
    acceptedCount++;
    for (const w of waiters.filter((x) => x.n <= acceptedCount)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    client.on('error', () => undefined);
    if (currentMode === 'drop') {
      client.destroy();
      return;
    }
    const pair: { client: Socket; upstream: Socket | undefined; stalled: boolean } = { client, upstream: undefined, stalled: currentMode === 'silent' };
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      pair.upstream?.destroy();
    };
    client.on('close', end);
    if (currentMode === 'silent') return;
    const upstream = connect(target, '127.0.0.1');
    pair.upstream = upstream;
    upstream.on('error', end);
    upstream.on('close', end);
    client.on('data', (chunk: Buffer) => { if (!pair.stalled) upstream.write(chunk); });
    upstream.on('data', (chunk: Buffer) => { if (!pair.stalled && !client.destroyed) client.write(chunk); });
  };

  let server: Server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('switch proxy has no port');
  const port = address.port;
  let listening = true;

  const cut = (): void => {
    for (const p of [...pairs]) {
      p.client.destroy();
      p.upstream?.destroy();
    }
    pairs.clear();
  };
  const stop = async (): Promise<void> => {
    cut();
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  };

  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    mode: (m) => {
      currentMode = m;
    },
    target: (p) => {
      target = p;
    },
    accepted: (n) =>
      new Promise<void>((resolve) => {
        if (acceptedCount >= n) resolve();
        else waiters.push({ n, resolve });
      }),
    cut,
    stall: () => {
      for (const p of pairs) p.stalled = true;
    },
    stop,
    start: async () => {
      if (listening) return;
      server = createServer(onConnection);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      listening = true;
    },
    close: stop,
  };
}
