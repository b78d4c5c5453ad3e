import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a module's code comes from, in a few words (node internals, mqtt.js, TraceMQ…). */
function origin(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node core';
  // Pages of the UI benchmark's renderer (`--profile-ui`): TraceMQ's webview bundles, VS Code's own code.
  const webview = /\/(dist\/webview\/[^/?#]+)/.exec(url);
  if (webview) return webview[1] ?? url;
  if (/\/static\/out\//.test(url)) return 'VS Code workbench';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] ?? url;
  const src = /\/(src|bench)\/(.+)$/.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  return url;
}

/**
 * Self time of the CPU profiles in `dir` (`node --cpu-prof`, or a page's from the DevTools
 * protocol), by function and by origin (module), largest first: enough to say where the time goes
 * without opening DevTools. Idle time and "(program)" (native work outside any script: for a page,
 * style, layout and paint outside script, messaging) are left out of the shares and reported apart.
 */
export function summarizeProfiles(dir: string, top = 12): string {
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let program = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const n = nodes.get(id);
      const dt = profile.timeDeltas[i] ?? 0;
      if (!n) return;
      const name = n.callFrame.functionName || '(anonymous)';
      if (name === '(idle)') idle += dt;
      if (name === '(program)') program += dt;
      if (name === '(idle)' || name === '(program)') return;
      total += dt;
      const where = origin(n.callFrame.url);
      // Minified bundles are a line or two: the column tells their functions apart.
      const at = where.startsWith('dist/') ? `:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}` : `:${n.callFrame.lineNumber + 1}`;
      const key = `${name}  [${where}${n.callFrame.url ? at : ''}]`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
      byOrigin.set(where, (byOrigin.get(where) ?? 0) + dt);
    });
  }
  const pct = (v: number): string => `${((v / Math.max(total, 1)) * 100).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>): string[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${pct(v)}  ${k}`);
  const ms = (us: number): string => `${(us / 1000).toFixed(0)} ms`;
  return [`busy CPU sampled: ${ms(total)} (besides: idle ${ms(idle)}, "(program)" ${ms(program)})`, 'by origin:', ...list(byOrigin), 'by function (self time):', ...list(byFunction)].join('\n');
}
