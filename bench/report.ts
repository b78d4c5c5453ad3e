/** The benchmark's outputs: the table on stdout, and the chart (an SVG page screenshotted by Chromium). */
import type { Browser } from 'playwright-core';

export interface TargetRow {
  section: string;
  figure: string;
  /** The measured value as shown, with its ratio or spread. */
  value: string;
  target: string;
  /** null: reported, no target. */
  pass: boolean | null;
}

export function printTable(rows: readonly TargetRow[]): string {
  const head = ['section', 'figure', 'measured (median, spread)', 'target', ''];
  const cells = rows.map((r) => [r.section, r.figure, r.value, r.target, r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  const judged = rows.filter((r) => r.pass !== null);
  out.push('', `${judged.filter((r) => r.pass).length} of ${judged.length} targets met`);
  return out.join('\n');
}

export interface Bar {
  label: string;
  value: number;
  /** Drawn as a dashed line. */
  target?: number;
  colour?: string;
}

export interface Panel {
  title: string;
  unit: string;
  bars: Bar[];
  /** Lower values are better (colours a bar over its target red). */
  lowerIsBetter?: boolean;
}

const escapeXml = (s: string): string => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

function panelSvg(p: Panel, width: number): string {
  const rowH = 22;
  const labelW = 210;
  const valueW = 90;
  const plotW = width - labelW - valueW - 20;
  const top = 28;
  const height = top + p.bars.length * rowH + 10;
  const max = Math.max(1e-9, ...p.bars.map((b) => Math.max(b.value, b.target ?? 0))) * 1.05;
  const x = (v: number): number => labelW + (Math.max(0, v) / max) * plotW;
  const parts = [`<text x="0" y="16" class="title">${escapeXml(p.title)} (${escapeXml(p.unit)})</text>`];
  p.bars.forEach((b, i) => {
    const y = top + i * rowH;
    const over = b.target !== undefined && (p.lowerIsBetter ? b.value > b.target : b.value < b.target);
    const colour = b.colour ?? (over ? '#d9534f' : '#3b82c4');
    parts.push(`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="label">${escapeXml(b.label)}</text>`);
    parts.push(`<rect x="${labelW}" y="${y + 3}" width="${Math.max(1, x(b.value) - labelW).toFixed(1)}" height="${rowH - 7}" fill="${colour}"/>`);
    parts.push(`<text x="${(x(b.value) + 6).toFixed(1)}" y="${y + 15}" class="value">${escapeXml(formatNumber(b.value))}</text>`);
    if (b.target !== undefined) parts.push(`<line x1="${x(b.target).toFixed(1)}" x2="${x(b.target).toFixed(1)}" y1="${y + 1}" y2="${y + rowH - 2}" class="target"/>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  // One decimal below 1,000, where it can decide a target: a frame of 100.1 ms is not "100".
  if (Math.abs(v) >= 100) return String(Math.round(v * 10) / 10);
  return String(Math.round(v * 100) / 100);
}

/** A share (0..1) as a percentage with one decimal: 0.0412 → "4.1%". */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export function chartHtml(title: string, subtitle: string, panels: readonly Panel[]): string {
  const width = 620;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body { font: 13px system-ui, sans-serif; margin: 16px; background: #fff; color: #222; width: ${2 * width + 40}px; }
h1 { font-size: 18px; margin: 0 0 4px; } p { margin: 0 0 12px; color: #555; }
.grid { display: grid; grid-template-columns: ${width}px ${width}px; gap: 18px 28px; }
.title { font-weight: 600; font-size: 13px; } .label { font-size: 12px; fill: #333; } .value { font-size: 12px; fill: #222; }
.target { stroke: #111; stroke-width: 2; stroke-dasharray: 3 2; }
</style></head><body><h1>${escapeXml(title)}</h1><p>${escapeXml(subtitle)} — dashed line: target; red: target missed</p>
<div class="grid">${panels.map((p) => `<div>${panelSvg(p, width)}</div>`).join('')}</div></body></html>`;
}

/** Renders the chart page in Chromium and saves a PNG. */
export async function renderChart(browser: Browser, html: string, path: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 200 }, deviceScaleFactor: 1 });
  try {
    await page.setContent(html);
    await page.screenshot({ path, fullPage: true, type: 'png' });
  } finally {
    await page.close();
  }
}
