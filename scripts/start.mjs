// `npm start`: set up on a fresh clone, build and package, then run TraceMQ in VS Code against an
// MQTT 5 demo broker with demo streams (see scripts/demo/startDemo.ts). Ctrl+C stops everything.
import { spawn } from 'node:child_process';
import { ensureNpmDependencies, ensureSystemPackages, log, root, run, which } from './lib/bootstrap.mjs';

ensureNpmDependencies();
// The demo broker is Debian's mosquitto (MQTT 5), installed like `npm test` does where we can;
// where we cannot, the demo falls back to an in-process MQTT 3.1.1 broker and says so.
ensureSystemPackages(['mosquitto', 'mosquitto-clients'], { optional: true });
// Without a `code` command we run code-server in Chromium-less mode: it needs the build headers.
if (!which('code')) ensureSystemPackages(['libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev', 'pkg-config']);
log('building and packaging');
run('npm', ['run', '--silent', 'package']);

const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo/startDemo.ts'], { cwd: root, stdio: 'inherit' });
// In a terminal Ctrl+C reaches the child too (same process group); forward it anyway for callers
// that signal only this process. The child stops once, however many signals it gets.
process.on('SIGINT', () => child.kill('SIGINT'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 0));
