/**
 * The soak's load: a separate Node process (so that it does not share the event loop of the host
 * pipeline it loads) publishing QoS 0 messages at a fixed rate to `soak/<n % 100>` for a fixed
 * time (fewer when the machine cannot keep up: it stops on time). Paced in 10 ms steps; the count of messages mqtt.js has written to the socket is reported
 * once a second and at the end, as JSON lines on stdout.
 *
 *   node --import tsx test/harness/soakPublisher.ts <url> <rate msg/s> <duration ms> <payload bytes>
 */
import mqtt from 'mqtt';

const STEP_MS = 10;
/**
 * At most this many steps' worth of messages at once. A publisher that falls behind (a busy
 * machine, a long wait for 'drain') would otherwise catch up in one burst that mqtt.js must hold
 * in memory: one loaded run queued hundreds of MB and was still flushing minutes after its time
 * was up. Behind schedule, fewer messages go out, and that is reported.
 */
const MAX_STEPS_AT_ONCE = 4;

async function main(): Promise<void> {
  const [url = '', rateText = '20000', durationText = '10000', payloadText = '100'] = process.argv.slice(2);
  const rate = Number(rateText);
  const durationMs = Number(durationText);
  const total = Math.floor((durationMs / 1000) * rate);
  const maxBurst = Math.max(1, Math.ceil((rate * STEP_MS) / 1000) * MAX_STEPS_AT_ONCE);
  const client = await mqtt.connectAsync(url, { clientId: `soak-pub-${process.pid}`, reconnectPeriod: 0, protocolVersion: 5 });
  let queued = 0;
  let written = 0;
  const started = Date.now();
  const report = (done: boolean): void => {
    process.stdout.write(`${JSON.stringify({ published: written, done, elapsedMs: Date.now() - started })}\n`);
  };
  const reporter = setInterval(() => {
    report(false);
  }, 1000);
  // A payload of the asked size that says which message it is (JSON, like sensor traffic).
  const filler = 'x'.repeat(Math.max(0, Number(payloadText) - 20));
  const stream = (client as unknown as { stream: NodeJS.EventEmitter & { writableNeedDrain?: boolean } }).stream;
  // mqtt.js waits for 'drain' once per publish written while the socket is full: many at this rate.
  stream.setMaxListeners(0);
  // Bounded by time, not by count: on a busy machine fewer messages go out, and that is reported.
  while (queued < total && Date.now() - started < durationMs) {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
    // Behind schedule, the skipped messages are not sent later: `queued` follows the clock.
    const from = Math.max(queued, due - maxBurst);
    for (queued = from; queued < due; queued++) {
      client.publish(`soak/${queued % 100}`, `{"seq":${queued},"v":"${filler}"}`, { qos: 0 }, () => {
        written++;
      });
    }
    // Let the socket drain before the next step, so that mqtt.js never holds more than a step.
    if (stream.writableNeedDrain) await new Promise<void>((resolve) => { stream.once('drain', resolve); });
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
  await new Promise<void>((resolve) => {
    client.end(false, {}, () => {
      resolve();
    });
  });
  clearInterval(reporter);
  report(true);
}

main().catch((e: unknown) => {
  process.stderr.write(`soak publisher: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
