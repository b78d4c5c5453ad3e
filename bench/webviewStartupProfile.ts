/**
 * Where the log webview's own start-up goes, in Chromium alone: loads the built page (the webview
 * tests' page, real CSP) `loads` times with the DevTools protocol's CPU profiler running from before
 * navigation until the first rows are painted, writes each profile and prints the summary
 * (bench/profileSummary.ts). Run after a build (`node esbuild.mjs --production` for the shipped
 * bundle): `node --import tsx bench/webviewStartupProfile.ts [loads] [outDir]`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../test/harness/chromium';
import { CONNECTED, LogWebview, makeCounters, startWebviewServer } from '../test/harness/webviewPage';
import { makeRows } from '../test/harness/messageDto';
import { summarizeProfiles } from './profileSummary';

const loads = Number(process.argv[2] ?? 5);
const dir = process.argv[3] ?? join('bench', 'results', 'profile.tmp', 'webview-startup');

async function main(): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server = await startWebviewServer();
  const browser = await launchChromium();
  try {
    for (let i = 0; i < loads; i++) {
      let cdp: CDPSession | undefined;
      const view = await LogWebview.open(browser, server, {
        beforeLoad: async (page) => {
          cdp = await page.context().newCDPSession(page);
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
          await cdp.send('Profiler.start');
        },
      });
      // A page that has no rows yet asked for them: the host's snapshot, as LogSession sends it.
      if ((await view.page.locator('.log-row[data-seq]').count()) === 0) {
        await view.send({ kind: 'notify', method: 'log/snapshot', params: { connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 100 }), tail: makeRows(40, 100), filter: null } });
      }
      await view.page.locator('.log-row[data-seq]').first().waitFor();
      await view.page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
      const marks = await view.page.evaluate(() => [
        ...performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith('.js'))
          .map((e) => `${e.name.replace(/^.*\//, '')} fetched ${(e as PerformanceResourceTiming).responseEnd.toFixed(0)}`),
        ...performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`),
        `first-contentful-paint ${performance.getEntriesByName('first-contentful-paint')[0]?.startTime.toFixed(0) ?? '–'}`,
      ]);
      if (!cdp) throw new Error('the profiler did not start');
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(dir, `load-${i + 1}.cpuprofile`), JSON.stringify(profile));
      process.stdout.write(`load ${i + 1}: ${marks.join(', ')}\n`);
      await view.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  process.stdout.write(`${summarizeProfiles(dir, 25)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
