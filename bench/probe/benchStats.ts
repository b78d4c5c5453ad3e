/** What the in-host probe (inHostProbe.ts) writes; read by `npm run bench` (hostProbe.ts, ui.ts). */
export interface BenchStats {
  /** Date.now() when written. */
  at: number;
  pid: number;
  heapUsed: number;
  heapTotal: number;
  rss: number;
  /** Of `rss`, the anonymous (heap, buffers) and the file-backed (code) pages; 0 where /proc is not there. */
  rssAnon: number;
  rssFile: number;
  external: number;
  /** Memory of all ArrayBuffers, the stores' payload slabs included (`external` leaves those out: slabAllocator.ts). */
  arrayBuffers: number;
  /** Event-loop delay since the last `reset` command, in ms. */
  loop: { p50: number; p99: number; max: number; mean: number; samples: number };
  /** Store counters of every connection. No profile details beyond its name, never a secret. */
  connections: { name: string; received: number; stored: number; evicted: number; bytes: number; slabBytes: number }[];
  /** CPU time (user + system, µs), GC pauses (ms) and minor page faults of the host so far, read with `connections`. */
  cpuUs: number;
  gcMs: number;
  minorFaults: number;
  /** Number of commands handled so far (the bench waits for it to move after writing one). */
  commands: number;
}
