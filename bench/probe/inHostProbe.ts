import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Disposable } from '../../src/extension/base/emitter';
import type { BenchProbe, StoreCounters } from '../../src/extension/store/benchProbeHook';
import type { BenchStats } from './benchStats';

/** How often the figures are written. */
const INTERVAL_MS = 250;

/**
 * Runs inside the extension host during `npm run bench`, never shipped: the bench bundles this
 * file on its own (buildInHostProbe.ts) and names the bundle in TRACEMQ_BENCH_PROBE, and the
 * extension then loads it (src/extension/store/benchProbeHook.ts) and hands it the store counters.
 * It writes the host's memory, event-loop delay and those counters every 250 ms to the file named
 * by TRACEMQ_BENCH_STATS, so the benchmark can read them from outside the host (hostProbe.ts). It
 * also obeys one-line commands written to `<file>.cmd`: `reset` (restart the event-loop
 * histogram), `gc` (collect garbage before the next figures) and `gc-reduce` (V8's last-resort
 * collection: the one it runs on a low-memory notification, several mark-compacts that also
 * shrink the young generation and give the system back the pages V8 keeps pooled after a burst of
 * allocation; its memory reducer does the same to a heap that has gone idle).
 */
export const startBenchProbe: BenchProbe['startBenchProbe'] = (counters: () => readonly StoreCounters[]): Disposable => {
  const file = process.env.TRACEMQ_BENCH_STATS;
  if (!file) throw new Error('TRACEMQ_BENCH_STATS names no file to write the figures to');
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  // Garbage collection so far (ms of pauses), so that a run's CPU can be told apart from its GC.
  let gcMs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const commandFile = `${file}.cmd`;
  let commands = 0;
  let gc: ((options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void) | undefined;

  const runCommand = (): void => {
    if (!existsSync(commandFile)) return;
    const command = readFileSync(commandFile, 'utf8').trim();
    rmSync(commandFile, { force: true });
    if (command === 'reset') loop.reset();
    else if (command === 'gc' || command === 'gc-reduce') {
      if (!gc) {
        // The extension host runs without --expose-gc; this is the documented way to get it late.
        setFlagsFromString('--expose-gc');
        gc = runInNewContext('gc') as NonNullable<typeof gc>;
      }
      if (command === 'gc-reduce') gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      else gc();
      // V8 frees the memory of dead ArrayBuffers (the store's slabs) after the collection, on
      // another thread: report once that is done, not right after gc().
      const collect = gc;
      setTimeout(() => {
        collect();
        commands++;
        write();
      }, 1000);
      return;
    }
    commands++;
  };

  const write = (): void => {
    runCommand();
    const memory = process.memoryUsage();
    const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
    // Read together with the counters below, in this one synchronous call: CPU per message over
    // any two writes is exact, whatever the interval between them.
    const cpu = process.cpuUsage();
    const usage = process.resourceUsage();
    const stats: BenchStats = {
      at: Date.now(),
      pid: process.pid,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      rss: memory.rss,
      rssAnon: kb('RssAnon'),
      rssFile: kb('RssFile'),
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      loop: {
        p50: ms(loop.percentile(50)),
        p99: ms(loop.percentile(99)),
        max: ms(loop.max),
        mean: Number.isNaN(loop.mean) ? 0 : ms(loop.mean),
        samples: loop.count,
      },
      connections: counters().map((c) => ({ ...c })),
      cpuUs: cpu.user + cpu.system,
      gcMs: Math.round(gcMs * 100) / 100,
      minorFaults: usage.minorPageFault,
      commands,
    };
    // Write then rename, so a reader never sees half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(stats));
    renameSync(`${file}.tmp`, file);
  };

  const timer = setInterval(write, INTERVAL_MS);
  write();
  return {
    dispose: () => {
      clearInterval(timer);
      loop.disable();
      gcObserver.disconnect();
    },
  };
};
