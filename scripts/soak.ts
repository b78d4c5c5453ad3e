/**
 * `npm run soak`: the full soak of issue 7 — by default 10 minutes at 20,000 msg/s from a publisher
 * process through mosquitto into the host pipeline (Connection + MessageStore with the default
 * budget of 1,000,000 messages / 256 MB, which fills within the first minute, + a LogSession
 * posting to a stand-in webview). Samples heap (after a full GC) and RSS every 5 s, prints a
 * table, writes docs/soak/latest.{json,md,svg,png}, and exits non-zero when a leak check fails.
 *
 *   npm run soak -- --minutes 2 --rate 10000 --max-messages 200000
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/harness/chromium';
import { runSoak, soakProblems, steadyGrowth, type SoakResult, type SoakSample } from '../test/harness/soak';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? undefined : Number(process.argv[i + 1]);
  return value === undefined || Number.isNaN(value) ? fallback : value;
}

const OUT = join(__dirname, '..', 'docs', 'soak');
const fmt = (n: number): string => n.toLocaleString('en-US');

/** A line chart of heap, RSS and store bytes over time (plain SVG, no library). */
function chart(result: SoakResult): string {
  const W = 760;
  const H = 320;
  const left = 56;
  const right = 150;
  const top = 28;
  const bottom = 40;
  const s = result.samples;
  const tMax = Math.max(...s.map((x) => x.t), 1);
  const yMax = Math.ceil(Math.max(...s.map((x) => Math.max(x.rssMb, x.heapUsedMb, x.storeMb)), 1) / 100) * 100;
  const x = (t: number): number => left + ((W - left - right) * t) / tMax;
  const y = (mb: number): number => top + (H - top - bottom) * (1 - mb / yMax);
  const line = (pick: (q: SoakSample) => number, colour: string): string =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${s.map((q) => `${x(q.t).toFixed(1)},${y(pick(q)).toFixed(1)}`).join(' ')}"/>`;
  const grid: string[] = [];
  for (let mb = 0; mb <= yMax; mb += yMax / 4) {
    grid.push(`<line x1="${left}" x2="${W - right}" y1="${y(mb)}" y2="${y(mb)}" stroke="#ddd"/><text x="${left - 6}" y="${y(mb) + 4}" text-anchor="end">${mb}</text>`);
  }
  for (let t = 0; t <= tMax; t += tMax > 300 ? 60 : tMax > 60 ? 30 : 10) {
    grid.push(`<text x="${x(t)}" y="${H - bottom + 16}" text-anchor="middle">${t}</text>`);
  }
  const full = result.filledAtS === null ? '' : `<line x1="${x(result.filledAtS)}" x2="${x(result.filledAtS)}" y1="${top}" y2="${H - bottom}" stroke="#999" stroke-dasharray="4 3"/><text x="${x(result.filledAtS) + 4}" y="${top + 12}" fill="#666">store full</text>`;
  const legend = [
    ['RSS', '#d62728'],
    ['heap used (after GC)', '#1f77b4'],
    ['store bytes', '#2ca02c'],
  ]
    .map(([label, colour], i) => `<rect x="${W - right + 12}" y="${top + i * 20}" width="12" height="3" fill="${colour}"/><text x="${W - right + 30}" y="${top + i * 20 + 5}">${label}</text>`)
    .join('');
  const title = `TraceMQ host pipeline, ${fmt(result.options.rate)} msg/s offered for ${Math.round(result.options.durationMs / 60000)} min (MB over seconds)`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${left}" y="16" font-size="13">${title}</text>
${grid.join('\n')}
<line x1="${left}" x2="${left}" y1="${top}" y2="${H - bottom}" stroke="#333"/><line x1="${left}" x2="${W - right}" y1="${H - bottom}" y2="${H - bottom}" stroke="#333"/>
<text x="${(left + W - right) / 2}" y="${H - 6}" text-anchor="middle">seconds</text>
${full}
${line((q) => q.rssMb, '#d62728')}
${line((q) => q.heapUsedMb, '#1f77b4')}
${line((q) => q.storeMb, '#2ca02c')}
${legend}
</svg>
`;
}

/** The table of RELIABILITY.md: one row every `every` seconds, and the last sample. */
function table(result: SoakResult, every: number): string {
  const rows = result.samples.filter((s, i) => i === result.samples.length - 1 || Math.floor(s.t / every) !== Math.floor((result.samples[i - 1]?.t ?? -every) / every));
  const header = '| t (s) | published | received | stored | evicted | heap used (MB) | RSS (MB) | store (MB) | loop delay p99 (ms) | sockets | timers | listeners |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const body = rows.map((s) =>
    `| ${s.t} | ${fmt(s.published)} | ${fmt(s.received)} | ${fmt(s.stored)} | ${fmt(s.evicted)} | ${s.heapUsedMb} | ${s.rssMb} | ${s.storeMb} | ${s.loopP99Ms} | ${s.resources.TCPSocketWrap ?? 0} | ${s.resources.Timeout ?? 0} | ${Object.values(s.listeners).reduce((a, b) => a + b, 0)} |`,
  );
  return [header, ...body].join('\n');
}

async function main(): Promise<void> {
  const minutes = arg('minutes', 10);
  const options = {
    durationMs: minutes * 60_000,
    rate: arg('rate', 20_000),
    payloadBytes: arg('payload', 100),
    maxMessages: arg('max-messages', 1_000_000),
    maxBytes: arg('max-bytes', 256 * 1024 * 1024),
    sampleEveryMs: arg('sample-seconds', 5) * 1000,
  };
  if (!(globalThis as { gc?: unknown }).gc) throw new Error('run with node --expose-gc (npm run soak does)');
  const loadBefore = loadavg();
  console.log(`soak: ${fmt(options.rate)} msg/s for ${minutes} min, store budget ${fmt(options.maxMessages)} messages / ${options.maxBytes / 1024 / 1024} MB, ${cpus().length} CPUs, load ${loadBefore.map((l) => l.toFixed(1)).join(' ')}`);
  const result = await runSoak({
    ...options,
    onSample: (s) => {
      console.log(`  ${String(s.t).padStart(6)} s  published ${fmt(s.published).padStart(11)}  received ${fmt(s.received).padStart(11)}  stored ${fmt(s.stored).padStart(9)}  heap ${String(s.heapUsedMb).padStart(6)} MB  RSS ${String(s.rssMb).padStart(6)} MB  loop p99 ${s.loopP99Ms} ms`);
    },
  });
  const loadAfter = loadavg();
  const problems = soakProblems(result);
  const heap = steadyGrowth(result, (s) => s.heapUsedMb);
  const rss = steadyGrowth(result, (s) => s.rssMb);
  const steady = result.samples.filter((s) => result.filledAtS !== null && s.t >= result.filledAtS + 2 && s.published < result.published);
  const range = (pick: (s: SoakSample) => number): string => `${Math.min(...steady.map(pick))}–${Math.max(...steady.map(pick))}`;
  const summary = [
    `published ${fmt(result.published)} in ${result.publishSeconds.toFixed(1)} s (${fmt(Math.round(result.published / result.publishSeconds))} msg/s achieved), received ${fmt(result.received)}, stored ${fmt(result.stored)}, evicted ${fmt(result.evicted)}, broker dropped ${fmt(result.brokerDropped)}, lost ${fmt(result.lost)}`,
    `store full at ${String(result.filledAtS)} s; with a full store (${steady.length} samples): heap used ${range((s) => s.heapUsedMb)} MB (median of first third ${heap.early}, of last third ${heap.late}), RSS ${range((s) => s.rssMb)} MB (${rss.early} → ${rss.late})`,
    `event loop delay p99 per ${options.sampleEveryMs / 1000} s sample: median ${steady.map((s) => s.loopP99Ms).sort((a, b) => a - b)[Math.floor(steady.length / 2)] ?? '?'} ms, worst ${Math.max(...steady.map((s) => s.loopP99Ms))} ms; ${fmt(result.posts)} posts to the log view (${(result.posts / result.publishSeconds).toFixed(1)}/s, ${result.postedMb} MB)`,
    `listeners with a full store: ${range((s) => Object.values(s.listeners).reduce((a, b) => a + b, 0))}; sockets ${range((s) => s.resources.TCPSocketWrap ?? 0)}; timers ${range((s) => s.resources.Timeout ?? 0)}; after closing: ${JSON.stringify(result.resourcesAfter)} (before: ${JSON.stringify(result.resourcesBefore)})`,
    `machine: ${cpus().length} CPUs shared with other work; load average ${loadBefore[0]?.toFixed(1) ?? '?'} before, ${loadAfter[0]?.toFixed(1) ?? '?'} after`,
    problems.length === 0 ? 'leak checks: all passed' : `leak checks FAILED: ${problems.join('; ')}`,
  ];
  mkdirSync(OUT, { recursive: true });
  const svg = chart(result);
  writeFileSync(join(OUT, 'latest.svg'), svg);
  writeFileSync(join(OUT, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadBefore, loadAfter, summary, problems, ...result }, null, 1));
  writeFileSync(join(OUT, 'latest.md'), `${summary.map((l) => `- ${l}`).join('\n')}\n\n${table(result, options.durationMs > 120_000 ? 30 : 10)}\n`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 760, height: 320 } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: join(OUT, 'latest.png') });
  } finally {
    await browser.close();
  }
  console.log(`\n${summary.join('\n')}\n\n${table(result, options.durationMs > 120_000 ? 30 : 10)}\n\nwritten: docs/soak/latest.{json,md,svg,png}`);
  if (problems.length > 0) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
