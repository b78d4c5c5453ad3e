import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import type { VsCodeDriver } from '../harness/vscodeDriver';
import { connectAndOpenLog, openWorkbench, type Workbench } from '../harness/workbench';

const PROFILE = 'first-hour';

/**
 * What a new user meets in the first hour (issue 27), in the packaged extension in code-server:
 * the walkthrough, the profile's context menu, the log's keyboard shortcuts, a message opened in
 * an editor, and a new subscription shown in the tree.
 */
describe('the first hour in VS Code (code-server): walkthrough, menus, keys, open in editor', function () {
  let broker: Mosquitto;
  let bench: Workbench | undefined;
  let vscode: VsCodeDriver;
  let log: FrameLocator;

  before(async function () {
    broker = await startMosquitto();
    bench = await openWorkbench(
      'first-hour',
      JSON.stringify(
        {
          profiles: [
            { name: PROFILE, url: broker.url, protocolVersion: '3.1.1', subscriptions: [{ topic: 'hour/#', qos: 0 }] },
            // Cannot be loaded: it stays in the tree, marked.
            { name: 'broken-profile', url: broker.url, keepalive: 'sixty' },
          ],
        },
        null,
        2,
      ),
    );
    vscode = bench.vscode;
    log = await connectAndOpenLog(vscode, PROFILE);
    // The warning about the broken profile's problem would sit over the views.
    await vscode.dismissNotifications();
    for (let i = 0; i < 5; i++) mosquittoPub(broker.port, ['-t', `hour/json`, '-m', `{"reading":${i},"unit":"°C"}`]);
    await log.locator('[data-testid="log-row"]').nth(4).waitFor({ timeout: 15_000 });
  });

  after(async () => {
    await bench?.close();
    await (broker as Mosquitto | undefined)?.stop();
  });

  /** Gives the log webview the keyboard focus, as a click on its header would. */
  async function focusLog(): Promise<FrameLocator> {
    const frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    await frame.locator('[data-testid="connection-state"]').click();
    return frame;
  }

  /** The labels of the profile's context menu in the Connections view (the menu is closed again). */
  async function contextMenu(): Promise<string[]> {
    await vscode.openView('TraceMQ');
    await vscode.treeItem(PROFILE).click({ button: 'right' });
    const items = vscode.page.locator('.context-view .monaco-menu .action-label');
    await items.first().waitFor();
    const labels = (await items.allTextContents()).map((t) => t.trim()).filter((t) => t !== '');
    await vscode.page.keyboard.press('Escape');
    return labels;
  }

  it('contributes the walkthrough "Get started with TraceMQ" with a step per task', async () => {
    await vscode.runCommandAndPick('Welcome: Open Walkthrough...', 'Get started with TraceMQ');
    const editor = vscode.page.locator('.part.editor');
    for (const step of ['Add a broker profile', 'Set its password', 'Connect', 'Open the log', 'Publish a message']) {
      await editor.locator('.getting-started-step .step-title', { hasText: step }).first().waitFor();
    }
  });

  it('offers Start Recording, not Stop Recording, in the context menu of a profile that does not record', async () => {
    const labels = await contextMenu();
    assert.deepEqual([labels.includes('Start Recording to File…'), labels.includes('Stop Recording')], [true, false]);
  });

  it('offers Stop Recording, not Start Recording, in the context menu of a profile that records', async () => {
    const frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    await frame.locator('[data-testid="record"]').click();
    await vscode.answerFileDialog(join(bench?.workspace ?? '', 'hour.ndjson'), /first-hour-recording-[\w-]+\.ndjson$/);
    await frame.locator('[data-testid="recording"]').waitFor();
    const labels = await contextMenu();
    await frame.locator('[data-testid="record"]').click();
    await vscode.waitForNotification(/recorded \d+ messages? of "first-hour"/);
    await vscode.dismissNotifications();
    assert.deepEqual([labels.includes('Stop Recording'), labels.includes('Start Recording to File…')], [true, false]);
  });

  it('Ctrl+Alt+P in the focused log pauses it, and again resumes', async () => {
    const frame = await focusLog();
    await vscode.page.keyboard.press('Control+Alt+KeyP');
    await frame.locator('[data-testid="follow"]').filter({ hasText: 'Resume' }).waitFor();
    await vscode.page.keyboard.press('Control+Alt+KeyP');
    await frame.locator('[data-testid="follow"]').filter({ hasText: 'Pause' }).waitFor();
  });

  it('Ctrl+Alt+F in the focused log puts the cursor in the topic filter', async () => {
    const frame = await focusLog();
    await vscode.page.keyboard.press('Control+Alt+KeyF');
    await frame.locator('[data-testid="filter-topic"]:focus-within').waitFor();
  });

  it('Shift+F3 selects the newest message and Ctrl+Alt+D shows its detail, then hides it', async () => {
    const frame = await focusLog();
    await vscode.page.keyboard.press('Shift+F3');
    await frame.locator('.log-row.selected').waitFor();
    await vscode.page.keyboard.press('Control+Alt+KeyD');
    await frame.locator('[data-testid="message-detail"]').waitFor();
    await vscode.page.keyboard.press('Control+Alt+KeyD');
    await frame.locator('[data-testid="message-detail"]').waitFor({ state: 'detached' });
  });

  it('Ctrl+Alt+K in the focused log clears it', async () => {
    const frame = await focusLog();
    await vscode.page.keyboard.press('Control+Alt+KeyK');
    await frame.locator('[data-testid="log-row"]').first().waitFor({ state: 'detached' });
  });

  it('the log shortcuts do nothing while a text editor has focus: Ctrl+Alt+P there leaves the log following', async () => {
    const log = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    const follow = log.locator('[data-testid="follow"]');
    if ((await follow.textContent())?.trim() === 'Resume') await follow.click();
    await follow.filter({ hasText: 'Pause' }).waitFor();
    await vscode.runCommand('File: New Untitled Text File');
    await vscode.page.locator('.part.editor .monaco-editor textarea').first().waitFor();
    await vscode.page.keyboard.press('Control+Alt+KeyP');
    const frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    assert.equal((await frame.locator('[data-testid="follow"]').textContent())?.trim(), 'Pause');
  });

  it('Open in editor opens the JSON payload pretty-printed in a read-only JSON editor titled with topic and time', async () => {
    const frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    mosquittoPub(broker.port, ['-t', 'hour/json', '-m', '{"opened":"in editor"}']);
    await frame.locator('[data-testid="log-row"]').filter({ hasText: '"opened"' }).first().click();
    await frame.locator('[data-testid="detail-open"]').click();
    const tab = vscode.page.locator('.part.editor .tab.active .label-name');
    // The tab shows the name without its extension: the topic and the receive time.
    await tab.filter({ hasText: /^hour\u2215json \d\d:\d\d:\d\d\.\d{3}(\.json)?$/ }).waitFor();
    await vscode.page.locator('.part.statusbar [id="status.editor.mode"]', { hasText: 'JSON' }).waitFor();
    const editor = vscode.page.locator('.part.editor .editor-instance .monaco-editor').filter({ visible: true }).first();
    await editor.locator('.view-lines', { hasText: '"opened": "in editor"' }).waitFor();
    await editor.locator('.view-lines').click();
    await vscode.page.keyboard.type('x');
    await vscode.page.locator('.monaco-editor-overlaymessage', { hasText: /read-only/i }).waitFor();
  });

  it('a profile that cannot be loaded stays in the tree, marked with its first error; a click opens .tracemq.json at that line', async () => {
    await vscode.openView('TraceMQ');
    assert.match(await vscode.treeItemDescription('broken-profile'), /^not loaded: "keepalive" must be a whole number/);
    await vscode.treeItem('broken-profile').click();
    // The tab shows the file name without its extension in this VS Code.
    await vscode.editorTab(/^\.tracemq(\.json)?$/).waitFor();
    // Line 17 of the file as written above: "keepalive": "sixty".
    await vscode.page.locator('.part.statusbar [id="status.editor.selection"]', { hasText: /Ln 17, Col \d+/ }).waitFor();
  });

  it('a new subscription unfolds its profile in the tree, even when the profile was folded', async () => {
    await vscode.openView('TraceMQ');
    const item = vscode.treeItem(PROFILE);
    if ((await item.getAttribute('aria-expanded')) === 'true') await item.locator('.monaco-tl-twistie').click();
    await vscode.treeItem('hour/#').waitFor({ state: 'detached' });
    await vscode.runCommand('TraceMQ: Subscribe');
    await vscode.typeInInputBox('hour2/+');
    await vscode.pickQuickItem('QoS 0');
    await vscode.treeItem('hour2/+').waitFor({ timeout: 15_000 });
  });
});
