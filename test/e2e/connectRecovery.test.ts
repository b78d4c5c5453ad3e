import { strict as assert } from 'node:assert';
import { startMosquitto, type Mosquitto } from '../harness/mosquitto';
import type { TextMatch, VsCodeDriver } from '../harness/vscodeDriver';
import { openWorkbench, type Workbench } from '../harness/workbench';

const PASSWORD = `recover-${process.pid}-Pa55!`;
const id = (name: string): string => `tracemq-${name}-${process.pid}`;
const SHARED_ID = id('twin');

/** Clicks a button of the toast notification whose message matches `message`. */
async function clickNotificationButton(vscode: VsCodeDriver, message: TextMatch, button: string): Promise<void> {
  const toast = vscode.page
    .locator('.notifications-toasts .notification-toast')
    .filter({ has: vscode.page.locator('.notification-list-item-message', { hasText: message }) })
    .first();
  await toast.waitFor({ timeout: 30_000 });
  await toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: new RegExp(`^\\s*${button}\\s*$`) }).click();
}

/**
 * Dead ends around a connection's password and client id (issue 22, items 9 and 5), in a real
 * VS Code (code-server) with the packaged extension: a password fixed after "Not authorized"
 * reconnects (by itself from the failure's notification, with "Reconnect Now" from the palette),
 * and a second profile of the window with a connected profile's client id is stopped before it
 * takes the session over.
 */
describe('recovering a connection in VS Code (code-server): a fixed password reconnects, a shared client id is caught', function () {
  let broker: Mosquitto;
  let anonymousBroker: Mosquitto;
  let bench: Workbench | undefined;
  let vscode: VsCodeDriver;

  before(async function () {
    broker = await startMosquitto({ users: { alice: PASSWORD } });
    anonymousBroker = await startMosquitto();
    const withLogin = (name: string): Record<string, unknown> => ({ name, url: broker.url, clientId: id(name), auth: { username: 'alice' } });
    bench = await openWorkbench(
      'recover',
      JSON.stringify(
        {
          profiles: [
            withLogin('pw-notify'),
            withLogin('pw-palette'),
            { name: 'twin-a', url: anonymousBroker.url, clientId: SHARED_ID },
            { name: 'twin-b', url: anonymousBroker.url.replace('127.0.0.1', 'localhost'), clientId: SHARED_ID },
          ],
        },
        null,
        2,
      ),
    );
    vscode = bench.vscode;
    await vscode.openView('TraceMQ');
    await vscode.treeItem('pw-notify').waitFor();
  });

  after(async () => {
    await bench?.close();
    await (broker as Mosquitto | undefined)?.stop();
    await (anonymousBroker as Mosquitto | undefined)?.stop();
  });

  const state = (profile: string, pattern: RegExp): Promise<void> =>
    vscode.treeItem(profile).locator('.label-description', { hasText: pattern }).waitFor({ timeout: 30_000 });

  /** Connects without a stored password: the broker refuses the login. */
  async function connectRefused(profile: string): Promise<void> {
    await vscode.runCommandAndPick('TraceMQ: Connect', profile);
    await state(profile, /^error: .*not authori[sz]ed/i);
  }

  it('connects by itself once the password is typed through the "Not authorized" notification\'s Set Password', async () => {
    await connectRefused('pw-notify');
    const from = broker.log().length;
    await clickNotificationButton(vscode, /could not connect "pw-notify"\. .*not authori[sz]ed/i, 'Set Password');
    await vscode.typeInInputBox(PASSWORD, { password: true, prompt: /User "alice"/ });
    await broker.waitForLog(new RegExp(`New client connected from \\S+ as ${id('pw-notify')} \\(p5, c1, k60, u'alice'\\)`), 30_000, from);
    await state('pw-notify', /^connected$/);
    await vscode.dismissNotifications();
  });

  it('offers Reconnect Now after Set Password from the palette on a failed profile; it connects with the new password', async () => {
    await connectRefused('pw-palette');
    await vscode.dismissNotifications();
    await vscode.runCommandAndPick('TraceMQ: Set Password', 'pw-palette');
    await vscode.typeInInputBox(PASSWORD, { password: true });
    const from = broker.log().length;
    await clickNotificationButton(vscode, /password of "pw-palette" saved in secret storage\. "pw-palette" failed to connect/, 'Reconnect Now');
    await broker.waitForLog(new RegExp(`New client connected from \\S+ as ${id('pw-palette')} `), 30_000, from);
    await state('pw-palette', /^connected$/);
    await vscode.dismissNotifications();
  });

  it('offers Reconnect Now after Set Password from the palette on a connected profile; it connects again', async () => {
    await state('pw-notify', /^connected$/);
    await vscode.runCommandAndPick('TraceMQ: Set Password', 'pw-notify');
    await vscode.typeInInputBox(PASSWORD, { password: true });
    const from = broker.log().length;
    await clickNotificationButton(vscode, /password of "pw-notify" saved in secret storage\. "pw-notify" is still connected with the previous password/, 'Reconnect Now');
    // The old session ends with a DISCONNECT, then a new CONNECT carries the password set now.
    await broker.waitForLog(new RegExp(`Client ${id('pw-notify')} disconnected`), 30_000, from);
    await broker.waitForLog(new RegExp(`New client connected from \\S+ as ${id('pw-notify')} `), 30_000, from);
    await state('pw-notify', /^connected$/);
    await vscode.dismissNotifications();
  });

  it('warns before a second profile takes a connected profile\'s client id; Use a Unique Client Id connects it under a generated id, the first stays', async () => {
    await vscode.runCommandAndPick('TraceMQ: Connect', 'twin-a');
    await state('twin-a', /^connected$/);
    const from = anonymousBroker.log().length;
    // The only profile left that is not connected: Connect takes it without asking.
    await vscode.runCommand('TraceMQ: Connect');
    await vscode.waitForDialog(`"twin-a" is connected with the client id "${SHARED_ID}" that "twin-b" uses`);
    await vscode.answerDialog('Use a Unique Client Id');
    await anonymousBroker.waitForLog(/New client connected from \S+ as tracemq-[0-9a-f]{12} /, 30_000, from);
    await state('twin-b', /^connected$/);
    assert.doesNotMatch(anonymousBroker.log().slice(from), new RegExp(`${SHARED_ID}.*(already connected|disconnected)`), 'twin-a was not taken over');
    await state('twin-a', /^connected$/);
  });
});
