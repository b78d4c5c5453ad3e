import { startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { openWorkbench, type Workbench } from '../harness/workbench';

const PROFILE = 'cold-start';
const CLIENT_ID = `tracemq-cold-${process.pid}`;

/**
 * A new window whose first action is a TraceMQ command (issue 22, item 10): the extension
 * activates on that command, and the command must wait until `.tracemq.json` has been read
 * instead of answering "no profiles". Nothing else is done in the window before (no view opened:
 * opening the TraceMQ view would activate the extension and read the file first).
 */
describe('a cold window (code-server): the first command waits for the workspace profiles', function () {
  let broker: Mosquitto;
  let bench: Workbench | undefined;

  before(async function () {
    broker = await startMosquitto();
    bench = await openWorkbench(
      'cold',
      JSON.stringify({ profiles: [{ name: PROFILE, url: broker.url, clientId: CLIENT_ID, subscriptions: [{ topic: 'cold/#', qos: 0 }] }] }, null, 2),
    );
  });

  after(async () => {
    await bench?.close();
    await (broker as Mosquitto | undefined)?.stop();
  });

  it('connects the only workspace profile when "TraceMQ: Connect" is the first action of the window', async () => {
    const vscode = bench!.vscode;
    await vscode.runCommand('TraceMQ: Connect');
    // Whichever comes first: the broker sees the client, or the command says there is nothing.
    const noProfiles = vscode.waitForNotification(/no profiles/i, { timeout: 60_000 }).then((text) => {
      throw new Error(`the first command answered "${text.trim()}" instead of connecting`);
    });
    noProfiles.catch(() => undefined); // the loser of the race below must not be an unhandled rejection
    await Promise.race([broker.waitForLog(new RegExp(`New client connected from \\S+ as ${CLIENT_ID} `), 60_000), noProfiles]);
    await vscode.openView('TraceMQ');
    await vscode.treeItem(PROFILE).locator('.label-description', { hasText: /^connected$/ }).waitFor({ timeout: 30_000 });
  });
});
