// Set-up shared by `npm test` and `npm start` on a fresh clone: npm dependencies and the Debian
// packages the real parts need (mosquitto, Chromium, the headers code-server's native modules build
// against). Plain Node with no dependencies, because it runs before `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** Debian packages, each with a file that proves it is installed. */
const APT = [
  ['mosquitto', '/usr/sbin/mosquitto'],
  ['mosquitto-clients', '/usr/bin/mosquitto_sub'],
  ['chromium', '/usr/bin/chromium'],
  ['libkrb5-dev', '/usr/include/krb5.h'],
  ['libsecret-1-dev', '/usr/include/libsecret-1/libsecret/secret.h'],
  ['libx11-dev', '/usr/include/X11/Xlib.h'],
  ['libxkbfile-dev', '/usr/include/X11/extensions/XKBfile.h'],
  ['pkg-config', '/usr/bin/pkg-config'],
];

export function log(message) {
  process.stderr.write(`\x1b[36m[tracemq]\x1b[0m ${message}\n`);
}

/**
 * Installs missing Debian packages when we can (root on Debian), else says exactly what to run and
 * stops — or, with `optional`, says so and returns false, for callers that can do without them.
 */
export function ensureSystemPackages(names = APT.map(([n]) => n), { optional = false } = {}) {
  const missing = APT.filter(([name, file]) => names.includes(name) && !existsSync(file)).map(([name]) => name);
  if (missing.length === 0) return true;
  const command = `apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    log(`missing system packages: ${missing.join(', ')}`);
    if (optional) {
      log(`to have them, run:  sudo apt-get update && sudo ${command}`);
      return false;
    }
    log(`install them, then run again:  sudo apt-get update && sudo ${command}`);
    process.exit(1);
  }
  log(`installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  return true;
}

/**
 * `npm ci` when node_modules is missing or older than the lockfile — never when it is a link to
 * another checkout's install (a git worktree sharing one): `npm ci` would empty that folder for
 * every checkout using it, and a fresh checkout's lockfile always looks newer than the install.
 */
export function ensureNpmDependencies() {
  const modules = join(root, 'node_modules');
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) return;
  const marker = join(modules, '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root });
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) {
    log(`failed: ${command} ${args.join(' ')} (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

export function which(command) {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
