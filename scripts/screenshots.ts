/**
 * `npm run screenshots`: the README's screenshots, made from the packaged extension so that they
 * never show a TraceMQ that no longer exists. `npm run package` runs first (the npm script does it);
 * then this starts a real mosquitto with `npm start`'s demo streams (scripts/demo: JSON sensors with
 * MQTT 5 properties, retained status, the request/response responder, the flood, protobuf and
 * Sparkplug B), code-server with `dist/tracemq.vsix` installed on the demo workspace, drives it in
 * headless Chromium like a person would, and writes PNGs into docs/images/.
 *
 *   npm run screenshots
 *   node --import tsx scripts/screenshots.ts   # when dist/tracemq.vsix is already fresh
 *
 * Needs what the end-to-end tests need (mosquitto, Chromium, code-server under .vscode-test/ or
 * TRACEMQ_CODE_SERVER_DIR); it prints where each PNG went and its size.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, FrameLocator } from 'playwright-core';
import { launchChromium } from '../test/harness/chromium';
import { startCodeServer, type CodeServerHandle } from '../test/harness/codeServer';
import { startMosquitto, type Mosquitto } from '../test/harness/mosquitto';
import { VsCodeDriver } from '../test/harness/vscodeDriver';
import { VSIX } from '../test/harness/workbench';
import { startDemoStreams, type DemoStreams } from './demo/demoStreams';
import { writeDemoWorkspace } from './demo/demoWorkspace';
import { FLOOD_CONTROL_TOPIC } from './demo/streams/floodStream';

const OUT = join(__dirname, '..', 'docs', 'images');
/** The demo profile the screenshots connect; the MQTT 3.1.1 one stays disconnected so the tree shows both states. */
const PROFILE = 'demo (MQTT 5)';

function log(line: string): void {
  process.stderr.write(`[screenshots] ${line}\n`);
}

async function shoot(vscode: VsCodeDriver, name: string): Promise<void> {
  const file = join(OUT, `${name}.png`);
  // The mouse would leave a hover (a tooltip, a highlighted row) in the picture.
  await vscode.page.mouse.move(1399, 899);
  await vscode.page.screenshot({ path: file });
  log(`${file}: ${Math.round(statSync(file).size / 1024)} KB`);
}

/** Fills a toolkit text field or text area of a webview by its test id. */
async function fill(frame: FrameLocator, testId: string, value: string): Promise<void> {
  await frame.locator(`[data-testid="${testId}"] input, [data-testid="${testId}"] textarea`).first().fill(value);
}

