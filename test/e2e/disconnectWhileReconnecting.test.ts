import { strict as assert } from 'node:assert';
import { startMosquitto, type Mosquitto } from '../harness/mosquitto';
import type { VsCodeDriver } from '../harness/vscodeDriver';
import { openWorkbench, type Workbench } from '../harness/workbench';

const PROFILE = 'flaky';
const CLIENT_ID = `tracemq-flaky-${process.pid}`;

/**
 * Issue 22, item 1, in a real VS Code (code-server) with the packaged extension: the broker goes
 * away, a QoS 1 publish from the log's panel is queued while the connection retries, and the
 * user disconnects from the palette. Before the fix, Disconnect never finished, the profile stayed
 * "reconnecting" and the Connect picker skipped it until a window reload.
 */
describe('Disconnect while reconnecting in VS Code (code-server): no dead end', function () {
  let broker: Mosquitto | undefined;
  let port: number;
  let bench: Workbench | undefined;
  let vscode: VsCodeDriver;

  before(async function () {
    broker = await startMosquitto();
    port = broker.port;
    bench = await openWorkbench(
      'disconnect',
      JSON.stringify({ profiles: [{ name: PROFILE, url: broker.url, clientId: CLIENT_ID, reconnect: { enabled: true, period: 500 } }] }, null, 2),
    );
    vscode = bench.vscode;
    await vscode.openView('TraceMQ');
    await vscode.treeItem(PROFILE).waitFor();
  });

  after(async () => {
    await bench?.close();
    await broker?.stop();
  });

  const state = (pattern: RegExp): Promise<void> =>
    vscode.treeItem(PROFILE).locator('.label-description', { hasText: pattern }).waitFor({ timeout: 30_000 });

  it('queues a QoS 1 publish from the log panel while the broker is away', async () => {
    await vscode.runCommand('TraceMQ: Connect');
    await state(/^connected$/);
    await vscode.runCommand('TraceMQ: Open Log');
    const frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    await frame.locator('[data-testid="connection-state"]').filter({ hasText: /connected/ }).waitFor();
    await broker?.stop();
    broker = undefined;
    await state(/^reconnecting/);
    await frame.locator('[data-testid="publish-topic"] input').fill('dead/end');
    await frame.locator('[data-testid="publish-payload"] textarea').fill('queued');
    await frame.locator('[data-testid="publish-qos"]').click();
    await frame.locator('[data-testid="publish-qos"] vscode-option', { hasText: '1 · at least once' }).click();
    await frame.locator('[data-testid="publish-send"]').click();
    await frame.locator('[data-testid="publish-status"]').filter({ hasText: /^Queued/ }).waitFor({ timeout: 15_000 });
  });

  it('disconnects from the palette at once and says the queued publish was discarded', async () => {
    await vscode.runCommand('TraceMQ: Disconnect');
    const said = await vscode.waitForNotification(/"flaky" disconnected; 1 queued publish was not sent \(discarded\)/);
    assert.match(said, /1 queued publish was not sent/);
    await state(/^disconnected/);
    await vscode.dismissNotifications();
  });

  it('connects again from the palette once the broker is back', async () => {
    broker = await startMosquitto({ port });
    await vscode.runCommand('TraceMQ: Connect');
    await broker.waitForLog(new RegExp(`New client connected from \\S+ as ${CLIENT_ID} `), 30_000);
    await state(/^connected$/);
  });
});
