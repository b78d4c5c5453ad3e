import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface WsHeaderProxy {
  port: number;
  /** The path and headers of every WebSocket handshake that came through, in order. */
  readonly handshakes: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * An HTTP upgrade proxy in front of a WebSocket listener: records each handshake's request path
 * and headers, then replays the request to the broker and pipes the upgraded connection through.
 */
export async function startWsHeaderProxy(targetPort: number): Promise<WsHeaderProxy> {
  const handshakes: { path: string; headers: IncomingHttpHeaders }[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(426).end();
  });
  server.on('upgrade', (req, socket, head) => {
    handshakes.push({ path: req.url ?? '', headers: req.headers });
    const upstream = connect(targetPort, '127.0.0.1', () => {
      const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i] ?? ''}: ${req.rawHeaders[i + 1] ?? ''}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    sockets.add(upstream);
    const end = (): void => {
      socket.destroy();
      upstream.destroy();
      sockets.delete(upstream);
    };
    upstream.on('error', end);
    socket.on('error', end);
    upstream.on('close', end);
    socket.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('ws proxy has no port');
  return {
    port: address.port,
    handshakes,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}
