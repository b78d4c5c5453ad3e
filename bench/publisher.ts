import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export interface PublisherOptions {
  host: string;
  port: number;
  clientId: string;
  topic: string;
  /** Messages to send. */
  count: number;
  /** Payload bytes per message. */
  size: number;
  qos: 0 | 1;
  /** Messages per second; 0 offers them as fast as the broker reads them. */
  rate: number;
  /** Put the send time (epoch ms, µs precision) into each payload, for latency. */
  stamp?: boolean;
  /** Payload encoding: JSON (the default) or protobuf `bench.Reading` (bench/benchReadingProto.ts), both `size` bytes. */
  format?: 'json' | 'protobuf';
}

export interface PublisherResult {
  sent: number;
  /** Date.now() of the first and after the last write. */
  startedAt: number;
  endedAt: number;
  /** CPU the publisher used while sending. */
  cpuMs: number;
  /** How far (ms) a paced publisher fell behind its schedule at worst (the broker did not read fast enough). */
  behindMs: number;
}

export interface Publisher {
  /** Resolves once connected (CONNACK received); sending starts right after. */
  connected: Promise<void>;
  done: Promise<PublisherResult>;
  kill(): void;
}

/** Starts the publisher in its own process (bench/publisherProcess.ts). */
export function startPublisher(opts: PublisherOptions): Publisher {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'publisherProcess.ts'), JSON.stringify(opts)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let onConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const done = new Promise<PublisherResult>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      for (;;) {
        const nl = out.indexOf('\n');
        if (nl < 0) break;
        const line = JSON.parse(out.slice(0, nl)) as { event: string } & PublisherResult;
        out = out.slice(nl + 1);
        if (line.event === 'connected') onConnected();
        if (line.event === 'done') resolve(line);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`publisher exited with ${code ?? 'a signal'}: ${err}`));
    });
  });
  // A failed start should fail `connected` too, not hang it.
  const connectedOrFailed = Promise.race([connected, done.then(() => undefined)]);
  return { connected: connectedOrFailed, done, kill: () => child.kill('SIGKILL') };
}
