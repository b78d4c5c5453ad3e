import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IConnectPacket } from 'mqtt-packet';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { generateCerts, type TestCerts } from '../harness/certs';
import { launchChromium } from '../harness/chromium';
import { startCodeServer, type CodeServerHandle } from '../harness/codeServer';
import { startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { startRecordingProxy, type RecordingProxy } from '../harness/recordingProxy';
import { VsCodeDriver } from '../harness/vscodeDriver';

const VSIX = join(__dirname, '..', '..', 'dist', 'tracemq.vsix');
const tag = randomBytes(5).toString('hex');
/** Every secret of the suite: distinct, so that a leak names its flow. */
const SECRETS = {
  setPasswordCommand: `setpw-${tag}-Alpha1`,
  setPassphraseCommand: `setpp-${tag}-Bravo2`,
  formPassword: `formpw-${tag}-Charlie3`,
  formPassphrase: `formpp-${tag}-Delta4`,
  sharedName: `shared-${tag}-Echo5`,
  tlsWorkspacePassword: `tlspw-${tag}-Foxtrot6`,
};

/** The ways a secret could be written down: as is, UTF-16, hex, and base64 at each byte alignment. */
function encodings(secret: string): { how: string; bytes: Buffer }[] {
  const plain = Buffer.from(secret, 'utf8');
  const out = [
    { how: 'utf-8', bytes: plain },
    { how: 'utf-16le', bytes: Buffer.from(secret, 'utf16le') },
    { how: 'hex', bytes: Buffer.from(plain.toString('hex')) },
    { how: 'HEX', bytes: Buffer.from(plain.toString('hex').toUpperCase()) },
    // A log that shortens long strings still shows their start (VS Code's trace log keeps 15 characters).
    { how: 'its first 14 characters', bytes: plain.subarray(0, 14) },
  ];
  for (let align = 0; align < 3; align++) {
    // base64 of the secret after `align` other bytes: drop the groups that hold neighbouring bytes.
    const b64 = Buffer.concat([Buffer.alloc(align), plain]).toString('base64');
    out.push({ how: `base64+${align}`, bytes: Buffer.from(b64.slice(align === 0 ? 0 : 4, -4)) });
  }
  return out;
}

/** Which secrets (and how written) occur in `data`. */
function leaksIn(data: Buffer): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (const { how, bytes } of encodings(secret)) if (data.includes(bytes)) found.push(`${name} (${how})`);
  }
  return found;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Types into a field of the profile form. */
async function fill(form: FrameLocator, testId: string, value: string): Promise<void> {
  await form.locator(`[data-testid="${testId}"] input`).first().fill(value);
}

interface BrowserStorage {
  localStorage: Record<string, string>;
  /** "database/store" → key → value (strings as they are, other values as JSON, bytes as text). */
  indexedDb: Record<string, Record<string, string>>;
}

/** Everything the workbench page keeps in the browser: localStorage and every IndexedDB database. */
async function readBrowserStorage(page: Page): Promise<BrowserStorage> {
  // tsx compiles the function below with esbuild's keepNames, which wraps named inner functions in
  // a `__name` helper that the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(async () => {
    const text = (v: unknown): string =>
      typeof v === 'string' ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : v instanceof ArrayBuffer ? new TextDecoder().decode(new Uint8Array(v)) : JSON.stringify(v);
    const request = <T,>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => { resolve(r.result); };
        r.onerror = () => { reject(r.error ?? new Error('IndexedDB request failed')); };
      });
    const indexedDb: Record<string, Record<string, string>> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await request(indexedDB.open(info.name));
      for (const storeName of [...db.objectStoreNames]) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const keys = await request(store.getAllKeys());
        const values = await request(store.getAll());
        indexedDb[`${info.name}/${storeName}`] = Object.fromEntries(keys.map((k, i) => [text(k), text(values[i])]));
      }
      db.close();
    }
    const local: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? '';
      local[key] = localStorage.getItem(key) ?? '';
    }
    return { localStorage: local, indexedDb };
  });
}

