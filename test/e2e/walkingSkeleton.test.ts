import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeServerHandle } from '../harness/codeServer';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { mosquittoSub } from '../harness/mosquittoSub';
import type { VsCodeDriver } from '../harness/vscodeDriver';
import { openWorkbench, type Workbench } from '../harness/workbench';

const PASSWORD = 'e2e-Pa55word!';
const PROFILE = 'broker-e2e';
const CLIENT_ID = `tracemq-e2e-${process.pid}`;

/**
 * The walking skeleton as a person uses it: the packaged .vsix installed in a real VS Code
 * (code-server), a workspace .tracemq.json pointing at a real mosquitto, everything through the
 * command palette, the tree and the log webview.
 */
describe('TraceMQ in VS Code (code-server): connect, subscribe, see, publish', function () {
  let broker: Mosquitto;
  let bench: Workbench | undefined;
  let codeServer: CodeServerHandle;
  let vscode: VsCodeDriver;
  let workspace: string;

  before(async function () {
    broker = await startMosquitto({ users: { alice: PASSWORD } });
    bench = await openWorkbench(
      'ws',
      JSON.stringify({
        profiles: [
          {
            name: PROFILE,
            url: broker.url,
            protocolVersion: '5.0',
            clientId: CLIENT_ID,
            keepalive: 45,
            auth: { username: 'alice' },
            subscriptions: [{ topic: 'e2e/#', qos: 1 }],
          },
        ],
        templates: [{ name: 'led-on', topic: 'e2e5/led', payload: '{"on": true}', qos: 1, properties: { contentType: 'application/json', userProperties: { origin: 'template' } } }],
      }),
    );
    ({ codeServer, vscode, workspace } = bench);
  });

  after(async () => {
    // Each may be unset when before() failed part way.
    await bench?.close();
    await (broker as Mosquitto | undefined)?.stop();
  });

  it('lists the workspace profile in the Connections view', async () => {
    await vscode.openView('TraceMQ');
    await vscode.treeItem(PROFILE).waitFor();
    assert.match(await vscode.treeItemDescription(PROFILE), /mqtt:\/\/127\.0\.0\.1/);
  });

  it('sets the password through SecretStorage', async () => {
    await vscode.runCommand('TraceMQ: Set Password');
    await vscode.typeInInputBox(PASSWORD, { password: true });
    await vscode.waitForNotification(/password of "broker-e2e" saved in secret storage/);
    await vscode.dismissNotifications();
  });

  it('connects from the palette; the tree shows the state and the subscription', async () => {
    await vscode.runCommand('TraceMQ: Connect');
    // The broker saw MQTT 5 (p5), our keepalive and user: the stored password was used.
    await broker.waitForLog(new RegExp(`New client connected from \\S+ as ${CLIENT_ID} \\(p5, c1, k45, u'alice'\\)`), 30_000);
    await vscode.treeItem(PROFILE).locator('.label-description', { hasText: /^connected$/ }).waitFor({ timeout: 30_000 });
    await vscode.treeItem('e2e/#').waitFor();
    assert.match(await vscode.treeItemDescription('e2e/#'), /QoS 1/);
  });

  it('subscribes and unsubscribes from the palette; the tree follows', async () => {
    const before = broker.log().length;
    await vscode.runCommand('TraceMQ: Subscribe');
    await vscode.typeInInputBox('e2e2/+/temp');
    await vscode.pickQuickItem('QoS 2');
    // MQTT 5: the options (a multi-select) and a subscription identifier.
    await vscode.quickItem('No local').click();
    await vscode.quickInput.locator('.quick-input-box input').press('Enter');
    await vscode.typeInInputBox('5', { prompt: /Subscription identifier/ });
    await broker.waitForLog(new RegExp(`${CLIENT_ID} 2 e2e2/\\+/temp`), 15_000, before);
    await vscode.treeItem('e2e2/+/temp').waitFor();
    assert.match(await vscode.treeItemDescription('e2e2/+/temp'), /^QoS 2 · no local · id 5$/);
    await vscode.runCommandAndPick('TraceMQ: Unsubscribe', 'e2e2/+/temp');
    await vscode.treeItem('e2e2/+/temp').waitFor({ state: 'detached' });
    await broker.waitForLog(new RegExp(`Received UNSUBSCRIBE from ${CLIENT_ID}`), 15_000, before);
  });

  it('opens the log and shows messages published by mosquitto_pub, hostile ones as text', async () => {
    await vscode.runCommand('TraceMQ: Open Log');
    const frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    await frame.locator('[data-testid="connection-state"]').filter({ hasText: /connected/ }).waitFor();
    const hostile = '<img src=x onerror=alert(1)> from mosquitto_pub';
    mosquittoPub(broker.port, ['-u', 'alice', '-P', PASSWORD, '-V', '5', '-t', 'e2e/sensor', '-m', hostile, '-q', '1']);
    const row = frame.locator('[data-testid="log-row"]').filter({ hasText: 'from mosquitto_pub' });
    await row.waitFor({ timeout: 15_000 });
    assert.equal((await row.locator('.topic').textContent())?.trim(), 'e2e/sensor');
    assert.equal((await row.locator('.payload').textContent())?.trim(), hostile);
    assert.equal(await frame.locator('[data-testid="log-view"] img').count(), 0, 'the payload was not parsed as HTML');
    assert.equal(await frame.locator('[data-testid="counter-received"]').textContent().then((t) => Number((t ?? '').replace(/\D/g, ''))), 1);
  });

  it('publishes from the panel; mosquitto_sub receives it and it comes back into the log', async () => {
    const frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    const sub = await mosquittoSub(broker, 'e2e/out', { user: { username: 'alice', password: PASSWORD }, verbose: true });
    try {
      await frame.locator('[data-testid="publish-topic"] input').fill('e2e/out');
      await frame.locator('[data-testid="publish-payload"] textarea').fill('{"from":"the panel"}');
      await frame.locator('[data-testid="publish-send"]').click();
      assert.deepEqual(await sub.lines(15_000), ['e2e/out {"from":"the panel"}']);
    } finally {
      sub.stop();
    }
    await frame.locator('[data-testid="publish-status"]').filter({ hasText: /Published/i }).waitFor();
    await frame.locator('[data-testid="log-row"]').filter({ hasText: '{"from":"the panel"}' }).waitFor();
  });

  it('publishes MQTT 5 user properties and a content type from the panel; mosquitto_sub sees them', async () => {
    const frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    const sub = await mosquittoSub(broker, 'e2e5/props', { user: { username: 'alice', password: PASSWORD }, version: '5', format: '%t|%P|%C|%p' });
    try {
      await frame.locator('[data-testid="publish-topic"] input').fill('e2e5/props');
      await frame.locator('[data-testid="publish-payload"] textarea').fill('{"v":5}');
      await frame.locator('[data-testid="publish-mqtt5-toggle"]').click();
      await frame.locator('[data-testid="publish-contentType"] input').fill('application/json');
      for (const [i, [k, v]] of [['origin', 'tracemq-e2e'], ['team', 'iot']].entries()) {
        await frame.locator('[data-testid="publish-userProperties-add"]').click();
        await frame.locator(`[data-testid="publish-userProperties-key-${i}"] input`).fill(k ?? '');
        await frame.locator(`[data-testid="publish-userProperties-value-${i}"] input`).fill(v ?? '');
      }
      await frame.locator('[data-testid="publish-send"]').click();
      assert.deepEqual(await sub.fields(15_000), ['e2e5/props', 'origin:tracemq-e2e team:iot', 'application/json', '{"v":5}']);
    } finally {
      sub.stop();
    }
    await frame.locator('[data-testid="publish-mqtt5-toggle"]').click();
  });

  it('publishes a template of .tracemq.json from the palette', async () => {
    const sub = await mosquittoSub(broker, 'e2e5/led', { user: { username: 'alice', password: PASSWORD }, version: '5', qos: 1, format: '%t|%q|%C|%P|%p' });
    try {
      await vscode.runCommandAndPick('TraceMQ: Publish Template…', 'led-on');
      assert.deepEqual(await sub.fields(15_000), ['e2e5/led', '1', 'application/json', 'origin:template', '{"on": true}']);
    } finally {
      sub.stop();
    }
    await vscode.waitForNotification(/published template "led-on" to "e2e5\/led"/);
    await vscode.dismissNotifications();
  });

  it('exports the log to NDJSON in the SPEC.md format', async () => {
    const target = join(workspace, 'export.ndjson');
    await vscode.runCommand('TraceMQ: Export Log…');
    // The dialog proposes <profile>-<time>.ndjson in the workspace folder; we pick our own name.
    await vscode.answerFileDialog(target, /broker-e2e-[\w-]+\.ndjson$/);
    await vscode.waitForNotification(/exported 2 messages of "broker-e2e"/);
    const lines = readFileSync(target, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { topic: string; payload: string; qos: number; retain: boolean; receivedAt: string });
    assert.deepEqual(
      lines.map((l) => [l.topic, l.payload, l.qos, l.retain]),
      [
        ['e2e/sensor', '<img src=x onerror=alert(1)> from mosquitto_pub', 1, false],
        ['e2e/out', '{"from":"the panel"}', 0, false],
      ],
    );
    for (const l of lines) assert.ok(Date.now() - Date.parse(l.receivedAt) < 5 * 60_000, l.receivedAt);
    await vscode.dismissNotifications();
  });

  it('disconnects cleanly (DISCONNECT, not a dropped socket) and never logs the password', async () => {
    await vscode.runCommand('TraceMQ: Disconnect');
    await broker.waitForLog(new RegExp(`Client ${CLIENT_ID} disconnected\\.`), 15_000);
    const frame = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`);
    await frame.locator('[data-testid="connection-state"]').filter({ hasText: /disconnected/ }).waitFor();
    const logs = await codeServer.exthostLogText();
    assert.ok(logs.includes('TraceMQ'), 'the extension host log was read');
    assert.ok(!logs.includes(PASSWORD), 'the password is not in any extension host log');
  });

  it('leaves no connection behind when VS Code closes', async () => {
    const beforeConnect = broker.log().length;
    await vscode.runCommand('TraceMQ: Connect');
    await broker.waitForLog(new RegExp(`New client connected from \\S+ as ${CLIENT_ID} `), 30_000, beforeConnect);
    const beforeClose = broker.log().length;
    await vscode.close();
    await codeServer.stop();
    // The broker sees the session end: a DISCONNECT if the extension host got to deactivate,
    // else the socket closing with the process. Either way nothing is left open.
    const ended = await broker.waitForLog(new RegExp(`Client ${CLIENT_ID} (disconnected\\.|closed its connection\\.)`), 15_000, beforeClose);
    assert.ok(ended.length > 0);
  });
});