/** Connects PROFILE (the tree shows it with its subscriptions unfolded) and opens its log once that says connected. */
async function connectAndOpenLog(vscode: VsCodeDriver): Promise<FrameLocator> {
  await vscode.openView('TraceMQ');
  const item = vscode.treeItem(PROFILE);
  await item.waitFor();
  await vscode.runCommandAndPick('TraceMQ: Connect', PROFILE);
  await item.locator('.label-description', { hasText: /^connected/ }).waitFor({ timeout: 30_000 });
  if ((await item.getAttribute('aria-expanded')) === 'false') await item.locator('.monaco-tl-twistie').click();
  await vscode.treeItem('demo/#').waitFor();
  await vscode.runCommandAndPick('TraceMQ: Open Log', PROFILE);
  const logView = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
  await logView.locator('[data-testid="connection-state"]').filter({ hasText: /^connected$/ }).waitFor();
  return logView;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'tracemq-screenshots-'));
  // The folder's name shows in the window title.
  const workspace = join(tmp, 'demo-workspace');
  mkdirSync(workspace);
  let broker: Mosquitto | undefined;
  let streams: DemoStreams | undefined;
  let codeServer: CodeServerHandle | undefined;
  let browser: Browser | undefined;
  try {
    broker = await startMosquitto({ logTypes: ['error', 'warning', 'notice', 'information'] });
    streams = await startDemoStreams(broker.url, { mqtt5: true });
    writeDemoWorkspace(workspace, broker.url);
    log('starting code-server with the packaged extension');
    codeServer = await startCodeServer({ vsix: VSIX, workspace, settings: { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false, 'tracemq.trace.enabled': true } });
    browser = await launchChromium();
    const vscode = await VsCodeDriver.open(browser, codeServer.url);

    // 1. The log: tree, rows flowing, a JSON payload in the detail pane, the publish panel filled in.
    let logView = await connectAndOpenLog(vscode);
    const row = logView.locator('[data-testid="log-row"]').filter({ hasText: 'demo/pump-7/telemetry' });
    await row.nth(3).waitFor({ timeout: 15_000 });
    await row.nth(3).click();
    await logView.locator('[data-testid="detail-topic"]', { hasText: 'demo/pump-7/telemetry' }).waitFor();
    await fill(logView, 'publish-topic', 'demo/pump-7/command');
    await fill(logView, 'publish-payload', '{ "rpm": 1200 }');
    await shoot(vscode, 'log');

    // 2. The publish panel with MQTT 5 properties: a request to the demo's responder, and its reply.
    await logView.locator('[data-testid="detail-close"]').click();
    await logView.locator('[data-testid="follow"]').filter({ hasText: 'Resume' }).click();
    await fill(logView, 'publish-topic', 'demo/rpc/echo');
    await fill(logView, 'publish-payload', '{ "hello": "TraceMQ" }');
    await logView.locator('[data-testid="publish-mqtt5-toggle"]').click();
    await fill(logView, 'publish-contentType', 'application/json');
    await fill(logView, 'publish-responseTopic', 'demo/replies/tracemq');
    await fill(logView, 'publish-correlationData', 'req-42');
    await logView.locator('[data-testid="publish-userProperties-add"]').click();
    await fill(logView, 'publish-userProperties-key-0', 'origin');
    await fill(logView, 'publish-userProperties-value-0', 'tracemq');
    await logView.locator('[data-testid="publish-request"]').click();
    await logView.locator('[data-testid="publish-status"]', { hasText: /Reply in/ }).waitFor({ timeout: 15_000 });
    await logView.locator('[data-testid="publish-panel"]').scrollIntoViewIfNeeded();
    await shoot(vscode, 'publish');

    // 3. A filter run over the whole stored log, with the publish panel folded.
    await logView.locator('[data-testid="publish-mqtt5-toggle"]').click();
    await logView.locator('[data-testid="publish-toggle"]').click();
    await fill(logView, 'filter-topic', 'demo/+/telemetry');
    await logView.locator('[data-testid="filter-regex"]').click();
    await fill(logView, 'filter-text', '"value":1[45]\\d\\d\\.');
    await logView.locator('[data-testid="counter-shown"]').waitFor();
    await logView.locator('[data-testid="log-row"]').nth(3).waitFor();
    await shoot(vscode, 'filter');
    // Leave the view as a user would find it next time (the panel's state is remembered).
    await logView.locator('[data-testid="filter-clear"]').click();
    await logView.locator('[data-testid="publish-toggle"]').click();

    // 3b. A protobuf payload of the demo's decoder binding, decoded in the row and the detail pane.
    // The stream is slow beside the sensors: a topic filter keeps its rows on screen.
    await fill(logView, 'filter-topic', 'demo/proto/#');
    const pb = logView.locator('[data-testid="log-row"]').filter({ hasText: 'demo/proto/bed-1' });
    await pb.nth(2).waitFor({ timeout: 30_000 });
    await pb.nth(2).click();
    await logView.locator('[data-testid="detail-payload"][data-view="decoded"]').waitFor();
    await shoot(vscode, 'decoded');
    await logView.locator('[data-testid="detail-close"]').click();
    await logView.locator('[data-testid="filter-clear"]').click();
    await logView.locator('[data-testid="follow"]').filter({ hasText: 'Resume' }).click();

    // 3c. The Topics pane: the demo's topics with their rates, and a chart of one telemetry topic.
    await logView.locator('[data-testid="pane-topics"]').click();
    await logView.locator('[data-testid="topics-pane"]').waitFor();
    await logView.locator('[data-testid="topics-search"] input').fill('demo/pump-7/telemetry');
    const topicRow = logView.locator('[data-testid="topic-row"][data-path="demo/pump-7/telemetry"]');
    await topicRow.waitFor({ timeout: 15_000 });
    await topicRow.click();
    await logView.getByTestId('topic-detail-tab').getByRole('radio', { name: 'Chart' }).click();
    await logView.locator('[data-testid="topic-chart"] canvas').waitFor();
    await logView.locator('[data-testid="topics-search"] input').fill('');
    // The tree unfolded to the chosen topic's level: demo, then demo/pump-7 (a click on the twisty folds without choosing).
    for (const path of ['demo', 'demo/pump-7']) {
      const node = logView.locator(`[data-testid="topic-row"][data-path="${path}"]`);
      await node.waitFor();
      if ((await node.getAttribute('aria-expanded')) !== 'true') await node.locator('.twisty').click();
    }
    await logView.locator('[data-testid="topic-row"][data-path="demo/pump-7/telemetry"]').waitFor();
    await shoot(vscode, 'topics');
    await logView.locator('[data-testid="pane-topics"]').click();
    await logView.locator('[data-testid="filter-clear"]').click();

    // 3d. The protocol trace of the connection, CONNECT selected (traced from its first byte).
    await logView.locator('[data-testid="trace"]').click();
    const trace = await vscode.webviewFrame(`Trace: ${PROFILE}`);
    // The timeline follows its tail; scrolled to the top it shows the connection's start.
    await trace.locator('[data-testid="trace-row"]').first().waitFor({ timeout: 15_000 });
    const connect = trace.locator('[data-testid="trace-row"]').filter({ hasText: /connect/i }).first();
    const box = await trace.locator('.vlist').first().boundingBox();
    if (!box) throw new Error('the trace timeline has no box');
    await vscode.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 60 && !(await connect.isVisible()); i++) {
      await vscode.page.mouse.wheel(0, -100_000);
      await vscode.page.waitForTimeout(250); // the rows of the new window come from the host
    }
    await connect.click();
    await trace.locator('[data-testid="trace-detail"]').waitFor();
    await shoot(vscode, 'trace');

    // Back to the log, for the flood (its tab brought to the front again).
    logView = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);

    // 4. The log keeping up with the demo's flood (10k msg/s), switched on as a user would.
    const control = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'tracemq-screenshots-control' });
    try {
      await control.publishAsync(FLOOD_CONTROL_TOPIC, 'on', { qos: 1 });
      await logView.locator('[data-testid="log-row"]').filter({ hasText: /^.*demo\/flood\/\d+/ }).nth(10).waitFor({ timeout: 15_000 });
      await shoot(vscode, 'flood');
    } finally {
      await control.publishAsync(FLOOD_CONTROL_TOPIC, 'off', { qos: 1 });
      await control.endAsync();
    }

    // 5. The walkthrough a new user is offered.
    await vscode.runCommandAndPick('Welcome: Open Walkthrough...', 'Get started with TraceMQ');
    await vscode.page.locator('.part.editor .getting-started-step .step-title', { hasText: 'Add a broker profile' }).first().waitFor();
    await shoot(vscode, 'walkthrough');

    // 6. The profile form, on the connected profile.
    await vscode.runCommandAndPick('TraceMQ: Edit Profile', PROFILE);
    const form = await vscode.webviewFrame(`Profile: ${PROFILE}`);
    await form.locator('[data-testid="profile-form"]').waitFor();
    await shoot(vscode, 'profile-form');
  } finally {
    await browser?.close();
    await codeServer?.stop();
    await streams?.stop();
    await broker?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[screenshots] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
