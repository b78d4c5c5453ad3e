import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles inHostProbe.ts into `dir` for the extension host to load (TRACEMQ_BENCH_PROBE), the way
 * esbuild.mjs bundles the extension: Node, CommonJS, Node's modules left to Node. It is built here,
 * per bench run, so that no probe code goes into dist/ or the .vsix.
 */
export async function buildInHostProbe(dir: string): Promise<string> {
  const outfile = join(dir, 'inHostProbe.js');
  await build({ entryPoints: [join(__dirname, 'inHostProbe.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning' });
  return outfile;
}
