import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { openWorkbench, type Workbench } from '../harness/workbench';

const PROFILE = 'traced';
const CLIENT_ID = `tracemq-trace-${process.pid}`;

/**
 * The packaged extension shows the protocol trace (issue 25): with `tracemq.trace.enabled` the
 * connection is traced from its first byte, and "TraceMQ: Show Protocol Trace" opens its panel
 * with the CONNECT, the CONNACK and the SUBSCRIBE/SUBACK the connect made.
 */
describe('the protocol trace in VS Code (code-server)', function () {
  let broker: Mosquitto;
  let bench: Workbench | undefined;

  before(async function () {
    broker = await startMosquitto();
    bench = await openWorkbench(
      'trace',
      JSON.stringify({ profiles: [{ name: PROFILE, url: broker.url, clientId: CLIENT_ID, subscriptions: [{ topic: 'trace/#', qos: 1 }] }] }, null, 2),
      { settings: { 'tracemq.trace.enabled': true } },
    );
  });

  after(async () => {
    await bench?.close();
    await (broker as Mosquitto | undefined)?.stop();
  });

  it('opens the trace of a connection with its CONNECT, CONNACK, SUBSCRIBE and SUBACK', async () => {
    const vscode = bench!.vscode;
    await vscode.runCommand('TraceMQ: Connect');
    await broker.waitForLog(new RegExp(`${CLIENT_ID} 1 trace/#`), 60_000);
    await vscode.runCommand('TraceMQ: Show Protocol Trace');
    const frame = await vscode.webviewFrame(`Trace: ${PROFILE}`, { timeout: 60_000 });
    for (const type of ['CONNECT', 'CONNACK', 'SUBSCRIBE', 'SUBACK']) {
      await frame.locator('[data-testid="trace-row"] .type', { hasText: new RegExp(`^${type}$`) }).waitFor({ timeout: 30_000 });
    }
  });

  it("shows a received PUBLISH in the log from the trace's Show in Log: its row selected, the message opened", async () => {
    const vscode = bench!.vscode;
    // The connect of the test above is live, its trace panel open.
    mosquittoPub(broker.port, ['-t', 'trace/shown', '-m', 'show-me-in-the-log', '-q', '1']);
    const trace = await vscode.webviewFrame(`Trace: ${PROFILE}`, { timeout: 30_000 });
    await trace.locator('[data-testid="trace-row"]', { hasText: 'trace/shown' }).filter({ hasText: 'PUBLISH' }).click({ timeout: 30_000 });
    await trace.locator('[data-testid="trace-open-in-log"]').click({ timeout: 30_000 });
    const log = await vscode.webviewFrame(`MQTT Log: ${PROFILE}`, { timeout: 60_000 });
    await log.locator('[data-testid="log-row"][aria-selected="true"]', { hasText: 'trace/shown' }).waitFor({ timeout: 30_000 });
    await log.locator('[data-testid="message-detail"]', { hasText: 'show-me-in-the-log' }).waitFor({ timeout: 30_000 });
  });

  it('stops the trace when tracemq.trace.enabled is turned off in the Settings editor: its panel says so', async () => {
    const vscode = bench!.vscode;
    // The connect of the first test is live, traced because the setting is on, its panel open:
    // shown (and so rendered under the Settings editor, which is modal) before the setting changes.
    const trace = await vscode.webviewFrame(`Trace: ${PROFILE}`, { timeout: 30_000 });
    await vscode.setBooleanSetting('tracemq.trace.enabled', false, async () => {
      await trace.locator('[data-testid="trace-stopped"]').waitFor({ timeout: 30_000 });
    });
  });
});
