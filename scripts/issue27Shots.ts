/**
 * Before/after screenshots of issue 27's items 5 (Open in editor) and 7 (`.tracemq.json`
 * problems), for its closing note — not for the README. Each run shoots one build of the extension:
 *
 *   node --import tsx scripts/issue27Shots.ts after                     # dist/tracemq.vsix
 *   node --import tsx scripts/issue27Shots.ts before /path/to/old.vsix  # a build from before issue 27
 *
 * "Before" is the code before issue 27's work (`git log --before='2026-12-07 04:05' -1`), built in
 * a throwaway worktree with `npm run package`. Writes docs/images/issue-27/{before,after}-item5-
 * open-in-editor.png, -item7-problems.png and -item7-tree.png. Needs what the end-to-end tests
 * need (mosquitto, Chromium, code-server).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/harness/chromium';
import { startCodeServer, type CodeServerHandle } from '../test/harness/codeServer';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../test/harness/mosquitto';
import { VsCodeDriver } from '../test/harness/vscodeDriver';
import { VSIX } from '../test/harness/workbench';

const OUT = join(__dirname, '..', 'docs', 'images', 'issue-27');
const PROFILE = 'home broker';
const BROKEN = 'broken-profile';

const log = (line: string): void => void process.stderr.write(`[issue27Shots] ${line}\n`);

/** A valid profile, and one with three problems the JSON schema also underlines (a wrong type, an enum, a user property that is not a string). */
function profilesFile(url: string): string {
  return `${JSON.stringify(
    {
      profiles: [
        { name: PROFILE, url, subscriptions: [{ topic: 'home/#', qos: 0 }] },
        { name: BROKEN, url, keepalive: 'sixty', protocolVersion: '4.0', mqtt5: { userProperties: { team: 7 } } },
      ],
    },
    null,
    2,
  )}\n`;
}

async function main(): Promise<void> {
  const [label, vsix = VSIX] = process.argv.slice(2);
  if (label !== 'before' && label !== 'after') throw new Error('usage: issue27Shots.ts before|after [path/to/tracemq.vsix]');
  mkdirSync(OUT, { recursive: true });
  const workspace = join(mkdtempSync(join(tmpdir(), 'tracemq-issue27-')), 'home-workspace');
  mkdirSync(workspace);
  let broker: Mosquitto | undefined;
  let codeServer: CodeServerHandle | undefined;
  let browser: Browser | undefined;
  let page: VsCodeDriver['page'] | undefined;
  const shoot = async (vscode: VsCodeDriver, name: string): Promise<void> => {
    const file = join(OUT, `${label}-${name}.png`);
    await vscode.page.screenshot({ path: file });
    log(`${file}: ${Math.round(statSync(file).size / 1024)} KB`);
  };
  try {
    broker = await startMosquitto();
    writeFileSync(join(workspace, '.tracemq.json'), profilesFile(broker.url));
    codeServer = await startCodeServer({ vsix, workspace, settings: { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false } });
    browser = await launchChromium();
    const vscode = await VsCodeDriver.open(browser, codeServer.url);
    page = vscode.page;

    // Item 5: a JSON message, its detail pane, "Open in editor".
    await vscode.openView('TraceMQ');
    await vscode.treeItem(PROFILE).waitFor();
    // Before issue 27 the broken profile is not listed, so Connect asks for no pick.
    await vscode.runCommand('TraceMQ: Connect');
    await vscode.pickQuickItem(PROFILE, { timeout: 5000 }).catch(() => undefined);
    await vscode.treeItem(PROFILE).locator('.label-description', { hasText: /^connected/ }).waitFor({ timeout: 30_000 });
    await vscode.runCommand('TraceMQ: Open Log');
    const logView = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    await logView.locator('[data-testid="connection-state"]').filter({ hasText: /^connected$/ }).waitFor();
    mosquittoPub(broker.port, ['-t', 'home/livingroom/climate', '-m', '{"temperature":21.5,"humidity":48,"window":"closed","sensors":["t1","h2"]}']);
    const row = logView.locator('[data-testid="log-row"]').filter({ hasText: 'home/livingroom/climate' }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await logView.locator('[data-testid="detail-open"]').click();
    const editor = vscode.page.locator('.part.editor .editor-instance .monaco-editor').filter({ visible: true }).first();
    await editor.locator('.view-lines', { hasText: 'temperature' }).waitFor();
    // Typing shows what the document is: a dirty buffer before, "read-only" after.
    await editor.locator('.view-lines').click();
    await vscode.page.keyboard.type(' ');
    await vscode.page.waitForTimeout(800); // no event says the overlay or the dirty dot has been painted
    await vscode.page.mouse.move(1399, 899);
    await shoot(vscode, 'item5-open-in-editor');
    await vscode.page.keyboard.press('Control+Z');

    // Item 7: .tracemq.json open (the JSON schema reports only for open documents), the Problems panel.
    await vscode.runCommand('View: Close All Editors');
    if (await vscode.dialog.isVisible().catch(() => false)) await vscode.answerDialog("Don't Save");
    await vscode.runCommand('Go to File...');
    await vscode.page.keyboard.type('.tracemq.json');
    await vscode.quickItem(/\.tracemq\.json/).first().waitFor();
    await vscode.page.keyboard.press('Enter');
    await vscode.editorTab(/^\.tracemq(\.json)?$/).waitFor();
    await vscode.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    // The schema words a wrong type its own way ("Incorrect type"), TraceMQ names the field: either will do.
    await vscode.page.locator('.markers-panel .monaco-list-row', { hasText: /keepalive|Incorrect type/i }).first().waitFor();
    await vscode.page.waitForTimeout(2000); // the schema's diagnostics come after TraceMQ's, with no event to wait for
    await vscode.page.mouse.move(1399, 899);
    await shoot(vscode, 'item7-problems');

    // Item 7: the Connections tree; after, the invalid profile is there, marked, with its tooltip.
    await vscode.openView('TraceMQ');
    const broken = vscode.treeItem(BROKEN);
    if (await broken.count()) {
      await broken.hover();
      await vscode.page.locator('.monaco-hover, .workbench-hover').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    } else {
      await vscode.page.mouse.move(1399, 899);
    }
    await vscode.page.waitForTimeout(800);
    await shoot(vscode, 'item7-tree');
  } catch (e) {
    // What the window showed when a step failed, to see why.
    await page?.screenshot({ path: join(tmpdir(), `issue27-${label}-failed.png`) }).catch(() => undefined);
    throw e;
  } finally {
    await browser?.close();
    await codeServer?.stop();
    await broker?.stop();
    rmSync(join(workspace, '..'), { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
