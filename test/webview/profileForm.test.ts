import { strict as assert } from 'node:assert';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/chromium';
import type { RequestMessage } from '../../src/shared/ipc/envelope';
import type { JsonObject } from '../../src/shared/json/jsonValue';
import type { HostToProfileForm, ProfileFormInit, ProfileFormRequests, ProfileFormToHost } from '../../src/shared/profileForm/profileFormProtocol';
import { assertWebviewBuilt, LogWebview, startWebviewServer, waitFor, type WebviewServer } from '../harness/webviewPage';
import { VALIDATE_DELAY_MS } from '../../src/webview/profileForm/validateDelay';

type ProfileFormRequestMethod = keyof ProfileFormRequests;

/** The form page, with typed access to what it posted and a way to answer like the host. */
class FormPage {
  constructor(readonly view: LogWebview) {}

  get page(): Page {
    return this.view.page;
  }

  async posted(): Promise<ProfileFormToHost[]> {
    return (await this.view.posted()) as unknown as ProfileFormToHost[];
  }

  async waitForRequest<M extends ProfileFormRequestMethod>(method: M, skip = 0): Promise<RequestMessage<M, ProfileFormRequests[M]['params']>> {
    let found: RequestMessage<M, ProfileFormRequests[M]['params']> | undefined;
    await waitFor(async () => {
      found = (await this.posted()).slice(skip).find((m) => m.kind === 'request' && m.method === method) as typeof found;
      return found !== undefined;
    }, `a ${method} request`);
    return found!;
  }

  async send(message: HostToProfileForm): Promise<void> {
    await this.page.evaluate((json) => {
      window.__tracemq.receive(json);
    }, JSON.stringify(message));
  }

  async reply<M extends ProfileFormRequestMethod>(request: RequestMessage<M>, result: ProfileFormRequests[M]['result']): Promise<void> {
    await this.send({ kind: 'response', id: request.id, result });
  }

  async init(params: ProfileFormInit): Promise<void> {
    await waitFor(async () => (await this.posted()).some((m) => m.kind === 'notify' && m.method === 'profileForm/ready'), 'profileForm/ready');
    await this.send({ kind: 'notify', method: 'profileForm/init', params });
    await this.page.getByTestId('profile-form').waitFor();
  }

  async fill(testId: string, value: string): Promise<void> {
    await this.page.locator(`[data-testid="${testId}"] input`).fill(value);
  }

  async choose(testId: string, label: string): Promise<void> {
    await this.page.getByTestId(testId).click();
    await this.page.locator(`[data-testid="${testId}"] vscode-option`, { hasText: label }).click();
  }

  async prop(testId: string, name: 'value' | 'checked' | 'disabled'): Promise<unknown> {
    return this.page.getByTestId(testId).evaluate((el, key) => (el as unknown as Record<string, unknown>)[key], name);
  }
}

const NO_SECRETS = { password: false, passphrase: false };

