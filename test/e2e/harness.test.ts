/**
 * Proves the code-server harness itself against a tiny fixture extension built at test time:
 * palette, input box, notification, webview content, side bar tree, logs, clean shutdown.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../harness/chromium';
import { ensureCodeServer, startCodeServer, type CodeServerHandle } from '../harness/codeServer';
import { VsCodeDriver } from '../harness/vscodeDriver';

const VSCE = fileURLToPath(new URL('../../node_modules/.bin/vsce', import.meta.url));

const FIXTURE_MANIFEST = {
  name: 'tracemq-harness-fixture',
  displayName: 'TraceMQ Harness Fixture',
  description: 'Fixture extension for test/e2e/harness.test.ts',
  publisher: 'tracemq-test',
  version: '0.0.1',
  engines: { vscode: '^1.90.0' },
  main: './extension.js',
  activationEvents: [],
  contributes: {
    commands: [
      { command: 'tracemqFixture.hello', title: 'Fixture: Hello' },
      { command: 'tracemqFixture.pickAndConfirm', title: 'Pick and Confirm', category: 'Fixture' },
      { command: 'tracemqFixture.secondPanel', title: 'Fixture: Second Panel' },
    ],
    viewsContainers: { activitybar: [{ id: 'tracemqFixture', title: 'Fixture Views', icon: 'icon.svg' }] },
    views: { tracemqFixture: [{ id: 'tracemqFixture.items', name: 'Items' }] },
  },
};

const FIXTURE_MAIN = `
const vscode = require('vscode');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('tracemqFixture.hello', async () => {
    const text = await vscode.window.showInputBox({ prompt: 'Say something' });
    if (text === undefined) return;
    void vscode.window.showInformationMessage('Fixture says: ' + text);
    const panel = vscode.window.createWebviewPanel('tracemqFixture.panel', 'Fixture Panel', vscode.ViewColumn.One, {});
    panel.webview.html = '<!DOCTYPE html><html><body><p id="x">hello from webview</p></body></html>';
  }));
  context.subscriptions.push(vscode.commands.registerCommand('tracemqFixture.secondPanel', () => {
    const panel = vscode.window.createWebviewPanel('tracemqFixture.panel', 'Second Panel', vscode.ViewColumn.Active, {});
    panel.webview.html = '<!DOCTYPE html><html><body><p id="x">second panel</p></body></html>';
  }));
  context.subscriptions.push(vscode.commands.registerCommand('tracemqFixture.pickAndConfirm', async () => {
    // ignoreFocusOut as TraceMQ's picks (quickPickOptions.ts): run from the palette while a webview
    // is the active editor, the webview can take the focus back and close the pick (vscode#93950;
    // CI on 2 December). A pick that closes anyway ends the command, so no modal blocks later tests.
    const colour = await vscode.window.showQuickPick(['red', 'green', 'blue'], { placeHolder: 'Pick a colour', ignoreFocusOut: true });
    if (colour === undefined) return;
    const answer = await vscode.window.showWarningMessage('Really ' + colour + '?', { modal: true, detail: 'fixture detail' }, 'Yes');
    void vscode.window.showInformationMessage('answered ' + answer + ' for ' + colour);
  }));
  const items = [{ label: 'alpha', description: 'first item' }, { label: 'beta', description: 'second item' }];
  context.subscriptions.push(vscode.window.registerTreeDataProvider('tracemqFixture.items', {
    getChildren: (element) => (element ? [] : items),
    getTreeItem: (item) => Object.assign(new vscode.TreeItem(item.label), { description: item.description }),
  }));
};
`;

const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10"/></svg>';

/** Writes the fixture extension (plain JS, nothing to build) and packages it with vsce. */
async function buildFixtureVsix(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify(FIXTURE_MANIFEST, null, 2));
  await writeFile(join(dir, 'extension.js'), FIXTURE_MAIN);
  await writeFile(join(dir, 'icon.svg'), ICON);
  await writeFile(join(dir, 'README.md'), '# TraceMQ harness fixture\n\nBuilt by test/e2e/harness.test.ts.\n');
  const vsix = join(dir, 'fixture.vsix');
  await promisify(execFile)(VSCE, ['package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '--out', vsix], { cwd: dir });
  return vsix;
}

/** Running processes in a process group (code-server runs in its own, with its extension host and pty host). */
async function processesInGroup(pgid: number): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pgid=,stat=,pid=,args=']);
  return stdout.split('\n').filter((line) => {
    const [group, stat] = line.trim().split(/\s+/);
    return group === String(pgid) && !stat?.startsWith('Z'); // zombies have exited already
  });
}

