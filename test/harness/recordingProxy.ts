import { createServer, connect, type Socket } from 'node:net';
import { parser, type Packet } from 'mqtt-packet';

export type Direction = 'client' | 'server';

export interface RecordingProxy {
  port: number;
  url: string;
  /** Every packet seen, in order, with who sent it (all connections through the proxy). */
  readonly packets: { from: Direction; packet: Packet }[];
  /** Resolves with the first packet (already seen or to come) matching `match`. */
  waitFor(match: (packet: Packet, from: Direction) => boolean, timeoutMs?: number): Promise<Packet>;
  /**
   * The most QoS 1/2 PUBLISHes the broker sent to a client before the first acknowledgement of
   * that client reached it: the broker's initial send window (MQTT 5 Receive Maximum).
   */
  readonly firstWindow: number;
  /** Stops forwarding in both directions; the sockets stay open (a dead link, as a frozen NAT would make it). */
  freeze(): void;
  /** Destroys every proxied socket pair at once: the broker sees the client's socket die. */
  killConnections(): void;
  close(): Promise<void>;
}

export interface RecordingProxyOptions {
  /** Holds what the client sends for this long before passing it on (slow acknowledgements). */
  delayClientToBrokerMs?: number;
}

/**
 * A TCP proxy in front of a broker that decodes both directions with `mqtt-packet`, so a test
 * can check the exact CONNECT (flags, keepalive, MQTT 5 properties, will) a client sent.
 */
export async function startRecordingProxy(brokerPort: number, options: RecordingProxyOptions = {}): Promise<RecordingProxy> {
  const packets: { from: Direction; packet: Packet }[] = [];
  const waiters = new Set<() => void>();
  const pairs = new Set<[Socket, Socket]>();
  let frozen = false;
  let firstWindow = 0;
  const delay = options.delayClientToBrokerMs ?? 0;

  const record = (from: Direction, packet: Packet): void => {
    packets.push({ from, packet });
    for (const w of [...waiters]) w();
  };

  const server = createServer((client) => {
    const upstream = connect(brokerPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    let acked = false;
    let sentBeforeAck = 0;
    const fromClient = parser();
    let fromServer = parser();
    fromClient.on('packet', (p: Packet) => {
      if (p.cmd === 'connect') fromServer = withPackets(parser({ protocolVersion: p.protocolVersion ?? 4 }), 'server');
      if (p.cmd === 'puback' || p.cmd === 'pubrec') acked = true;
      record('client', p);
    });
    const withPackets = (pp: ReturnType<typeof parser>, from: Direction): ReturnType<typeof parser> => {
      pp.on('packet', (p: Packet) => {
        if (p.cmd === 'publish' && p.qos > 0 && !acked) firstWindow = Math.max(firstWindow, ++sentBeforeAck);
        record(from, p);
      });
      return pp;
    };
    withPackets(fromServer, 'server');
    const toBroker = (chunk: Buffer): void => {
      if (frozen || upstream.destroyed) return;
      fromClient.parse(chunk);
      upstream.write(chunk);
    };
    client.on('data', (chunk: Buffer) => {
      if (frozen) return;
      if (delay > 0) setTimeout(() => { toBroker(chunk); }, delay);
      else toBroker(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (frozen || client.destroyed) return;
      fromServer.parse(chunk);
      client.write(chunk);
    });
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');

  return {
    port: address.port,
    url: `mqtt://127.0.0.1:${address.port}`,
    packets,
    get firstWindow() {
      return firstWindow;
    },
    waitFor: (match, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const check = (): void => {
          for (; seen < packets.length; seen++) {
            const p = packets[seen]!;
            if (match(p.packet, p.from)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(p.packet);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching packet within ${timeoutMs} ms; saw ${packets.map((p) => `${p.from}:${p.packet.cmd}`).join(' ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    freeze: () => {
      frozen = true;
    },
    killConnections: () => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    close: async () => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}
