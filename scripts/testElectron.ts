// `npm run test:electron`: the in-VS-Code suite on desktop VS Code downloaded by
// @vscode/test-electron. For machines with a display and internet; our CI machines cannot download
// VS Code, so `npm test` runs the end-to-end layer in code-server instead (test/e2e).
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMosquitto } from '../test/harness/mosquitto';

async function main(): Promise<void> {
  const root = join(__dirname, '..');
  await esbuild.build({
    entryPoints: { index: join(root, 'test/electron/suite/index.ts') },
    outdir: join(root, 'out/electron'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const broker = await startMosquitto();
  const workspace = mkdtempSync(join(tmpdir(), 'tracemq-electron-ws-'));
  writeFileSync(
    join(workspace, '.tracemq.json'),
    JSON.stringify({ profiles: [{ name: 'electron', url: broker.url, protocolVersion: '5.0', clientId: 'tracemq-electron', subscriptions: [{ topic: 'electron/#', qos: 1 }] }] }),
  );
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out/electron/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { TRACEMQ_BROKER_PORT: String(broker.port) },
    });
  } finally {
    await broker.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