describe('code-server harness', function () {
  let tmp: string;
  let server: CodeServerHandle | undefined;
  let browser: Browser | undefined;
  let vs: VsCodeDriver;

  before(async function () {
    this.timeout(15 * 60_000); // the first run installs code-server (about 2 minutes, more on a busy machine)
    await ensureCodeServer();
    tmp = await mkdtemp(join(tmpdir(), 'tracemq-harness-test-'));
    const vsix = await buildFixtureVsix(join(tmp, 'fixture'));
    const workspace = join(tmp, 'workspace');
    await mkdir(workspace);
    server = await startCodeServer({ vsix, workspace });
    browser = await launchChromium();
    vs = await VsCodeDriver.open(browser, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('runs a command from the palette, answers its input box and sees its notification', async () => {
    await vs.runCommand('Fixture: Hello');
    await vs.typeInInputBox('typed in a test', { prompt: /Say something/ });
    const text = await vs.waitForNotification('Fixture says:');
    assert.equal(text, 'Fixture says: typed in a test');
  });

  it('reads the webview panel content through its frame locator', async () => {
    const frame = await vs.webviewFrame('Fixture Panel');
    assert.equal(await frame.locator('#x').textContent(), 'hello from webview');
  });

  it('tells webview panels apart by title, the active one without a title', async () => {
    await vs.runCommand('Fixture: Second Panel'); // opens in the same editor group, hiding the first
    assert.equal(await (await vs.webviewFrame('Second Panel')).locator('#x').textContent(), 'second panel');
    assert.equal(await (await vs.webviewFrame()).locator('#x').textContent(), 'second panel');
    // Back to the first: its tab is clicked and its (re-created) document read.
    assert.equal(await (await vs.webviewFrame('Fixture Panel')).locator('#x').textContent(), 'hello from webview');
    assert.equal(await (await vs.webviewFrame()).locator('#x').textContent(), 'hello from webview');
  });

  it('picks a quick pick item and answers a modal dialog; a blocked palette says why', async () => {
    await vs.runCommand('Fixture: Pick and Confirm'); // category + title, as the palette shows it
    await vs.pickQuickItem('green');
    assert.equal(await vs.waitForDialog('Really green?'), 'Really green?\nfixture detail');
    await assert.rejects(vs.runCommand('Fixture: Hello'), /modal dialog is open: Really green\?/);
    await vs.answerDialog('Yes');
    assert.equal(await vs.waitForNotification('answered'), 'answered Yes for green');
  });

  it('clears notifications', async () => {
    await vs.dismissNotifications();
    assert.equal(await vs.notification('Fixture says:').count(), 0);
  });

  it('opens a contributed view container and reads tree items', async () => {
    await vs.openView('Fixture Views');
    await vs.treeItem('alpha').waitFor();
    assert.equal(await vs.treeItemDescription('beta'), 'second item');
    // Opening it again keeps it open (the activity bar would toggle it closed on a second click).
    await vs.openView('Fixture Views');
    assert.ok(await vs.treeItem('alpha').isVisible());
  });

  it('collects the extension host log, with the fixture activated', async () => {
    const log = await server!.exthostLogText();
    assert.match(log, /_doActivateExtension tracemq-test\.tracemq-harness-fixture/);
  });

  it('stops code-server with its whole process tree', async () => {
    const { pid } = server!;
    // The server, its extension host and its pty host at least.
    assert.ok((await processesInGroup(pid)).length >= 3, 'code-server should be running before stop()');
    await server!.stop();
    assert.deepEqual(await processesInGroup(pid), []);
  });
});
