import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BenchStats } from './probe/benchStats';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Reads what probe/inHostProbe.ts writes from inside the extension host, and sends it commands. */
export class HostProbe {
  constructor(readonly file: string) {}

  read(): BenchStats | undefined {
    if (!existsSync(this.file)) return undefined;
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as BenchStats;
    } catch {
      return undefined; // written between our exists and read: the next read has it
    }
  }

  /** Waits for figures written after now (so they reflect what just happened). */
  async fresh(timeoutMs = 10_000): Promise<BenchStats> {
    const since = Date.now();
    const deadline = since + timeoutMs;
    for (;;) {
      const s = this.read();
      if (s && s.at > since) return s;
      if (Date.now() > deadline) throw new Error(`the extension host probe wrote nothing to ${this.file} within ${timeoutMs} ms (are TRACEMQ_BENCH_PROBE and TRACEMQ_BENCH_STATS reaching the extension host? its TraceMQ output channel says why a probe did not start)`);
      await sleep(50);
    }
  }

  /** The counters of the benchmark's connection. */
  async connection(name: string): Promise<BenchStats['connections'][number]> {
    const s = await this.fresh();
    const c = s.connections.find((x) => x.name === name);
    if (!c) throw new Error(`the probe sees no connection named ${name}`);
    return c;
  }

  /** Runs `reset` (event-loop histogram), `gc` or `gc-reduce` in the extension host and waits until it is done. */
  async command(command: 'reset' | 'gc' | 'gc-reduce', timeoutMs = 20_000): Promise<BenchStats> {
    const before = (await this.fresh()).commands;
    writeFileSync(`${this.file}.cmd`, command);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.read();
      if (s && s.commands > before) return s;
      if (Date.now() > deadline) throw new Error(`the extension host probe did not run '${command}' within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  /** Polls until `done(stats)` or the timeout; returns the last figures either way. */
  async until(done: (s: BenchStats) => boolean, timeoutMs: number): Promise<{ stats: BenchStats; ok: boolean }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stats = await this.fresh();
      if (done(stats)) return { stats, ok: true };
      if (Date.now() > deadline) return { stats, ok: false };
    }
  }
}