/**
 * Secrets audit (issue 7, "Secrets and trust"), in a real VS Code (code-server) with the packaged
 * extension: passwords and TLS key passphrases go in through every flow a user has (Set Password,
 * the profile form), are used for real (the broker accepts them; an encrypted client key opens),
 * and then are looked for everywhere VS Code and TraceMQ write: none found. code-server runs with
 * `DEBUG=mqttjs*,mqtt-packet*` and `--log trace`.
 *
 * Where code-server 4.139 keeps things (found by this test, not assumed): secrets in the browser's
 * localStorage under `secrets.provider`, AES-encrypted with a key half kept by the server
 * (`<user-data>/serve-web-key-half`); global and workspace state in the browser's IndexedDB
 * (`vscode-web-state-db-global`, `vscode-web-state-db-<workspace>`), not in a state.vscdb on the
 * server; logs under `<user-data>/logs`, the extension host's console in the browser console.
 *
 * Also: a workspace profile that reuses a stored profile's name for another host gets no stored
 * password, checked on the wire with a recording proxy.
 */
describe('secrets audit in VS Code (code-server): no password or passphrase is written anywhere', function () {
  let broker: Mosquitto;
  let certs: TestCerts;
  let proxyA: RecordingProxy;
  let proxyB: RecordingProxy;
  let codeServer: CodeServerHandle;
  let browser: Browser;
  let vscode: VsCodeDriver;
  let workspace: string;
  let formKey: string;
  let workspaceKey: string;
  const consoleLines: string[] = [];
  let storage: BrowserStorage | undefined;
  /** code-server's encrypted secret store before any secret of the suite was set. */
  let secretsProviderBefore = '';

  const clientId = (name: string): string => `tracemq-audit-${name}-${process.pid}`;
  const writeProfiles = (sharedUrl: string): void => {
    writeFileSync(
      join(workspace, '.tracemq.json'),
      JSON.stringify(
        {
          profiles: [
            { name: 'audit-setpw', url: broker.url, clientId: clientId('setpw'), auth: { username: 'alice' } },
            { name: 'shared', url: sharedUrl, clientId: clientId('shared'), auth: { username: 'carol' } },
            {
              name: 'audit-tls-ws',
              url: `mqtts://localhost:${String(broker.mtlsPort)}`,
              clientId: clientId('tlsws'),
              auth: { username: 'dave' },
              tls: { ca: certs.ca, cert: certs.clientCert, key: workspaceKey },
            },
          ],
        },
        null,
        2,
      ),
    );
  };

  before(async function () {
    if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first (npm test does).`);
    certs = generateCerts();
    // The client key encrypted twice more, with this suite's passphrases.
    formKey = join(certs.dir, 'client-form.key');
    workspaceKey = join(certs.dir, 'client-workspace.key');
    execFileSync('openssl', ['pkey', '-in', certs.clientKey, '-aes256', '-passout', `pass:${SECRETS.formPassphrase}`, '-out', formKey]);
    execFileSync('openssl', ['pkey', '-in', certs.clientKey, '-aes256', '-passout', `pass:${SECRETS.setPassphraseCommand}`, '-out', workspaceKey]);
    broker = await startMosquitto({
      users: { alice: SECRETS.setPasswordCommand, bob: SECRETS.formPassword, carol: SECRETS.sharedName, dave: SECRETS.tlsWorkspacePassword },
      tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey },
    });
    proxyA = await startRecordingProxy(broker.port);
    proxyB = await startRecordingProxy(broker.port);
    workspace = mkdtempSync(join(tmpdir(), 'tracemq-e2e-secrets-'));
    writeProfiles(`mqtt://127.0.0.1:${String(proxyA.port)}`);
    codeServer = await startCodeServer({ vsix: VSIX, workspace, env: { DEBUG: 'mqttjs*,mqtt-packet*' }, logLevel: 'trace' });
    browser = await launchChromium();
    vscode = await VsCodeDriver.open(browser, codeServer.url, {
      onPage: (page) => {
        page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
        page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
      },
    });
    await vscode.openView('TraceMQ');
    await vscode.treeItem('audit-setpw').waitFor();
  });

  after(async () => {
    await (browser as Browser | undefined)?.close();
    await (codeServer as CodeServerHandle | undefined)?.stop();
    await (codeServer as CodeServerHandle | undefined)?.removeFiles();
    await (proxyA as RecordingProxy | undefined)?.close();
    await (proxyB as RecordingProxy | undefined)?.close();
    await (broker as Mosquitto | undefined)?.stop();
    (certs as TestCerts | undefined)?.remove();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  async function setPassword(profile: string, secret: string, which?: 'Password' | 'Key passphrase'): Promise<void> {
    await vscode.runCommandAndPick('TraceMQ: Set Password', profile);
    if (which) await vscode.pickQuickItem(which);
    await vscode.typeInInputBox(secret, { password: true });
    await vscode.waitForNotification(new RegExp(`${which === 'Key passphrase' ? 'key passphrase' : 'password'} of "${profile}" saved in secret storage`));
  }

  /** Connect asks which profile unless only one is not connected (`pick` false). */
  async function connect(profile: string, pick = true): Promise<void> {
    if (pick) await vscode.runCommandAndPick('TraceMQ: Connect', profile);
    else await vscode.runCommand('TraceMQ: Connect');
  }

  const connected = (profile: string, source = ''): Promise<void> =>
    vscode.treeItem(profile).locator('.label-description', { hasText: new RegExp(`^connected${source}$`) }).waitFor({ timeout: 30_000 });

  it('sets a password with Set Password; the broker accepts it', async () => {
    secretsProviderBefore = await vscode.page.evaluate(() => localStorage.getItem('secrets.provider') ?? '');
    await setPassword('audit-setpw', SECRETS.setPasswordCommand);
    await connect('audit-setpw');
    await broker.waitForLog(new RegExp(`New client connected from \\S+ as ${clientId('setpw')} \\(p5, c1, k60, u'alice'\\)`), 30_000);
    await connected('audit-setpw');
  });

  it('sets a password and a key passphrase with Set Password on a mutual-TLS profile with an encrypted key; it connects', async () => {
    await setPassword('audit-tls-ws', SECRETS.tlsWorkspacePassword, 'Password');
    await setPassword('audit-tls-ws', SECRETS.setPassphraseCommand, 'Key passphrase');
    await connect('audit-tls-ws');
    await broker.waitForLog(new RegExp(`as ${clientId('tlsws')} \\(p5, c1, k60, u'dave'\\)`), 30_000);
    await connected('audit-tls-ws');
  });

  it('sets a password and a key passphrase in the profile form (mutual TLS, encrypted key); it connects', async () => {
    await vscode.runCommand('TraceMQ: Add Profile');
    const form = await vscode.webviewFrame('New MQTT Profile');
    await form.locator('[data-testid="profile-form"]').waitFor();
    await fill(form, 'form-name', 'audit-form');
    await fill(form, 'form-url', `mqtts://localhost:${String(broker.mtlsPort)}`);
    await fill(form, 'form-clientId', clientId('form'));
    await fill(form, 'form-auth-username', 'bob');
    await fill(form, 'form-password', SECRETS.formPassword);
    await fill(form, 'form-tls-ca', certs.ca);
    await fill(form, 'form-tls-cert', certs.clientCert);
    await fill(form, 'form-tls-key', formKey);
    await fill(form, 'form-passphrase', SECRETS.formPassphrase);
    await form.locator('[data-testid="form-save"]').click();
    await form.locator('[data-testid="form-status"]', { hasText: 'Saved "audit-form".' }).waitFor({ timeout: 15_000 });
    await connect('audit-form');
    await broker.waitForLog(new RegExp(`as ${clientId('form')} \\(p5, c1, k60, u'bob'\\)`), 30_000);
    await connected('audit-form', ' · user');
    // The form keeps focus otherwise, and a quick pick opened next could lose it and close.
    await vscode.runCommand('View: Close All Editors');
  });

  it('a workspace profile that reuses a name for another host gets no stored password: none on the wire', async () => {
    // The password of "shared" is set while it points at 127.0.0.1:<A>; it is sent there.
    await setPassword('shared', SECRETS.sharedName);
    await connect('shared', false);
    const first = (await proxyA.waitFor((p, from) => from === 'client' && p.cmd === 'connect', 30_000)) as IConnectPacket;
    assert.equal(first.username, 'carol');
    assert.equal(first.password?.toString(), SECRETS.sharedName, 'the stored password goes to the host it was stored for');
    await connected('shared');
    await vscode.runCommandAndPick('TraceMQ: Disconnect', 'shared');
    await vscode.treeItem('shared').locator('.label-description', { hasText: /^mqtt:\/\/127\.0\.0\.1:/ }).waitFor();

    // The workspace file now says "shared" is at another host (localhost:<B>): same name, same user.
    writeProfiles(`mqtt://localhost:${String(proxyB.port)}`);
    await vscode.treeItem('shared').locator('.label-description', { hasText: /^mqtt:\/\/localhost:/ }).waitFor({ timeout: 30_000 });
    await connect('shared', false);
    const second = (await proxyB.waitFor((p, from) => from === 'client' && p.cmd === 'connect', 30_000)) as IConnectPacket;
    assert.equal(second.username, 'carol', 'the profile connected through the other host');
    assert.equal(second.password, undefined, 'no password was sent to the other host');
    assert.deepEqual(leaksIn(Buffer.concat(proxyB.packets.map((p) => Buffer.from(JSON.stringify(p.packet))))), [], 'nothing of any secret reached the other host');
    // The broker refuses the login without a password; TraceMQ says so and does not retry.
    await vscode.treeItem('shared').locator('.label-description', { hasText: /^error: .*(not authori[sz]ed|user name or password)/i }).waitFor({ timeout: 30_000 });
    await vscode.dismissNotifications();
  });

  it('keeps no secret in the browser: localStorage holds them only encrypted under secrets.provider; global and workspace state never', async () => {
    // VS Code writes state to IndexedDB in the background: wait until TraceMQ's own state is there
    // (the form's user profile), so that what is searched is known to be up to date.
    const deadline = Date.now() + 60_000;
    for (;;) {
      storage = await readBrowserStorage(vscode.page);
      const global = storage.indexedDb['vscode-web-state-db-global/ItemTable'] ?? {};
      if ((global['tracemq.tracemq'] ?? '').includes('"audit-form"')) break;
      if (Date.now() > deadline) throw new Error(`TraceMQ's global state never reached IndexedDB; stores: ${Object.keys(storage.indexedDb).join(', ')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // TraceMQ's keys: its global state (user profiles, publish library) and its workspace state.
    const traceMq = Object.entries(storage.indexedDb).flatMap(([store, items]) => Object.entries(items).filter(([key]) => key.startsWith('tracemq')).map(([key, value]) => ({ store, key, value })));
    assert.ok(traceMq.some((e) => e.key === 'tracemq.tracemq' && e.value.includes('"username":"bob"')), 'TraceMQ\'s global state holds the form profile (user name, no password)');
    for (const e of traceMq) assert.deepEqual(leaksIn(Buffer.from(e.value)), [], `${e.store} ${e.key}`);
    // Every other key of every database and store.
    for (const [store, items] of Object.entries(storage.indexedDb)) {
      for (const [key, value] of Object.entries(items)) assert.deepEqual(leaksIn(Buffer.from(key + '\n' + value)), [], `IndexedDB ${store} ${key}`);
    }
    // Secrets are in localStorage under secrets.provider, encrypted: no plaintext (or encoding of it) anywhere.
    const provider = storage.localStorage['secrets.provider'] ?? '';
    assert.ok(provider.length > secretsProviderBefore.length + 6 * 16, `code-server keeps the secrets in localStorage under secrets.provider (${secretsProviderBefore.length} → ${provider.length} characters)`);
    for (const [key, value] of Object.entries(storage.localStorage)) assert.deepEqual(leaksIn(Buffer.from(key + '\n' + value)), [], `localStorage ${key}`);
  });

  it('writes no secret and no mqtt.js debug line to the browser console (where the extension host console goes)', () => {
    assert.ok(consoleLines.length > 0, 'the console was captured');
    assert.deepEqual(leaksIn(Buffer.from(consoleLines.join('\n'))), []);
    assert.deepEqual(consoleLines.filter((l) => /\bmqttjs(:[\w-]+)?\s|\bmqtt-packet:/.test(l)), []);
  });

  it('ships the host bundle without the debug package: mqtt.js debug calls go to a silent stand-in', () => {
    const installed = readdirSync(codeServer.extensionsDir).find((d) => d.startsWith('tracemq.tracemq-'));
    assert.ok(installed, 'the extension is installed');
    const bundle = readFileSync(join(codeServer.extensionsDir, installed, 'dist', 'extension.js'), 'utf8');
    assert.ok(bundle.includes('mqttjs:client'), 'mqtt.js (and its debug calls) is in the bundle');
    for (const mark of ['DEBUG_COLORS', 'inspectOpts', 'process.env.DEBUG', 'localStorage']) {
      assert.ok(!bundle.includes(mark), `the bundle holds the debug package's "${mark}": mqtt.js could print packets (a CONNECT's password) when DEBUG is set`);
    }
  });

  it('writes no secret to any file: .tracemq.json, settings.json, the TraceMQ output channel, every extension host log, all user data', async () => {
    const exthostLogs = await codeServer.exthostLogText();
    assert.match(exthostLogs, /\[audit-setpw\] connecting to mqtt:\/\/127\.0\.0\.1:\d+ \(MQTT 5\.0/, 'the TraceMQ output channel log is among them');
    assert.match(exthostLogs, /\[trace\]/, 'logs were written at trace level');
    // Stopped first, so that everything is flushed to disk; the files stay until the after hook.
    await browser.close();
    await codeServer.stop({ keepFiles: true });
    const files = [...filesUnder(codeServer.dir), ...filesUnder(workspace)];
    const must = [
      join(workspace, '.tracemq.json'),
      join(codeServer.userDataDir, 'User', 'settings.json'),
    ];
    for (const f of must) assert.ok(files.includes(f), `${f} is searched`);
    assert.ok(files.some((f) => /exthost\d*\/tracemq\.tracemq\/TraceMQ\.log$/.test(f)), 'the TraceMQ output channel log is searched');
    assert.ok(files.some((f) => /exthost\d*\/remoteexthost\.log$/.test(f)), 'the extension host log is searched');
    assert.ok(files.some((f) => f.endsWith('code-server.log')), "code-server's own log is searched");
    const databases = files.filter((f) => f.endsWith('.vscdb'));
    const leaks: string[] = [];
    let bytes = 0;
    for (const f of files) {
      if (statSync(f).size > 64 * 1024 * 1024) continue; // none expected; keeps a stray core dump from stalling the test
      const data = readFileSync(f);
      bytes += data.length;
      for (const l of leaksIn(data)) leaks.push(`${f}: ${l}`);
    }
    assert.deepEqual(leaks, []);
    assert.deepEqual(
      files.filter((f) => /\bmqttjs(:[\w-]+)? /.test(readFileSync(f, 'latin1').replace(/"DEBUG":"[^"]*"|DEBUG: '[^']*'/g, ''))).map((f) => f.slice(codeServer.dir.length)),
      [],
      'no mqtt.js debug line in any file',
    );
    console.log(`      searched ${files.length} files (${(bytes / 1024 / 1024).toFixed(1)} MB; SQLite state files: ${databases.length}), ${Object.keys(storage?.indexedDb ?? {}).length} IndexedDB stores, ${Object.keys(storage?.localStorage ?? {}).length} localStorage keys, ${consoleLines.length} console lines for ${Object.keys(SECRETS).length} secrets in ${encodings('x').length} encodings each`);
  });
});
