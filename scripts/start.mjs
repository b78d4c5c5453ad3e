// `npm start`: set up on a fresh clone, build and package, then run TraceMQ in VS Code against an
// MQTT 5 demo broker with demo streams (see scripts/demo/startDemo.ts). Ctrl+C stops everything;
// a second Ctrl+C while stopping stops it at once.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { ensureNpmDependencies, ensureSystemPackages, log, root, run, which } from './lib/bootstrap.mjs';
import { whenOrphaned } from './lib/whenOrphaned.mjs';

ensureNpmDependencies();
// The demo broker is Debian's mosquitto (MQTT 5), installed like `npm test` does where we can;
// where we cannot, the demo falls back to an in-process MQTT 3.1.1 broker and says so.
ensureSystemPackages(['mosquitto', 'mosquitto-clients'], { optional: true });
// Without a `code` command we run code-server in Chromium-less mode: it needs the build headers.
if (!which('code')) ensureSystemPackages(['libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev', 'pkg-config']);
log('building and packaging');
run('npm', ['run', '--silent', 'package']);

// The demo runs in its own process group, so that a terminal's Ctrl+C (sent to the whole
// foreground group) reaches it once, through us, rather than twice (which it would take for the
// second, forcing Ctrl+C), and so that the broker it starts is not killed before the demo streams
// have said goodbye. Each Ctrl+C is passed on; the demo counts them.
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo/startDemo.ts'], { cwd: root, stdio: 'inherit', detached: true });
// `npm start` execs us (package.json), so npm's `sh -c` is out of the way: dash would swallow the
// SIGINT npm forwards, die of a SIGTERM without passing it on, and turn our exit 0 into a death by
// SIGINT. But npm forwards what it gets: one Ctrl+C in a terminal reaches us twice within a
// moment (from the terminal and from npm). A repeat within REPEAT_MS is that same Ctrl+C.
const REPEAT_MS = 250;
let lastForward = { signal: '', at: -Infinity };
const forward = (signal) => {
  const now = performance.now();
  if (signal === lastForward.signal && now - lastForward.at < REPEAT_MS) return;
  lastForward = { signal, at: now };
  child.kill(signal);
};
process.on('SIGINT', () => forward('SIGINT'));
process.on('SIGTERM', () => forward('SIGTERM'));
// Whoever started us is gone (npm killed outright): nobody will pass on a Ctrl+C, so stop now.
whenOrphaned(() => {
  if (lastForward.signal === '') forward('SIGTERM');
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 0)));
