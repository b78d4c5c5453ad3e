import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startCodeServer, type CodeServerHandle } from '../../test/harness/codeServer';
import { freePort } from '../../test/harness/freePort';
import { startDemoBroker } from './demoBroker';
import { startDemoStreams } from './demoStreams';
import { writeDemoWorkspace } from './demoWorkspace';

const root = join(__dirname, '..', '..');
const log = (m: string): void => void process.stderr.write(`\x1b[36m[tracemq]\x1b[0m ${m}\n`);

async function main(): Promise<void> {
  const brokerPort = Number(process.env.TRACEMQ_DEMO_PORT ?? (await freePort()));
  const broker = await startDemoBroker(brokerPort);
  log(`demo broker on ${broker.url}: ${broker.description}`);
  if (!broker.mqtt5) log('MQTT 5 features (properties, request/response, reason codes) need mosquitto; the MQTT 5 profile will not connect');
  const streams = await startDemoStreams(broker.url, { mqtt5: broker.mqtt5 });
  for (const line of streams.lines) log(`  ${line}`);

  const workspace = join(root, '.demo', 'workspace');
  writeDemoWorkspace(workspace, broker.url);
  const vsix = join(root, 'dist', 'tracemq.vsix');

  let codeServer: CodeServerHandle | undefined;
  const code = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
  if (code && !process.env.TRACEMQ_FORCE_CODE_SERVER) {
    spawnSync(code, ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
    spawnSync(code, ['--new-window', workspace], { stdio: 'inherit' });
    log(`opened ${workspace} in VS Code; the demo broker runs until Ctrl+C`);
  } else {
    log('no `code` command: starting code-server (first run installs it, ~2 min)');
    const port = process.env.TRACEMQ_CODE_SERVER_PORT ? Number(process.env.TRACEMQ_CODE_SERVER_PORT) : 8080;
    // The demo folder sits inside this repository: keep VS Code's git prompt about it quiet.
    codeServer = await startCodeServer({ vsix, workspace, port: await portOr(port), settings: { 'git.openRepositoryInParentFolders': 'never' } });
    log(`TraceMQ in code-server: ${codeServer.url}`);
    log('open it in a browser; Ctrl+C stops code-server and the demo broker');
  }

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await codeServer?.stop();
    await streams.stop();
    await broker.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
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

main().catch((e: unknown) => {
  log(`npm start failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
