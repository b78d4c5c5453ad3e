import type { CDPSession, Page } from 'playwright-core';

/** The part of CDP's `Profiler.ScriptCoverage` read here. */
interface ScriptCoverage {
  scriptId: string;
  url: string;
  functions: { ranges: { startOffset: number; endOffset: number; count: number }[] }[];
}

/**
 * Counts how often functions of a page's scripts run, with V8's precise coverage in call-count mode
 * (Chrome DevTools Protocol, `Profiler.startPreciseCoverage`). A function is named by a piece of
 * text in its own body (a string literal it holds, say), not by its name, so the same test works
 * on the minified bundle that `npm test` builds and on the development one; the innermost function
 * whose source holds the text is the one counted.
 *
 * V8 resets its counters on every reading; this class adds the readings up from the last `reset()`.
 * V8 reports only functions that ran since the previous reading, so a function is known from its
 * first call after `start()` on: to count one that first ran as the page loaded (a component's
 * first render), start before loading the page (or reload it).
 */
export class FunctionCalls {
  private readonly counts = new Map<string, number>();
  private readonly sources = new Map<string, string>();
  /** Every function of the script seen in a reading (V8 leaves out those that did not run since the last one). */
  private readonly known = new Map<string, { scriptId: string; start: number; end: number }>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly scriptSuffix: string,
  ) {}

  /** Starts counting in `page`'s scripts whose URL (without its query) ends with `scriptSuffix`. */
  static async start(page: Page, scriptSuffix: string): Promise<FunctionCalls> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Debugger.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    const calls = new FunctionCalls(cdp, scriptSuffix);
    await calls.reset();
    return calls;
  }

  /** Forgets every call so far. */
  async reset(): Promise<void> {
    await this.read();
    this.counts.clear();
  }

  /** Calls since the last `reset()` of the innermost function whose source holds `marker`. */
  async calls(marker: string): Promise<number> {
    await this.read();
    let best: { key: string; length: number } | undefined;
    for (const [key, f] of this.known) {
      const source = this.sources.get(f.scriptId) ?? '';
      const at = source.indexOf(marker, f.start);
      if (at === -1 || at + marker.length > f.end) continue;
      const length = f.end - f.start;
      if (!best || length < best.length) best = { key, length };
    }
    if (!best) throw new Error(`no function of a script ending in ${this.scriptSuffix} that ran since counting started holds ${JSON.stringify(marker)}`);
    return this.counts.get(best.key) ?? 0;
  }

  async stop(): Promise<void> {
    await this.cdp.detach();
  }

  /** Takes V8's counts (which resets them) and adds them up. */
  private async read(): Promise<void> {
    const { result } = (await this.cdp.send('Profiler.takePreciseCoverage')) as { result: ScriptCoverage[] };
    for (const script of result) {
      if (!script.url.split('?')[0]!.endsWith(this.scriptSuffix)) continue;
      if (!this.sources.has(script.scriptId)) {
        // A script of a document unloaded since (a reload) has no source any more: nothing to name.
        const source = await this.cdp.send('Debugger.getScriptSource', { scriptId: script.scriptId }).catch(() => undefined);
        this.sources.set(script.scriptId, source?.scriptSource ?? '');
      }
      for (const f of script.functions) {
        const whole = f.ranges[0];
        if (!whole) continue;
        const key = `${script.scriptId}:${whole.startOffset}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + whole.count);
        this.known.set(key, { scriptId: script.scriptId, start: whole.startOffset, end: whole.endOffset });
      }
    }
  }
}
