import { createRequire } from 'node:module';
import type { Disposable } from '../base/emitter';
import type { MessageStore } from './messageStore';

/** One connection's store figures, copied: all a bench probe gets to see (no profile, no secret). */
export interface StoreCounters {
  readonly name: string;
  readonly received: number;
  readonly stored: number;
  readonly evicted: number;
  readonly bytes: number;
  readonly slabBytes: number;
}

/** What the module named by TRACEMQ_BENCH_PROBE exports. */
export interface BenchProbe {
  startBenchProbe(counters: () => readonly StoreCounters[]): Disposable;
}

/**
 * The only trace of the benchmark in the shipped extension. `npm run bench` measures the extension
 * host from inside (memory, event-loop delay, garbage collection, store counters), and that code
 * lives in bench/probe/, outside this room and the .vsix: the bench bundles it on its own and
 * names the bundle in TRACEMQ_BENCH_PROBE when it starts code-server. Only then is it loaded,
 * with Node's own `require` at run time (esbuild leaves a computed path alone), and handed a
 * read-only accessor of the store counters, never a connection. Whoever sets the extension
 * host's environment can already run code in it (NODE_OPTIONS=--require), so the variable opens
 * no new door.
 */
export function loadBenchProbe(
  file: string | undefined,
  connections: () => readonly { readonly name: string; readonly store: MessageStore }[],
  log: { error(message: string): void },
): Disposable | undefined {
  if (!file) return undefined;
  try {
    const probe = createRequire(__filename)(file) as Partial<BenchProbe>;
    if (typeof probe.startBenchProbe !== 'function') throw new Error('it exports no startBenchProbe');
    return probe.startBenchProbe(() =>
      connections().map(({ name, store }) => ({ name, received: store.received, stored: store.size, evicted: store.evicted, bytes: store.byteSize, slabBytes: store.slabBytes })),
    );
  } catch (e) {
    log.error(`The bench probe ${file} did not start: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
