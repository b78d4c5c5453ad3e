import { strict as assert } from 'node:assert';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import type { VsCodeDriver } from '../harness/vscodeDriver';
import { openWorkbench, type Workbench } from '../harness/workbench';

const PROFILE = 'reload-e2e';
const CLIENT_ID = `tracemq-reload-${process.pid}`;

/** A window reload with a live connection and its log open: both come back by themselves. */
describe('window reload in VS Code (code-server)', function () {
  let broker: Mosquitto;
  let bench: Workbench | undefined;
  let vscode: VsCodeDriver;

  before(async function () {
    broker = await startMosquitto();
    bench = await openWorkbench('reload', JSON.stringify({ profiles: [{ name: PROFILE, url: broker.url, clientId: CLIENT_ID, subscriptions: [{ topic: 'reload/#', qos: 1 }] }] }));
    ({ vscode } = bench);
  });

  after(async () => {
    await bench?.close();
    await (broker as Mosquitto | undefined)?.stop();
  });

  it('reconnects what was connected and restores its log view, which keeps receiving', async () => {
    await vscode.openView('TraceMQ');
    await vscode.treeItem(PROFILE).waitFor();
    await vscode.runCommand('TraceMQ: Connect');
    await broker.waitForLog(new RegExp(`as ${CLIENT_ID} `), 30_000);
    await vscode.runCommand('TraceMQ: Open Log');
    let frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    await frame.locator('[data-testid="connection-state"]').filter({ hasText: /^connected$/ }).waitFor();
    mosquittoPub(broker.port, ['-t', 'reload/before', '-m', 'before the reload', '-q', '1']);
    await frame.locator('[data-testid="log-row"]').filter({ hasText: 'before the reload' }).waitFor();

    const beforeReload = broker.log().length;
    await vscode.reloadWindow();
    // The old extension host said goodbye; the new one connected again by itself.
    await broker.waitForLog(new RegExp(`Client ${CLIENT_ID} (disconnected\\.|closed its connection\\.)`), 30_000, beforeReload);
    await broker.waitForLog(new RegExp(`New client connected from \\S+ as ${CLIENT_ID} `), 30_000, beforeReload);
    frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    await frame.locator('[data-testid="connection-state"]').filter({ hasText: /^connected$/ }).waitFor({ timeout: 30_000 });
    mosquittoPub(broker.port, ['-t', 'reload/after', '-m', 'after the reload', '-q', '1']);
    await frame.locator('[data-testid="log-row"]').filter({ hasText: 'after the reload' }).waitFor({ timeout: 15_000 });
    await vscode.openView('TraceMQ');
    assert.match(await vscode.treeItemDescription(PROFILE), /^connected$/);

    // Disconnected by the user: a reload does not bring it back.
    await vscode.runCommand('TraceMQ: Disconnect');
    await vscode.treeItem(PROFILE).locator('.label-description', { hasText: /^mqtt:/ }).waitFor();
    const beforeSecond = broker.log().length;
    await vscode.reloadWindow();
    await vscode.openView('TraceMQ');
    await vscode.treeItem(PROFILE).waitFor();
    frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    await frame.locator('[data-testid="connection-state"]').filter({ hasText: /^disconnected$/ }).waitFor({ timeout: 30_000 });
    assert.ok(!new RegExp(`New client connected from \\S+ as ${CLIENT_ID} `).test(broker.log().slice(beforeSecond)), 'not connected again');
  });
});
