/**
 * Issue 25: what the protocol trace costs on the ingest path. The same stream is received by
 * TraceMQ's host pipeline with the trace off and on (default bounds: 200 publishes a second kept,
 * the rest counted), back to back in each repeat, each in a process of its own. The figure is host
 * CPU per message, on / off (target ≤ 1.05×), with the absolute figures and whether anything was lost.
 */
import { startBenchBroker } from './broker';
import { runOnce, type IngestCase, type IngestRun } from './ingest';
import { median, round } from './stats';

export interface TraceCostResult {
  case: IngestCase;
  off: IngestRun[];
  on: IngestRun[];
  /** CPU per message on / off, per repeat (each pair ran back to back). */
  cpuRatios: number[];
  cpuRatioMedian: number;
  /** Every run received every message. */
  complete: boolean;
}

export const TRACE_CASE: IngestCase = { name: 'qos0-64B trace', qos: 0, size: 64, count: 500_000 };

export async function runTraceCost(c: IngestCase = TRACE_CASE, repeats = 3): Promise<TraceCostResult> {
  const broker = await startBenchBroker();
  const off: IngestRun[] = [];
  const on: IngestRun[] = [];
  try {
    for (let r = 0; r < repeats; r++) {
      // Alternating which goes first, so that a drift in the machine's load does not favour one.
      const order = r % 2 === 0 ? [false, true] : [true, false];
      for (const trace of order) {
        const run = await runOnce(broker, c, 'tracemq', [], { trace });
        (trace ? on : off).push(run);
        process.stderr.write(`[trace] #${r + 1} trace ${trace ? 'on ' : 'off'} ${run.msgsPerSec.toLocaleString('en-US').padStart(9)} msg/s  cpu ${run.cpuUsPerMsg ?? '-'} µs/msg  received ${run.received}\n`);
      }
    }
  } finally {
    await broker.stop();
  }
  const cpuRatios = on.map((o, i) => round((o.cpuUsPerMsg ?? NaN) / (off[i]?.cpuUsPerMsg ?? NaN), 3));
  return { case: c, off, on, cpuRatios, cpuRatioMedian: median(cpuRatios), complete: [...off, ...on].every((r) => r.received === c.count) };
}
