/**
 * `npm run bench -- --only startup`: Open Log → first rows painted, alone, in N fresh code-servers
 * (the first opening of the log in a session is the case the target is about). Each session:
 * TraceMQ activated, connected, 100 messages stored, then the palette's "TraceMQ: Open Log". From
 * the click: VS Code creates the log's frame, the page's script is fetched and evaluated, the
 * toolkit registered, the first render, DOMContentLoaded, the first snapshot in the store, the first
 * paint and the first rows painted. The log's own marks are `tracemq:*` (src/webview/log/startupMarks.ts).
 */
import type { Frame } from 'playwright-core';
import type { Mosquitto } from '../test/harness/mosquitto';
import { startBenchBroker } from './broker';
import { startPublisher } from './publisher';
import { median, round } from './stats';
import { PROFILE, publisherOptions, Session } from './ui';

export interface StartupOptions {
  vsix: string;
  /** Fresh code-server sessions, one opening each. */
  sessions: number;
}

/** One opening; every time in ms from the click on the command (null: the page did not report it). */
export interface StartupRun {
  activation_ms: number;
  frame_created_ms: number;
  script_fetched_ms: number | null;
  script_evaluated_ms: number | null;
  toolkit_ms: number | null;
  first_render_ms: number | null;
  dom_content_loaded_ms: number | null;
  snapshot_ms: number | null;
  first_paint_ms: number;
  first_rows_ms: number;
  /** The panes mounted after the first rows (publish panel, filter fields, topics pane), when they are. */
  deferred_ms: number | null;
  /** The log's own part: from VS Code creating its frame to its first rows painted. */
  own_part_ms: number;
}

export interface StartupSeries {
  runs: StartupRun[];
  /** The median of each figure over the runs. */
  median: Record<keyof StartupRun, number | null>;
}

export interface StartupResults extends StartupSeries {
  /**
   * The same, in other fresh sessions where another webview (the README's Markdown preview, VS
   * Code's own) was opened and closed before Open Log: what VS Code's first webview of a window
   * costs, which the log cannot change, shows as the difference in `frame_created_ms`.
   */
  afterAnotherWebview: StartupSeries;
}

/** The page's own marks and the script's resource timing, as epoch ms (the frame's clock). */
const TIMELINE = `(() => {
  const at = (t) => (t === undefined ? null : performance.timeOrigin + t);
  const mark = (n) => at(performance.getEntriesByName('tracemq:' + n, 'mark')[0]?.startTime);
  const script = performance.getEntriesByType('resource').find((e) => /\\/log\\.js(\\?|$)/.test(e.name));
  return {
    created: performance.timeOrigin,
    fcp: at(performance.getEntriesByName('first-contentful-paint')[0]?.startTime),
    rows: window.__bench.firstRowAt,
    scriptFetched: at(script?.responseEnd),
    script: mark('script'),
    toolkit: mark('toolkit'),
    rendered: mark('rendered'),
    dcl: mark('dom-content-loaded'),
    snapshot: mark('snapshot'),
    deferred: mark('deferred'),
  };
})()`;

interface Timeline {
  created: number;
  fcp: number | null;
  rows: number;
  scriptFetched: number | null;
  script: number | null;
  toolkit: number | null;
  rendered: number | null;
  dcl: number | null;
  snapshot: number | null;
  deferred: number | null;
}

async function openOnce(vsix: string, broker: Mosquitto, afterAnotherWebview: boolean): Promise<StartupRun> {
  const session = await Session.start(vsix, broker);
  try {
    const activation = await session.activate();
    await session.connect();
    await startPublisher(publisherOptions(broker, { count: 100, rate: 0 })).done;
    const stored = await session.probe.until((x) => (x.connections.find((c) => c.name === PROFILE)?.received ?? 0) >= 100, 10_000);
    if (!stored.ok) throw new Error('the host did not store the 100 messages within 10 s');
    if (afterAnotherWebview) {
      await session.vscode.runCommand('TraceMQ: Show README');
      const preview = await session.vscode.webviewFrame(undefined, { timeout: 60_000 });
      await preview.locator('h1').first().waitFor({ timeout: 30_000 });
      await session.vscode.runCommand('View: Close Editor');
    }
    const opened = await session.openLog();
    // The deferred panes mount after the first rows; give them a moment to say so.
    await waitForMark(opened.frame, 'deferred', 5000);
    const t = await opened.frame.evaluate<Timeline>(TIMELINE);
    const from = (x: number | null): number | null => (x === null ? null : round(x - opened.clickedAtOnFrameClock, 1));
    return {
      activation_ms: activation,
      frame_created_ms: round(opened.frameCreatedMs, 1),
      script_fetched_ms: from(t.scriptFetched),
      script_evaluated_ms: from(t.script),
      toolkit_ms: from(t.toolkit),
      first_render_ms: from(t.rendered),
      dom_content_loaded_ms: from(t.dcl),
      snapshot_ms: from(t.snapshot),
      first_paint_ms: round(opened.firstPaintMs, 1),
      first_rows_ms: round(opened.firstRowsMs, 1),
      deferred_ms: from(t.deferred),
      own_part_ms: round(opened.firstRowsMs - opened.frameCreatedMs, 1),
    };
  } finally {
    await session.stop();
  }
}

/** Waits (polling, the CSP forbids Playwright's eval) for a `tracemq:` mark; gives up quietly after `timeoutMs`. */
async function waitForMark(frame: Frame, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await frame.evaluate<boolean>(`performance.getEntriesByName('tracemq:${name}', 'mark').length > 0`)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function medians(runs: StartupRun[]): Record<keyof StartupRun, number | null> {
  const keys = Object.keys(runs[0] ?? {}) as (keyof StartupRun)[];
  return Object.fromEntries(
    keys.map((k) => {
      const values = runs.map((r) => r[k]).filter((v): v is number => v !== null);
      return [k, values.length === 0 ? null : round(median(values), 1)];
    }),
  ) as Record<keyof StartupRun, number | null>;
}

export async function runStartup(opts: StartupOptions, say: (line: string) => void): Promise<StartupResults> {
  const broker = await startBenchBroker();
  const cold: StartupRun[] = [];
  const warm: StartupRun[] = [];
  try {
    // Alternating, so that drift in the machine's load falls on both.
    for (let i = 0; i < opts.sessions; i++) {
      for (const afterAnother of [false, true]) {
        const run = await openOnce(opts.vsix, broker, afterAnother);
        (afterAnother ? warm : cold).push(run);
        say(`startup #${i + 1}${afterAnother ? ' after another webview' : ''}: ${Object.entries(run).map(([k, v]) => `${k.replace(/_ms$/, '')} ${v ?? '–'}`).join(', ')}`);
      }
    }
  } finally {
    await broker.stop();
  }
  return { runs: cold, median: medians(cold), afterAnotherWebview: { runs: warm, median: medians(warm) } };
}
