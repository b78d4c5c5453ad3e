/**
 * `npm run screenshots`: the README's screenshots, made from the packaged extension so that they
 * never show a TraceMQ that no longer exists. `npm run package` runs first (the npm script does it);
 * then this starts a real mosquitto with demo traffic (JSON sensors with MQTT 5 properties, a
 * retained status per device), code-server with `dist/tracemq.vsix` installed on a workspace whose
 * `.tracemq.json` points at that broker, drives it in headless Chromium like a person would, and
 * writes PNGs into docs/images/.
 *
 *   npm run screenshots
 *   node --import tsx scripts/screenshots.ts   # when dist/tracemq.vsix is already fresh
 *
 * Needs what the end-to-end tests need (mosquitto, Chromium, code-server under .vscode-test/ or
 * TRACEMQ_CODE_SERVER_DIR); it prints where each PNG went and its size.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, FrameLocator } from 'playwright-core';
import { launchChromium } from '../test/harness/chromium';
import { startCodeServer, type CodeServerHandle } from '../test/harness/codeServer';
import { startMosquitto, type Mosquitto } from '../test/harness/mosquitto';
import { VsCodeDriver } from '../test/harness/vscodeDriver';
import { VSIX } from '../test/harness/workbench';

const OUT = join(__dirname, '..', 'docs', 'images');
/** The profile the screenshots connect; a second one stays disconnected so the tree shows both states. */
const PROFILE = 'greenhouse';

function log(line: string): void {
  process.stderr.write(`[screenshots] ${line}\n`);
}

/** The demo workspace's `.tracemq.json`: an MQTT 5 profile with three coloured subscriptions, an MQTT 3.1.1 one, two templates. */
function workspaceFile(brokerUrl: string): string {
  return `${JSON.stringify(
    {
      profiles: [
        {
          name: PROFILE,
          url: brokerUrl,
          protocolVersion: '5.0',
          clientId: 'tracemq-greenhouse',
          keepalive: 60,
          auth: { username: 'greenhouse-reader' },
          mqtt5: { sessionExpiryInterval: 3600, userProperties: { team: 'iot' } },
          will: { topic: 'clients/tracemq/status', payload: 'offline', qos: 1, retain: true },
          subscriptions: [
            { topic: 'demo/greenhouse/#', qos: 1 },
            { topic: 'demo/pump-7/#', qos: 1 },
            { topic: 'demo/+/status', qos: 0 },
          ],
        },
        // Never connected here: it shows a second profile and its state in the tree.
        { name: 'plant-floor', url: 'mqtts://plant.local:8883', protocolVersion: '3.1.1', subscriptions: [{ topic: 'plant/#', qos: 0 }] },
      ],
      templates: [
        { name: 'pump speed', topic: 'demo/pump-7/command', payload: '{ "rpm": 1200 }', qos: 1, properties: { contentType: 'application/json' } },
      ],
    },
    null,
    2,
  )}\n`;
}

/** Sensor traffic like `npm start`'s demo, published to mosquitto over MQTT 5 with properties. */
async function startDemoTraffic(brokerUrl: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5, clientId: 'tracemq-demo-publisher' });
  const since = new Date().toISOString();
  for (const device of ['greenhouse', 'boiler', 'pump-7']) {
    await client.publishAsync(`demo/${device}/status`, JSON.stringify({ online: true, since, firmware: '2.4.1' }), { qos: 1, retain: true });
  }
  const sensors = [
    { topic: 'demo/greenhouse/temperature', unit: '°C', base: 21, swing: 3 },
    { topic: 'demo/greenhouse/humidity', unit: '%', base: 55, swing: 10 },
    { topic: 'demo/boiler/pressure', unit: 'bar', base: 1.6, swing: 0.3 },
    { topic: 'demo/pump-7/telemetry', unit: 'rpm', base: 1450, swing: 120 },
  ];
  let tick = 0;
  // ~40 msg/s: the log moves, and a person could still read it.
  const timer = setInterval(() => {
    const s = sensors[tick % sensors.length];
    if (!s) return;
    const value = Math.round((s.base + Math.sin(tick / 50 + sensors.indexOf(s)) * s.swing) * 100) / 100;
    const reading: Record<string, unknown> = { value, unit: s.unit, seq: tick, ts: new Date().toISOString() };
    if (s.topic.endsWith('telemetry')) reading.motor = { current: Math.round(value / 100) / 10, temperature: 40 + (tick % 7), alarms: [] };
    client.publish(s.topic, JSON.stringify(reading), {
      qos: tick % 3 === 0 ? 1 : 0,
      properties: { contentType: 'application/json', userProperties: { site: 'north', sensor: s.topic.split('/').pop() ?? '' } },
    });
    tick++;
  }, 25);
  client.once('close', () => {
    clearInterval(timer);
  });
  return client;
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
  await vscode.treeItem('demo/greenhouse/#').waitFor();
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
  let publisher: MqttClient | undefined;
  let codeServer: CodeServerHandle | undefined;
  let browser: Browser | undefined;
  try {
    broker = await startMosquitto({ logTypes: ['error', 'warning', 'notice', 'information'] });
    publisher = await startDemoTraffic(broker.url);
    writeFileSync(join(workspace, '.tracemq.json'), workspaceFile(broker.url));
    log('starting code-server with the packaged extension');
    codeServer = await startCodeServer({ vsix: VSIX, workspace, settings: { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false } });
    browser = await launchChromium();
    const vscode = await VsCodeDriver.open(browser, codeServer.url);

    // 1. The log: tree, rows flowing, a JSON payload in the detail pane, the publish panel filled in.
    const logView = await connectAndOpenLog(vscode);
    const row = logView.locator('[data-testid="log-row"]').filter({ hasText: 'demo/pump-7/telemetry' });
    await row.nth(3).waitFor({ timeout: 15_000 });
    await row.nth(3).click();
    await logView.locator('[data-testid="detail-topic"]', { hasText: 'demo/pump-7/telemetry' }).waitFor();
    await fill(logView, 'publish-topic', 'demo/pump-7/command');
    await fill(logView, 'publish-payload', '{ "rpm": 1200 }');
    await shoot(vscode, 'log');

    // 2. The publish panel with MQTT 5 properties, the list following the tail again.
    await logView.locator('[data-testid="detail-close"]').click();
    await logView.locator('[data-testid="follow"]').filter({ hasText: 'Resume' }).click();
    await logView.locator('[data-testid="publish-mqtt5-toggle"]').click();
    await fill(logView, 'publish-contentType', 'application/json');
    await fill(logView, 'publish-responseTopic', 'demo/pump-7/ack');
    await fill(logView, 'publish-correlationData', 'req-42');
    await logView.locator('[data-testid="publish-userProperties-add"]').click();
    await fill(logView, 'publish-userProperties-key-0', 'origin');
    await fill(logView, 'publish-userProperties-value-0', 'tracemq');
    await logView.locator('[data-testid="publish-send"]').click();
    await logView.locator('[data-testid="log-row"]').filter({ hasText: 'demo/pump-7/command' }).first().waitFor();
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

    // 4. The profile form, on the connected profile.
    await vscode.runCommandAndPick('TraceMQ: Edit Profile', PROFILE);
    const form = await vscode.webviewFrame(`Profile: ${PROFILE}`);
    await form.locator('[data-testid="profile-form"]').waitFor();
    await shoot(vscode, 'profile-form');
  } finally {
    await browser?.close();
    await codeServer?.stop();
    await publisher?.endAsync();
    await broker?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[screenshots] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
