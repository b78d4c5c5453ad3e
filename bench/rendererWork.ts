import type { CDPSession } from 'playwright-core';
import { round } from './stats';

/**
 * Work of the renderer's main thread (workbench and log webview share it in code-server) per tail
 * post, from Chromium's Performance domain, read around each latency run's publishing and the
 * settling after it: durations of tasks, of script, of layout and of style recalculation, and how
 * many layouts and style recalculations ran. The durations are wall-clock time on the thread, so
 * they grow when the machine's cores are all busy.
 */
export interface RendererWork {
  task_ms: number;
  script_ms: number;
  layout_ms: number;
  style_ms: number;
  layouts: number;
  style_recalcs: number;
}

export type Metrics = Record<string, number>;

/** Two readings around a stretch of measured work. */
export interface MetricsSpan {
  before: Metrics;
  after: Metrics;
}

/** Cumulative counters now (Performance.enable must have been sent on `cdp`). */
export async function rendererMetrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** What ran within the spans (each between two `rendererMetrics` readings), per post. */
export function workPerPost(spans: readonly MetricsSpan[], posts: number): RendererWork {
  const delta = (name: string): number => {
    let sum = 0;
    for (const { before, after } of spans) {
      const a = after[name];
      const b = before[name];
      if (a === undefined || b === undefined) throw new Error(`Chromium reported no ${name} metric`);
      sum += a - b;
    }
    return sum / Math.max(1, posts);
  };
  return {
    task_ms: round(delta('TaskDuration') * 1000),
    script_ms: round(delta('ScriptDuration') * 1000),
    layout_ms: round(delta('LayoutDuration') * 1000),
    style_ms: round(delta('RecalcStyleDuration') * 1000),
    layouts: round(delta('LayoutCount')),
    style_recalcs: round(delta('RecalcStyleCount')),
  };
}
