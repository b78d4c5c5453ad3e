import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
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
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] ?? url;
  const src = /\/(src|bench)\/(.+)$/.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  return url;
}

/**
 * Self time of a `node --cpu-prof` profile, by function and by origin (module), largest first:
 * enough to say where the time of the ingest path goes without opening DevTools.
 */
export function summarizeProfiles(dir: string, top = 12): string {
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const n = nodes.get(id);
      const dt = profile.timeDeltas[i] ?? 0;
      if (!n) return;
      const name = n.callFrame.functionName || '(anonymous)';
      if (name === '(idle)' || name === '(program)') return;
      total += dt;
      const where = origin(n.callFrame.url);
      const key = `${name}  [${where}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}]`;
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
  return [`busy CPU sampled: ${(total / 1000).toFixed(0)} ms (idle excluded)`, 'by origin:', ...list(byOrigin), 'by function (self time):', ...list(byFunction)].join('\n');
}
