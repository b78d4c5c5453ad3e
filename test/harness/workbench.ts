import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator } from 'playwright-core';
import { launchChromium } from './chromium';
import { startCodeServer, type CodeServerHandle, type StartCodeServerOptions } from './codeServer';
import { VsCodeDriver } from './vscodeDriver';

/** The packaged extension that the end-to-end tests install (`npm run package` writes it). */
export const VSIX = join(__dirname, '..', '..', 'dist', 'tracemq.vsix');

/** What an end-to-end suite works in: a workspace folder, code-server with TraceMQ, Chromium and a driver. */
export interface Workbench {
  workspace: string;
  codeServer: CodeServerHandle;
  browser: Browser;
  vscode: VsCodeDriver;
  /** Closes the browser, stops code-server and removes the workspace folder. */
  close(): Promise<void>;
}

/**
 * Makes a workspace folder (with `tracemqJson` as its `.tracemq.json`, written as given so that
 * tests can rely on its line numbers), starts code-server on it with the packaged extension and
 * opens it in Chromium. If a part fails to start, what did start is stopped before the error goes on.
 */
export async function openWorkbench(
  name: string,
  tracemqJson?: string,
  options: Omit<StartCodeServerOptions, 'vsix' | 'workspace'> = {},
): Promise<Workbench> {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first (npm test does).`);
  const workspace = mkdtempSync(join(tmpdir(), `tracemq-e2e-${name}-`));
  let codeServer: CodeServerHandle | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await codeServer?.stop();
    rmSync(workspace, { recursive: true, force: true });
  };
  try {
    if (tracemqJson !== undefined) writeFileSync(join(workspace, '.tracemq.json'), tracemqJson);
    codeServer = await startCodeServer({ ...options, vsix: VSIX, workspace });
    browser = await launchChromium();
    const vscode = await VsCodeDriver.open(browser, codeServer.url);
    return { workspace, codeServer, browser, vscode, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Connects `profile` from the palette, waits for the tree to say so, opens its log and waits until the log says so too. */
export async function connectAndOpenLog(vscode: VsCodeDriver, profile: string): Promise<FrameLocator> {
  await vscode.openView('TraceMQ');
  await vscode.treeItem(profile).waitFor();
  await vscode.runCommand('TraceMQ: Connect');
  await vscode.treeItem(profile).locator('.label-description', { hasText: /^connected$/ }).waitFor({ timeout: 30_000 });
  await vscode.runCommand('TraceMQ: Open Log');
  const log = await vscode.webviewFrame(`MQTT Log: ${profile}`);
  await log.locator('[data-testid="connection-state"]').filter({ hasText: /^connected$/ }).waitFor();
  return log;
}