describe('profile form in Chromium', function () {
  let browser: Browser;
  let server: WebviewServer;
  let view: LogWebview | undefined;

  before(async function () {
    assertWebviewBuilt('profileForm');
    server = await startWebviewServer('profileForm');
    browser = await launchChromium();
  });

  after(async function () {
    await browser.close();
    await server.close();
  });

  afterEach(async function () {
    await view?.close();
    view = undefined;
  });

  async function open(init: ProfileFormInit): Promise<FormPage> {
    view = await LogWebview.open(browser, server, { readyTestId: 'profile-form-loading', viewport: { width: 1000, height: 2400 } });
    const form = new FormPage(view);
    await form.init(init);
    return form;
  }

  it('renders every section under the page CSP; Transport only for WebSocket URLs', async function () {
    const f = await open({ mode: 'add', source: 'user', secrets: NO_SECRETS });
    for (const id of ['section-general', 'section-auth', 'section-tls', 'section-mqtt5', 'section-will']) await f.page.getByTestId(id).waitFor();
    assert.equal(await f.page.getByTestId('section-transport').count(), 0);
    await f.fill('form-url', 'ws://127.0.0.1:8083');
    await f.page.getByTestId('section-transport').waitFor();
    const titles = await f.page.locator('.form-section-title').allInnerTexts();
    assert.deepEqual(titles, ['General', 'Transport', 'Authentication', 'TLS', 'MQTT 5', 'Last Will']);
    assert.equal(await f.prop('section-mqtt5', 'disabled'), undefined);
    assert.deepEqual(await f.view.cspViolations(), []);
    f.view.assertHealthy();
  });

  it('disables the MQTT 5 section (and the MQTT 5 will fields) for 3.1.1, with a note', async function () {
    const f = await open({ mode: 'add', source: 'user', secrets: NO_SECRETS });
    assert.equal(await f.prop('form-mqtt5-sessionExpiryInterval', 'disabled'), false);
    await f.choose('form-protocolVersion', 'MQTT 3.1.1');
    await waitFor(async () => (await f.page.getByTestId('section-mqtt5').getAttribute('aria-disabled')) === 'true', 'the MQTT 5 section disabled');
    assert.match(await f.page.getByTestId('section-mqtt5').innerText(), /MQTT 5\.0 only; this profile uses MQTT 3\.1\.1/);
    for (const id of [
      'form-mqtt5-sessionExpiryInterval',
      'form-mqtt5-receiveMaximum',
      'form-mqtt5-maximumPacketSize',
      'form-mqtt5-topicAliasMaximum',
      'form-mqtt5-requestResponseInformation',
      'form-mqtt5-userProperties-add',
      'form-will-delayInterval',
      'form-will-messageExpiryInterval',
    ]) {
      assert.equal(await f.prop(id, 'disabled'), true, id);
    }
    assert.equal(await f.prop('form-will-topic', 'disabled'), false);
    f.view.assertHealthy();
  });

  it('saves exactly the profile typed, and the password only as a change', async function () {
    const f = await open({ mode: 'add', source: 'user', secrets: NO_SECRETS });
    await f.fill('form-name', 'plant-5');
    await f.fill('form-url', 'wss://broker.example:8884');
    await f.fill('form-clientId', 'dev-7');
    await f.page.getByTestId('form-clean').click();
    await f.fill('form-keepalive', '30');
    await f.fill('form-connectTimeout', '5');
    await f.fill('form-reconnect-period', '2500');
    await f.fill('form-websocket-path', '/mqtt');
    await f.page.getByTestId('form-websocket-headers-add').click();
    await f.fill('form-websocket-headers-key-0', 'X-Api-Key');
    await f.fill('form-websocket-headers-value-0', 'k-1');
    await f.fill('form-auth-username', 'alice');
    await f.fill('form-password', 'pa55 word');
    await f.page.getByTestId('form-tls-enabled').click();
    await f.fill('form-tls-ca', 'certs/ca.pem');
    await f.fill('form-mqtt5-sessionExpiryInterval', '120');
    await f.fill('form-mqtt5-receiveMaximum', '20');
    await f.fill('form-mqtt5-maximumPacketSize', '65536');
    await f.fill('form-mqtt5-topicAliasMaximum', '4');
    await f.page.getByTestId('form-mqtt5-requestResponseInformation').click();
    await f.page.getByTestId('form-mqtt5-userProperties-add').click();
    await f.fill('form-mqtt5-userProperties-key-0', 'team');
    await f.fill('form-mqtt5-userProperties-value-0', 'iot');
    await f.fill('form-will-topic', 'clients/plant-5/status');
    await f.page.locator('[data-testid="form-will-payload"] textarea').fill('offline');
    await f.choose('form-will-qos', '1 · at least once');
    await f.page.getByTestId('form-will-retain').click();
    await f.fill('form-will-delayInterval', '5');
    await f.fill('form-will-messageExpiryInterval', '60');
    await f.page.getByTestId('form-will-userProperties-add').click();
    await f.fill('form-will-userProperties-key-0', 'reason');
    await f.fill('form-will-userProperties-value-0', 'lwt');
    await f.page.getByTestId('form-save').click();

    const save = await f.waitForRequest('profileForm/save');
    const expected: JsonObject = {
      name: 'plant-5',
      url: 'wss://broker.example:8884',
      protocolVersion: '5.0',
      clientId: 'dev-7',
      clean: false,
      keepalive: 30,
      connectTimeout: 5,
      reconnect: { enabled: true, period: 2500 },
      websocket: { path: '/mqtt', headers: { 'X-Api-Key': 'k-1' } },
      auth: { username: 'alice' },
      tls: { enabled: true, ca: 'certs/ca.pem', insecureSkipVerify: false },
      mqtt5: { sessionExpiryInterval: 120, receiveMaximum: 20, maximumPacketSize: 65536, topicAliasMaximum: 4, requestResponseInformation: true, userProperties: { team: 'iot' } },
      will: { topic: 'clients/plant-5/status', payload: 'offline', qos: 1, retain: true, delayInterval: 5, messageExpiryInterval: 60, userProperties: { reason: 'lwt' } },
    };
    assert.deepEqual(save.params, { profile: expected, password: { action: 'set', value: 'pa55 word' }, passphrase: { action: 'keep' } });
    assert.equal(await f.page.getByTestId('form-status').innerText(), 'Saving…');
    await f.reply(save, { ok: true, name: 'plant-5', secrets: { ...NO_SECRETS, password: true }, problems: [] });
    await waitFor(async () => (await f.page.getByTestId('form-status').innerText()) === 'Saved "plant-5".', 'the saved status');
    // The typed password is gone from the page once stored; the field says "stored".
    assert.equal(await f.prop('form-password', 'value'), '');
    assert.match(await f.page.getByTestId('form-password-state').innerText(), /Password: stored\./);
    // Saving again without touching the password keeps it.
    const before = (await f.posted()).length;
    await f.page.getByTestId('form-save').click();
    const again = await f.waitForRequest('profileForm/save', before);
    assert.deepEqual(again.params.password, { action: 'keep' });
    f.view.assertHealthy();
  });

  it('never shows a stored password, and clears it only when asked', async function () {
    const profile: JsonObject = { name: 'p', url: 'mqtt://h:1883', protocolVersion: '3.1.1', auth: { username: 'bob' } };
    const f = await open({ mode: 'edit', source: 'user', profile, secrets: { password: true, passphrase: false } });
    assert.equal(await f.prop('form-auth-username', 'value'), 'bob');
    assert.equal(await f.prop('form-password', 'value'), '');
    assert.match(await f.page.getByTestId('form-password-state').innerText(), /Password: stored\./);
    // The host never sends a secret (ProfileFormInit has no field for one); the input starts empty.
    assert.equal(await f.page.locator('[data-testid="form-password"] input').inputValue(), '');
    await f.page.getByTestId('form-password-clear').click();
    assert.match(await f.page.getByTestId('form-password-state').innerText(), /will be removed when you save/);
    await f.page.getByTestId('form-save').click();
    const save = await f.waitForRequest('profileForm/save');
    assert.deepEqual(save.params.password, { action: 'clear' });
    assert.deepEqual(save.params.profile, { name: 'p', url: 'mqtt://h:1883', protocolVersion: '3.1.1', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: true, period: 1000 }, auth: { username: 'bob' } });
    f.view.assertHealthy();
  });

  it('shows the host\'s problems at their fields, and the others at the bottom', async function () {
    const f = await open({ mode: 'add', source: 'user', secrets: NO_SECRETS });
    await f.fill('form-name', 'x');
    await f.fill('form-keepalive', 'soon');
    await f.page.getByTestId('form-save').click();
    const save = await f.waitForRequest('profileForm/save');
    assert.equal(save.params.profile.keepalive, 'soon', 'a bad number is sent as typed, for the host to name');
    await f.reply(save, {
      ok: false,
      problems: [
        { field: 'keepalive', message: '"keepalive" must be a whole number from 0 to 65535.', severity: 'error' },
        { field: 'mqtt5.userProperties.team', message: 'user property values must be strings', severity: 'error' },
        { field: 'tls.ca', message: 'certs/ca.pem: no such file', severity: 'error' },
        { field: '', message: 'The profile needs a "url".', severity: 'error' },
      ],
    });
    await f.page.getByTestId('form-keepalive-problems').waitFor();
    assert.equal(await f.page.getByTestId('form-keepalive-problems').innerText(), '"keepalive" must be a whole number from 0 to 65535.');
    assert.equal(await f.page.getByTestId('form-keepalive').getAttribute('aria-invalid'), 'true');
    assert.equal(await f.page.getByTestId('form-mqtt5-userProperties-problems').innerText(), 'user property values must be strings');
    assert.equal(await f.page.getByTestId('form-tls-ca-problems').innerText(), 'certs/ca.pem: no such file');
    assert.equal(await f.page.getByTestId('form-problems').innerText(), 'The profile needs a "url".');
    assert.equal(await f.page.getByTestId('form-status').innerText(), 'Not saved: 4 problems to fix.');
    f.view.assertHealthy();
  });

  it('asks the host for certificate files and takes the path it returns', async function () {
    const f = await open({ mode: 'add', source: 'user', secrets: NO_SECRETS });
    await f.page.getByTestId('form-tls-key-browse').click();
    const pick = await f.waitForRequest('profileForm/pickFile');
    assert.deepEqual(pick.params, { field: 'key' });
    await f.reply(pick, { path: 'certs/client.key' });
    await waitFor(async () => (await f.prop('form-tls-key', 'value')) === 'certs/client.key', 'the picked path');
    assert.equal(await f.page.getByTestId('form-insecure-warning').count(), 0);
    await f.page.getByTestId('form-tls-insecureSkipVerify').click();
    assert.match(await f.page.getByTestId('form-insecure-warning').innerText(), /INSECURE/);
    f.view.assertHealthy();
  });

  it('renders hostile strings from the stored profile and the host as text', async function () {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const f = await open({
      mode: 'edit',
      source: 'workspace',
      profile: { name: hostile, url: 'mqtt://h', will: { topic: hostile, payload: hostile, qos: 0, retain: false }, mqtt5: { userProperties: { [hostile]: hostile } } },
      secrets: NO_SECRETS,
    });
    assert.equal(await f.prop('form-name', 'value'), hostile);
    assert.match(await f.page.locator('h1').innerText(), /<img src=x/);
    assert.equal(await f.prop('form-mqtt5-userProperties-key-0', 'value'), hostile);
    await f.page.getByTestId('form-save').click();
    const save = await f.waitForRequest('profileForm/save');
    await f.reply(save, { ok: false, problems: [{ field: 'name', message: hostile, severity: 'error' }] });
    await f.page.getByTestId('form-name-problems').waitFor();
    assert.equal(await f.page.getByTestId('form-name-problems').innerText(), hostile);
    assert.equal(await f.page.locator('img').count(), 0);
    assert.equal(await f.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    f.view.assertHealthy();
  });

  it('generates a client id', async function () {
    const f = await open({ mode: 'add', source: 'user', secrets: NO_SECRETS });
    await f.page.getByTestId('form-generate-client-id').click();
    await waitFor(async () => /^tracemq-[0-9a-f]{8}$/.test(String(await f.prop('form-clientId', 'value'))), 'a generated client id');
    f.view.assertHealthy();
  });

  it('closes at once on Close when nothing was changed', async function () {
    const f = await open({ mode: 'edit', source: 'user', profile: { name: 'lab', url: 'mqtt://lab:1883' }, secrets: NO_SECRETS });
    await f.page.getByTestId('form-cancel').click();
    await waitFor(async () => (await f.posted()).some((m) => m.kind === 'notify' && m.method === 'profileForm/cancel'), 'profileForm/cancel');
    assert.equal(await f.page.getByTestId('form-confirm-discard').count(), 0);
    f.view.assertHealthy();
  });

  it('asks before discarding unsaved edits on Close, and Keep editing keeps them', async function () {
    const f = await open({ mode: 'edit', source: 'user', profile: { name: 'lab', url: 'mqtt://lab:1883' }, secrets: NO_SECRETS });
    await f.fill('form-clientId', 'edited');
    await f.page.getByTestId('form-cancel').click();
    await f.page.getByTestId('form-confirm-discard').waitFor();
    assert.equal((await f.posted()).filter((m) => m.kind === 'notify' && m.method === 'profileForm/cancel').length, 0, 'nothing closed yet');
    await f.page.getByTestId('form-keep-editing').click();
    await f.page.getByTestId('form-save').waitFor();
    assert.equal(await f.prop('form-clientId', 'value'), 'edited');
    f.view.assertHealthy();
  });

  it('closes without saving when the user confirms Discard', async function () {
    const f = await open({ mode: 'edit', source: 'user', profile: { name: 'lab', url: 'mqtt://lab:1883' }, secrets: NO_SECRETS });
    await f.fill('form-clientId', 'edited');
    await f.page.getByTestId('form-cancel').click();
    await f.page.getByTestId('form-discard').click();
    await waitFor(async () => (await f.posted()).some((m) => m.kind === 'notify' && m.method === 'profileForm/cancel'), 'profileForm/cancel');
    assert.equal((await f.posted()).filter((m) => m.kind === 'request' && m.method === 'profileForm/save').length, 0);
    f.view.assertHealthy();
  });

  it('checks the profile as the user types, once typing pauses, and shows the problem at its field', async function () {
    view = await LogWebview.open(browser, server, { readyTestId: 'profile-form-loading', viewport: { width: 1000, height: 2400 }, fakeClock: true });
    const f = new FormPage(view);
    await f.init({ mode: 'add', source: 'user', secrets: NO_SECRETS });
    const checks = async (): Promise<number> => (await f.posted()).filter((m) => m.kind === 'request' && m.method === 'profileForm/validate').length;
    await f.fill('form-keepalive', '-');
    await f.fill('form-keepalive', '-5');
    await f.page.clock.runFor(VALIDATE_DELAY_MS - 50);
    assert.equal(await checks(), 0, 'not while typing');
    await f.page.clock.runFor(50);
    const request = await f.waitForRequest('profileForm/validate');
    assert.equal(await checks(), 1, 'one check for the pause');
    assert.equal(request.params.profile.keepalive, -5);
    await f.reply(request, { problems: [{ field: 'keepalive', message: 'Keep alive must be 0 or more seconds.', severity: 'error' }] });
    await waitFor(async () => (await f.page.getByTestId('form-keepalive-problems').count()) === 1, 'the problem at the field');
    assert.equal(await f.page.getByTestId('form-keepalive-problems').innerText(), 'Keep alive must be 0 or more seconds.');
    assert.equal(await f.page.getByTestId('form-keepalive').getAttribute('aria-invalid'), 'true');
    f.view.assertHealthy();
  });

  it('shows problems found while typing only at fields the user typed in', async function () {
    view = await LogWebview.open(browser, server, { readyTestId: 'profile-form-loading', viewport: { width: 1000, height: 2400 }, fakeClock: true });
    const f = new FormPage(view);
    await f.init({ mode: 'add', source: 'user', secrets: NO_SECRETS });
    await f.fill('form-keepalive', '-5');
    await f.page.clock.runFor(VALIDATE_DELAY_MS);
    await f.reply(await f.waitForRequest('profileForm/validate'), {
      problems: [
        { field: 'url', message: 'A broker URL is required.', severity: 'error' },
        { field: 'keepalive', message: 'Keep alive must be 0 or more seconds.', severity: 'error' },
      ],
    });
    await f.page.getByTestId('form-keepalive-problems').waitFor();
    assert.equal(await f.page.getByTestId('form-url-problems').count(), 0);
    f.view.assertHealthy();
  });

  it('takes focus to the first field with an error, scrolled into view, when Save is refused', async function () {
    view = await LogWebview.open(browser, server, { readyTestId: 'profile-form-loading', viewport: { width: 1000, height: 600 } });
    const f = new FormPage(view);
    await f.init({ mode: 'add', source: 'user', secrets: NO_SECRETS });
    await f.page.getByTestId('form-save').click();
    const request = await f.waitForRequest('profileForm/save');
    await f.reply(request, {
      ok: false,
      problems: [
        { field: 'will.qos', message: 'QoS must be 0, 1 or 2.', severity: 'error' },
        { field: 'mqtt5.receiveMaximum', message: 'Receive maximum must be 1 to 65535.', severity: 'error' },
      ],
    });
    await waitFor(
      async () => (await f.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'form-mqtt5-receiveMaximum',
      'focus on the first field with an error (Receive maximum comes before the will in the form)',
    );
    const inView = await f.page.getByTestId('form-mqtt5-receiveMaximum').evaluate((el) => {
      const r = el.getBoundingClientRect();
      const footer = document.querySelector('.form-actions')!.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= footer.top;
    });
    assert.equal(inView, true, 'the field is on screen, above the sticky footer');
    f.view.assertHealthy();
  });

  it('keeps Save and Close on screen while the form is scrolled', async function () {
    view = await LogWebview.open(browser, server, { readyTestId: 'profile-form-loading', viewport: { width: 1000, height: 500 } });
    const f = new FormPage(view);
    await f.init({ mode: 'add', source: 'user', secrets: NO_SECRETS });
    const onScreen = async (testId: string): Promise<boolean> =>
      f.page.getByTestId(testId).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      });
    assert.equal(await onScreen('form-save'), true, 'at the top');
    await f.page.evaluate(() => { window.scrollTo(0, document.body.scrollHeight / 2); });
    assert.equal(await onScreen('form-save'), true, 'half way down');
    assert.equal(await onScreen('form-cancel'), true);
    f.view.assertHealthy();
  });

  it('sends Save & Connect as a save that asks to connect', async function () {
    const f = await open({ mode: 'edit', source: 'user', profile: { name: 'lab', url: 'mqtt://lab:1883' }, secrets: NO_SECRETS });
    await f.page.getByTestId('form-save-connect').click();
    const request = await f.waitForRequest('profileForm/save');
    assert.equal(request.params.connect, true);
    assert.equal(request.params.profile.name, 'lab');
    await f.reply(request, { ok: true, name: 'lab', secrets: NO_SECRETS, problems: [] });
    await waitFor(async () => (await f.page.getByTestId('form-status').innerText()) === 'Saved "lab"; connecting.', 'the status');
    f.view.assertHealthy();
  });

  it('sends Save without asking to connect', async function () {
    const f = await open({ mode: 'edit', source: 'user', profile: { name: 'lab', url: 'mqtt://lab:1883' }, secrets: NO_SECRETS });
    await f.page.getByTestId('form-save').click();
    const request = await f.waitForRequest('profileForm/save');
    assert.equal(request.params.connect, undefined);
    f.view.assertHealthy();
  });
});
