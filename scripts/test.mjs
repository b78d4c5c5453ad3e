// `npm test`: set up everything on a fresh clone, then run every layer and exit non-zero on any
// failure: type check, lint, build, package, unit, broker integration, webview (Chromium),
// end-to-end (the packaged .vsix in code-server) and a quick benchmark run as a smoke test.
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { ensureNpmDependencies, ensureSystemPackages, log, root } from './lib/bootstrap.mjs';

ensureSystemPackages();
ensureNpmDependencies();

// Each step has a time limit, several times what it takes on a CI machine (in brackets), so that
// a hang (a test that leaves a timer or a server behind keeps mocha alive after its last test)
// fails that step with a reason instead of running into CI's own limit with no word said.
const steps = [
  { name: 'typecheck', args: ['run', 'typecheck'], limitS: 300 }, // (10 s)
  { name: 'lint', args: ['run', 'lint'], limitS: 300 }, // (15 s)
  { name: 'package', args: ['run', 'package'], limitS: 300 }, // (5 s)
  { name: 'unit', args: ['run', 'test:unit'], mocha: true, limitS: 300 }, // (10 s)
  { name: 'broker', args: ['run', 'test:broker'], mocha: true, limitS: 600 }, // (90 s)
  { name: 'webview', args: ['run', 'test:webview'], mocha: true, limitS: 600 }, // (60 s)
  // Includes installing code-server on a new machine (about 80 s).
  { name: 'e2e', args: ['run', 'test:e2e'], mocha: true, limitS: 1200 }, // (4 min)
  // A smoke test that the benchmark harness still works end to end (about a minute); it checks no
  // timing: a missed target prints FAIL in its table but only a broken harness fails this step.
  { name: 'bench', args: ['run', 'bench', '--', '--quick'], limitS: 600 }, // (90 s)
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
  const { code, output, timedOut } = await runCapturing('npm', step.args, step.limitS);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (timedOut) {
    log(`${step.name} did not finish within ${step.limitS} s: stopped it and everything it started`);
    const p = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
    failed += Math.max(1, Number(/(\d+) failing/.exec(output)?.[1] ?? 0));
    passed += p;
    results.push({ ...step, ok: false, seconds, note: `timed out after ${step.limitS} s${step.mocha ? ` (${p} passed before)` : ''}`, failures: failureReport(output) });
    continue;
  }
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
    results.push({ ...step, ok: code === 0, seconds, note: `${p} passed, ${f} failed`, failures: failureReport(output) });
  } else {
    results.push({ ...step, ok: code === 0, seconds, note: code === 0 ? 'ok' : `exit ${code}` });
  }
}

const total = ((Date.now() - started) / 1000).toFixed(1);
log('== summary');
for (const r of results) log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(10)} ${r.seconds.padStart(6)} s  ${r.note}`);
log(`total ${total} s`);
// Repeated last, where a CI log shown only by its tail still names what failed and why.
for (const r of results) {
  if (r.ok || !r.failures) continue;
  log(`== what failed in ${r.name}`);
  console.log(r.failures);
}
const ok = results.every((r) => r.ok);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);

/**
 * Runs a step in its own process group, echoing and keeping its output. Past `limitS` seconds the
 * whole group (npm, mocha, the brokers and browsers the tests started) is killed.
 */
function runCapturing(command, args, limitS) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let timedOut = false;
    const killGroup = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, limitS * 1000);
    // Ctrl-C on `npm test` reaches this process only (the step has its own group): pass it on.
    const onSignal = () => {
      killGroup();
      process.exit(130);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.stdout.on('data', (c) => {
      output += c;
      process.stdout.write(c);
    });
    child.stderr.on('data', (c) => {
      output += c;
      process.stderr.write(c);
    });
    let settled = false;
    const finish = (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve({ code: code ?? 1, output, timedOut });
    };
    child.on('close', finish);
    // A process the step left behind may hold its output open after the step exited: give the
    // output a few seconds to end, then stop what is left of the group and go on.
    child.on('exit', (code) => {
      setTimeout(() => {
        if (settled) return;
        log(`${args.join(' ')} exited but left processes holding its output; stopping them`);
        killGroup();
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code);
      }, 5000).unref();
    });
  });
}

/**
 * Mocha's list of failures (from "N failing" on), colours removed, each stack cut to its first
 * lines: the test's title, the assertion's message and where it was thrown.
 */
function failureReport(output) {
  const plain = stripVTControlCharacters(output);
  const start = plain.search(/^ {2}\d+ failing$/m);
  if (start < 0) return '';
  const lines = [];
  let stackLines = 0;
  for (const line of plain.slice(start).split('\n')) {
    const isStack = /^\s+at /.test(line);
    stackLines = isStack ? stackLines + 1 : 0;
    if (stackLines <= 2) lines.push(line);
    if (lines.length >= 120) {
      lines.push('  … (more in the output of the step above)');
      break;
    }
  }
  return lines.join('\n').trimEnd();
}
