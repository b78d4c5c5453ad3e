import type { Page } from 'playwright-core';
import { round } from './stats';

/** One long animation frame of the renderer's main thread (frameScript.ts, Long Animation Frames API). */
export interface LongFrame {
  ms: number;
  /** Scripts that ran in the frame (any document's), and the style and layout they forced. */
  script_ms: number;
  forced_layout_ms: number;
  /** From the start of the frame's rendering (animation callbacks, style, layout, paint) to its end. */
  render_ms: number;
  style_layout_ms: number;
  /** Not explained by scripts or rendering (GC between tasks, message passing, browser work). */
  other_ms: number;
  /** The longest script: how it was called, its file and function (as the API reports them), how long it ran. */
  top_script: { invoker: string; source: string; ms: number } | null;
}

/**
 * The long frames (50 ms or more, the API's threshold) of one measured stretch. Observed in the
 * workbench's document, the top of the page: Chromium reports each long frame there with the
 * scripts of every frame in it (the log view's `log.js` among them), so one observer sees what
 * held the renderer's main thread, whoever's work it was.
 */
export interface LongFrames {
  count: number;
  longest: LongFrame | null;
}

/** Starts recording long frames (frameScript.ts must have run in the page's main frame). */
export async function startLongFrames(page: Page): Promise<void> {
  await page.evaluate('window.__bench.startLongFrames()');
}

/** What `startLongFrames` recorded; null where the browser has no Long Animation Frames API. */
export async function stopLongFrames(page: Page): Promise<LongFrames | null> {
  const entries = await page.evaluate<LongFrame[] | null>('window.__bench.stopLongFrames()');
  if (!entries) return null;
  let longest: LongFrame | null = null;
  for (const e of entries) if (!longest || e.ms > longest.ms) longest = e;
  return { count: entries.length, longest: longest && roundFrame(longest) };
}

/** Over several runs: counts added, the longest frame kept (medians hide the frame that set the max). */
export function longestOf(runs: readonly (LongFrames | null)[]): LongFrames | null {
  const measured = runs.filter((r): r is LongFrames => r !== null);
  if (measured.length === 0) return null;
  let longest: LongFrame | null = null;
  for (const run of measured) if (run.longest && (!longest || run.longest.ms > longest.ms)) longest = run.longest;
  return { count: measured.reduce((n, r) => n + r.count, 0), longest };
}

/** For the log: "12 long frames; longest 150 ms: scripts 130 (forced layout 60; event-listener DIV.onscroll in log.js 64), rendering 71 (style/layout 5), other 8". */
export function describeLongFrames(frames: LongFrames | null): string {
  if (!frames) return 'long frames not measured (no Long Animation Frames API)';
  const f = frames.longest;
  if (!f) return 'no long frame';
  const top = f.top_script ? `; ${f.top_script.invoker} in ${f.top_script.source || '?'} ${round(f.top_script.ms, 0)}` : '';
  return (
    `${frames.count} long frames; longest ${round(f.ms, 0)} ms: scripts ${round(f.script_ms, 0)} (forced layout ${round(f.forced_layout_ms, 0)}${top}), ` +
    `rendering ${round(f.render_ms, 0)} (style/layout ${round(f.style_layout_ms, 0)}), other ${round(f.other_ms, 0)}`
  );
}

function roundFrame(f: LongFrame): LongFrame {
  return {
    ms: round(f.ms, 1),
    script_ms: round(f.script_ms, 1),
    forced_layout_ms: round(f.forced_layout_ms, 1),
    render_ms: round(f.render_ms, 1),
    style_layout_ms: round(f.style_layout_ms, 1),
    other_ms: round(f.other_ms, 1),
    top_script: f.top_script && { invoker: f.top_script.invoker, source: f.top_script.source, ms: round(f.top_script.ms, 1) },
  };
}

/** For the table: "12; 150 ms: scripts 130 (forced layout 60), rendering 71, other 8; top: event-listener DIV.onscroll, log.js". */
export function longFramesCell(frames: LongFrames | null): string {
  if (!frames) return 'not measured';
  const f = frames.longest;
  if (!f) return '0';
  const top = f.top_script ? `; top: ${f.top_script.invoker}, ${f.top_script.source.split(' ')[0] || '?'}` : '';
  return `${frames.count}; ${round(f.ms, 0)} ms: scripts ${round(f.script_ms, 0)} (forced layout ${round(f.forced_layout_ms, 0)}), rendering ${round(f.render_ms, 0)}, other ${round(f.other_ms, 0)}${top}`;
}
