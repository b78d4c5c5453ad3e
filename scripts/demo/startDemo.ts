import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startCodeServer, type CodeServerHandle } from '../../test/harness/codeServer';
import { freePort } from '../../test/harness/freePort';
import { whenOrphaned } from '../lib/whenOrphaned.mjs';
import { startDemoBroker, type DemoBroker } from './demoBroker';
import { startDemoStreams, type DemoStreams } from './demoStreams';
import { writeDemoWorkspace } from './demoWorkspace';

const root = join(__dirname, '..', '..');
const log = (m: string): void => void process.stderr.write(`\x1b[36m[tracemq]\x1b[0m ${m}\n`);

/** Longest wait for the streams to say goodbye (a Sparkplug NDEATH) before their clients are cut. */
const STREAMS_STOP_MS = 3000;
/** Longest orderly stop; past it, what is left is killed as a second Ctrl+C would. */
const STOP_DEADLINE_MS = 20_000;

/** What runs so far: a stop during start-up stops what has started. */
const running: { broker?: DemoBroker; streams?: DemoStreams; codeServer?: CodeServerHandle } = {};
let stopping = false;

async function main(): Promise<void> {
  const brokerPort = Number(process.env.TRACEMQ_DEMO_PORT ?? (await freePort()));
  running.broker = await startDemoBroker(brokerPort);
  const broker = running.broker;
  if (stopping) return;
  log(`demo broker on ${broker.url}: ${broker.description}`);
  if (!broker.mqtt5) log('MQTT 5 features (properties, request/response, reason codes) need mosquitto; the MQTT 5 profile will not connect');
  running.streams = await startDemoStreams(broker.url, { mqtt5: broker.mqtt5 });
  if (stopping) return;
  for (const line of running.streams.lines) log(`  ${line}`);

  const workspace = join(root, '.demo', 'workspace');
  writeDemoWorkspace(workspace, broker.url);
  const vsix = join(root, 'dist', 'tracemq.vsix');

  const code = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
  if (code && !process.env.TRACEMQ_FORCE_CODE_SERVER) {
    spawnSync(code, ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
    spawnSync(code, ['--new-window', workspace], { stdio: 'inherit' });
    log(`opened ${workspace} in VS Code; the demo broker runs until Ctrl+C`);
  } else {
    log('no `code` command: starting code-server (first run installs it, ~2 min)');
    const port = process.env.TRACEMQ_CODE_SERVER_PORT ? Number(process.env.TRACEMQ_CODE_SERVER_PORT) : 8080;
    // The demo folder sits inside this repository: keep VS Code's git prompt about it quiet.
    running.codeServer = await startCodeServer({ vsix, workspace, port: await portOr(port), settings: { 'git.openRepositoryInParentFolders': 'never' } });
    if (stopping) return;
    log(`TraceMQ in code-server: ${running.codeServer.url}`);
    log('open it in a browser; Ctrl+C stops code-server and the demo broker (twice: at once)');
  }
}

/**
 * The first Ctrl+C (or SIGTERM) stops everything in order: the streams say goodbye while the
 * broker still runs, code-server stops with them, the broker last. Each step is bounded, so a
 * stream waiting on a dead broker cannot hold the rest.
 */
async function stop(startup: Promise<void>, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping');
  const deadline = setTimeout(() => {
    log(`not stopped within ${STOP_DEADLINE_MS / 1000} s`);
    forceStop();
  }, STOP_DEADLINE_MS);
  // A step of start-up under way finishes first (what it starts is then stopped too).
  await startup.catch(() => undefined);
  const { streams, codeServer, broker } = running;
  const failed = (what: string) => (e: unknown): void => log(`stopping ${what} failed: ${e instanceof Error ? e.message : String(e)}`);
  await Promise.all([streams && withinMs(streams.stop(), STREAMS_STOP_MS), codeServer?.stop().catch(failed('code-server'))]);
  await broker?.stop().catch(failed('the broker'));
  clearTimeout(deadline);
  log('stopped');
  process.exit(exitCode);
}

/** A second Ctrl+C: kill what is left (code-server's process group, the broker) and leave now. */
function forceStop(): never {
  log('stopping at once');
  if (running.codeServer) killGroup(running.codeServer.pid);
  running.broker?.kill();
  log('stopped (forced)');
  process.exit(130);
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Waits for `work` at most `ms` (it goes on in the background if slower). */
async function withinMs(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The wanted port when it is free, else any free one. */
async function portOr(wanted: number): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => void freePort().then(resolve));
    s.listen(wanted, '127.0.0.1', () => s.close(() => resolve(wanted)));
  });
}

const startup = main();
// Handlers from the very start: a Ctrl+C during the two minutes of a first run stops what started.
const onSignal = (): void => {
  if (stopping) forceStop();
  else void stop(startup);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Started by scripts/start.mjs, which forwards signals: if it is gone, nobody will.
whenOrphaned(() => void stop(startup));
startup.catch((e: unknown) => {
  log(`npm start failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  void stop(Promise.resolve(), 1);
});
