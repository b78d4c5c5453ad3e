/**
 * The benchmark's publisher, run as its own process so that its work never shares an event loop
 * with what is measured. Pre-encodes PUBLISH packets with mqtt-packet and writes them to a raw TCP
 * socket in large chunks, after a CONNECT (MQTT 3.1.1): far more than 200k msg/s on one core.
 * Argument: a JSON PublisherOptions. Prints one JSON line per event (connected, done).
 */
import { connect, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import { readingEncoder } from './benchReadingProto';
import type { PublisherOptions, PublisherResult } from './publisher';

const opts = JSON.parse(process.argv[2] ?? '{}') as PublisherOptions;
/** Bytes per write when offering flat out. */
const CHUNK_BYTES = 1 << 20;
const TICK_MS = 5;

function say(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

if (opts.format === 'protobuf' && opts.stamp) throw new Error('stamped payloads are JSON only; protobuf payloads cannot carry the send time');
/** Protobuf readings, encoded (like the JSON ones) once per packet of the pre-built chunk, never per send. */
const protobufReading = opts.format === 'protobuf' ? readingEncoder() : undefined;

/** A payload of exactly `size` bytes: JSON (or protobuf) like a sensor reading, padded. With `stamp`, it carries the send time. */
function payload(index: number, stampAt: number | undefined): Buffer {
  if (protobufReading) return Buffer.from(protobufReading(index, Math.max(opts.size, 0)));
  const head = stampAt === undefined ? `{"sensor":"bench","i":${index},"value":21.5,"pad":"` : `{"t":${stampAt.toFixed(3)},"i":${index},"pad":"`;
  const tail = '"}';
  const pad = Math.max(0, opts.size - head.length - tail.length);
  return Buffer.from(head + 'x'.repeat(pad) + tail).subarray(0, Math.max(opts.size, 0));
}

function packet(index: number, stampAt?: number): Buffer {
  return mqttPacket.generate(
    {
      cmd: 'publish',
      topic: opts.topic,
      payload: payload(index, stampAt),
      qos: opts.qos,
      dup: false,
      retain: false,
      messageId: opts.qos > 0 ? (index % 65535) + 1 : undefined,
    },
    { protocolVersion: 4 },
  );
}

function writeAll(socket: Socket, buf: Buffer): Promise<void> | undefined {
  if (socket.write(buf)) return undefined;
  return new Promise((resolve) => socket.once('drain', resolve));
}

async function main(): Promise<void> {
  const socket = connect({ host: opts.host, port: opts.port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const connack = new Promise<void>((resolve, reject) => {
    parser.on('packet', (p: mqttPacket.Packet) => {
      if (p.cmd === 'connack') {
        if ((p).returnCode === 0) resolve();
        else reject(new Error('connection refused'));
      }
    });
  });
  // Until CONNACK we parse what comes back; after it, acks are read and ignored (the broker
  // answers PUBLISHes in order, and DISCONNECT comes after the last one).
  const onData = (d: Buffer): void => {
    parser.parse(d);
  };
  socket.on('data', onData);
  socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: opts.clientId, clean: true, keepalive: 0 }));
  await connack;
  socket.off('data', onData);
  socket.resume();
  say({ event: 'connected' });

  // Every packet has the same length (fixed payload size, 2-byte ids), so a chunk of k packets
  // can be cut at any packet boundary.
  const one = packet(0);
  const perChunk = Math.max(1, Math.min(opts.count, Math.floor(CHUNK_BYTES / one.length)));
  const chunk = opts.stamp ? Buffer.alloc(0) : Buffer.concat(Array.from({ length: perChunk }, (_, i) => packet(i)));
  const cpu0 = process.cpuUsage();
  const startedAt = Date.now();
  let sent = 0;
  let behindMs = 0;

  if (opts.rate <= 0) {
    while (sent < opts.count) {
      const n = Math.min(perChunk, opts.count - sent);
      const wait = writeAll(socket, n === perChunk ? chunk : chunk.subarray(0, n * one.length));
      sent += n;
      if (wait) await wait;
    }
  } else {
    const origin = performance.now();
    while (sent < opts.count) {
      const elapsed = performance.now() - origin;
      const due = Math.min(opts.count, Math.floor((elapsed * opts.rate) / 1000) + 1);
      let wait: Promise<void> | undefined;
      while (sent < due) {
        const n = Math.min(perChunk, due - sent);
        if (opts.stamp) {
          const parts: Buffer[] = [];
          for (let i = 0; i < n; i++) parts.push(packet(sent + i, performance.timeOrigin + performance.now()));
          wait = writeAll(socket, Buffer.concat(parts));
        } else {
          const offset = sent % perChunk;
          const m = Math.min(n, perChunk - offset);
          wait = writeAll(socket, chunk.subarray(offset * one.length, (offset + m) * one.length));
          sent += m;
          if (wait) await wait;
          continue;
        }
        sent += n;
        if (wait) await wait;
      }
      const late = performance.now() - origin - (sent * 1000) / opts.rate;
      if (late > behindMs) behindMs = late;
      const next = (sent * 1000) / opts.rate - (performance.now() - origin);
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(TICK_MS, next))));
    }
  }
  const endedAt = Date.now();
  const cpu = process.cpuUsage(cpu0);
  socket.end(mqttPacket.generate({ cmd: 'disconnect' }));
  await new Promise<void>((resolve) => socket.once('close', () => { resolve(); }));
  const result: PublisherResult = { sent, startedAt, endedAt, cpuMs: (cpu.user + cpu.system) / 1000, behindMs: Math.round(behindMs) };
  say({ event: 'done', ...result });
}

main().catch((e: unknown) => {
  process.stderr.write(`publisher: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
