import { createServer, type Socket } from 'node:net';
import { generate, parser, type IConnackPacket, type Packet } from 'mqtt-packet';

/**
 * A scripted MQTT 5 "broker" for what a real broker will not do on request: it answers every
 * CONNECT with a CONNACK, then runs `afterConnack` (send an oversized or malformed PUBLISH…).
 * It counts the connections it got, so a test can tell a client that retries in a loop.
 */
export interface FakeBroker {
  port: number;
  url: string;
  readonly connections: number;
  close(): Promise<void>;
}

export async function startFakeBroker(afterConnack: (send: (packet: Packet) => void) => void, connack: Partial<IConnackPacket> = {}): Promise<FakeBroker> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const p = parser({ protocolVersion: 5 });
    const send = (packet: Packet): void => {
      if (!socket.destroyed) socket.write(generate(packet, { protocolVersion: 5 }));
    };
    p.on('packet', (packet: Packet) => {
      if (packet.cmd === 'connect') {
        const reply: IConnackPacket = { cmd: 'connack', sessionPresent: false, reasonCode: 0, ...connack };
        send(reply);
        afterConnack(send);
      } else if (packet.cmd === 'pingreq') send({ cmd: 'pingresp' });
      else if (packet.cmd === 'subscribe') send({ cmd: 'suback', messageId: packet.messageId, granted: packet.subscriptions.map((s) => s.qos) });
    });
    socket.on('data', (chunk: Buffer) => p.parse(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake broker has no port');
  return {
    port: address.port,
    url: `mqtt://127.0.0.1:${address.port}`,
    get connections() {
      return connections;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}
