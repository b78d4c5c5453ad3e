import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../harness/chromium';
import { startCodeServer, type CodeServerHandle } from '../harness/codeServer';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { VsCodeDriver } from '../harness/vscodeDriver';

const VSIX = join(__dirname, '..', '..', 'dist', 'tracemq.vsix');
const PROFILE = 'reload-e2e';
const CLIENT_ID = `tracemq-reload-${process.pid}`;

/** A window reload with a live connection and its log open: both come back by themselves. */
describe('window reload in VS Code (code-server)', function () {
  let broker: Mosquitto;
  let codeServer: CodeServerHandle;
  let browser: Browser;
  let vscode: VsCodeDriver;
  let workspace: string;

  before(async function () {
    if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first (npm test does).`);
    broker = await startMosquitto();
    workspace = mkdtempSync(join(tmpdir(), 'tracemq-e2e-reload-'));
    writeFileSync(join(workspace, '.tracemq.json'), JSON.stringify({ profiles: [{ name: PROFILE, url: broker.url, clientId: CLIENT_ID, subscriptions: [{ topic: 'reload/#', qos: 1 }] }] }));
    codeServer = await startCodeServer({ vsix: VSIX, workspace });
    browser = await launchChromium();
    vscode = await VsCodeDriver.open(browser, codeServer.url);
  });

  after(async () => {
    await (browser as Browser | undefined)?.close();
    await (codeServer as CodeServerHandle | undefined)?.stop();
    await (broker as Mosquitto | undefined)?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
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
