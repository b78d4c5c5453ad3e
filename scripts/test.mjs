// `npm test`: set up everything on a fresh clone, then run every layer and exit non-zero on any
// failure: type check, lint, build, package, unit, broker integration, webview (Chromium),
// end-to-end (the packaged .vsix in code-server) and a quick benchmark run as a smoke test.
import { spawn } from 'node:child_process';
import { ensureNpmDependencies, ensureSystemPackages, log, root } from './lib/bootstrap.mjs';

ensureSystemPackages();
ensureNpmDependencies();

const steps = [
  { name: 'typecheck', args: ['run', 'typecheck'] },
  { name: 'lint', args: ['run', 'lint'] },
  { name: 'package', args: ['run', 'package'] },
  { name: 'unit', args: ['run', 'test:unit'], mocha: true },
  { name: 'broker', args: ['run', 'test:broker'], mocha: true },
  { name: 'webview', args: ['run', 'test:webview'], mocha: true },
  { name: 'e2e', args: ['run', 'test:e2e'], mocha: true },
  // A smoke test that the benchmark harness still works end to end (about a minute); it checks no
  // timing: a missed target prints FAIL in its table but only a broken harness fails this step.
  { name: 'bench', args: ['run', 'bench', '--', '--quick'] },
];

const only = process.argv.slice(2);
const results = [];
let passed = 0;
let failed = 0;
const started = Date.now();

for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  const t0 = Date.now();
  log(`== ${step.name}`);
  const { code, output } = await runCapturing('npm', step.args);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (step.mocha) {
    const p = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
    const f = Number(/(\d+) failing/.exec(output)?.[1] ?? 0);
    passed += p;
    failed += f;
    // A layer that ran no test has failed: it proves nothing.
    if (code === 0 && p === 0) {
      results.push({ ...step, ok: false, seconds, note: 'no test ran' });
      continue;
    }
    results.push({ ...step, ok: code === 0, seconds, note: `${p} passed, ${f} failed` });
  } else {
    results.push({ ...step, ok: code === 0, seconds, note: code === 0 ? 'ok' : `exit ${code}` });
  }
}

const total = ((Date.now() - started) / 1000).toFixed(1);
log('== summary');
for (const r of results) log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(10)} ${r.seconds.padStart(6)} s  ${r.note}`);
log(`total ${total} s`);
const ok = results.every((r) => r.ok);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);

function runCapturing(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => {
      output += c;
      process.stdout.write(c);
    });
    child.stderr.on('data', (c) => {
      output += c;
      process.stderr.write(c);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
