import { strict as assert } from 'node:assert';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type IClientPublishOptions } from 'mqtt';
import type { FrameLocator, Locator } from 'playwright-core';
import type { CodeServerHandle } from '../harness/codeServer';
import { cspOf } from '../harness/csp';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import type { VsCodeDriver } from '../harness/vscodeDriver';
import { connectAndOpenLog, openWorkbench, type Workbench } from '../harness/workbench';

const PROFILE = 'hostile';
/** Set by any hostile script that manages to run, in whichever window it runs. */
const FLAG = '__tracemqPwned';
const SIXTEEN_MB = 16 * 1024 * 1024;
/** How long a detail may take to show: an ordinary message, and the 16 MB one (it crosses code-server's socket). */
const DETAIL_BOUND_MS = 3000;
const BIG_DETAIL_BOUND_MS = 15_000;

interface Hostile {
  what: string;
  topic: string;
  payload: Buffer;
  properties?: IClientPublishOptions['properties'];
  /** The row's topic text: the topic with hidden and direction-changing characters made visible. */
  rowTopic: string;
  /** The row's payload text starts with this. */
  rowPayload: string;
  /** What the detail pane shows in the Text view (a part of it). */
  text: string;
  /** In the JSON view: a part of the pretty JSON, or of the note saying why it is not shown as JSON. */
  json: RegExp;
  /** The first line of the Hex view. */
  hex: string;
  /** Text of the properties table (a part of it). */
  propertiesText?: RegExp;
}

const script = `<script>window.${FLAG}='script';window.top.${FLAG}='script'</script>`;
const img = `<img src=x onerror="window.${FLAG}='img';window.top.${FLAG}='img'">`;
const deepJson = '['.repeat(100_000) + ']'.repeat(100_000);
const bigUnit = `<img src=x onerror="window.${FLAG}='16mb'">`;
const big = Buffer.alloc(SIXTEEN_MB, bigUnit);

/** The first line of a classic hex dump of `bytes` (offset, 16 bytes, ASCII), as hexDump writes it. */
function hexLine(bytes: Buffer): string {
  const row = [...bytes.subarray(0, 16)];
  const hex = row.map((b, i) => `${b.toString(16).padStart(2, '0')} ${i === 7 ? ' ' : ''}`).join('');
  return `00000000  ${hex}`.trimEnd();
}

const CORPUS: Hostile[] = [
  {
    what: 'a <script> element',
    topic: 'hostile/html/script',
    payload: Buffer.from(script),
    rowTopic: 'hostile/html/script',
    rowPayload: script,
    text: script,
    json: /Not valid JSON/,
    hex: hexLine(Buffer.from(script)),
  },
  {
    what: 'an <img onerror> element',
    topic: 'hostile/html/img',
    payload: Buffer.from(img),
    rowTopic: 'hostile/html/img',
    rowPayload: img,
    text: img,
    json: /Not valid JSON/,
    hex: hexLine(Buffer.from(img)),
  },
  {
    what: 'markup in the topic',
    topic: `hostile/${script}/${img}`,
    payload: Buffer.from('the topic is the attack'),
    rowTopic: `hostile/${script}/${img}`,
    rowPayload: 'the topic is the attack',
    text: 'the topic is the attack',
    json: /Not valid JSON/,
    hex: hexLine(Buffer.from('the topic is the attack')),
  },
  {
    what: 'a javascript: URI',
    topic: `hostile/uri/javascript:window.${FLAG}='topic-uri'`,
    payload: Buffer.from(`javascript:window.${FLAG}='js-uri'`),
    rowTopic: `hostile/uri/javascript:window.${FLAG}='topic-uri'`,
    rowPayload: `javascript:window.${FLAG}='js-uri'`,
    text: `javascript:window.${FLAG}='js-uri'`,
    json: /Not valid JSON/,
    hex: hexLine(Buffer.from(`javascript:window.${FLAG}='js-uri'`)),
  },
  {
    what: 'a command: URI that would quit VS Code',
    topic: 'hostile/uri/command:workbench.action.quit',
    payload: Buffer.from('command:workbench.action.quit'),
    rowTopic: 'hostile/uri/command:workbench.action.quit',
    rowPayload: 'command:workbench.action.quit',
    text: 'command:workbench.action.quit',
    json: /Not valid JSON/,
    hex: hexLine(Buffer.from('command:workbench.action.quit')),
  },
  {
    what: 'right-to-left overrides and isolates',
    topic: 'hostile/rtl/\u202Etxt.exe',
    payload: Buffer.from('invoice\u202Efdp.exe \u2066isolated\u2069 \u200Fmark'),
    rowTopic: 'hostile/rtl/\\u202Etxt.exe',
    rowPayload: 'invoice\\u202Efdp.exe \\u2066isolated\\u2069 \\u200Fmark',
    text: 'invoice\\u202Efdp.exe \\u2066isolated\\u2069 \\u200Fmark',
    json: /Not valid JSON/,
    hex: hexLine(Buffer.from('invoice\u202Efdp.exe')),
  },
  {
    what: 'zero-width characters',
    topic: 'hostile/zero\u200Bwidth\uFEFF',
    payload: Buffer.from('pass\u200Bword\u2060=\uFEFFsecret\u00AD'),
    rowTopic: 'hostile/zero\\u200Bwidth\\uFEFF',
    rowPayload: 'pass\\u200Bword\\u2060=\\uFEFFsecret\\u00AD',
    text: 'pass\\u200Bword\\u2060=\\uFEFFsecret\\u00AD',
    json: /Not valid JSON/,
    hex: hexLine(Buffer.from('pass\u200Bword\u2060=\uFEFFsecret')),
  },
  {
    what: 'invalid UTF-8',
    topic: 'hostile/bytes/invalid-utf8',
    payload: Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x62]),
    rowTopic: 'hostile/bytes/invalid-utf8',
    rowPayload: '61 ff fe c3 28 ed a0 80 62',
    // Not text: the Text view falls back to the hex dump and says why.
    text: '61 ff fe c3 28 ed a0 80  62',
    json: /not (valid )?UTF-8|not text/i,
    hex: hexLine(Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x62])),
  },
  {
    what: 'NUL and other control characters',
    topic: 'hostile/bytes/nul',
    payload: Buffer.from('a\u0000b\u0000c\u001b[31mred\u0007\r\nnext'),
    rowTopic: 'hostile/bytes/nul',
    rowPayload: 'a\u2400b\u2400c\u241b[31mred\u2407\u21b5next',
    text: 'a\u2400b\u2400c\u241b[31mred\u2407\nnext', // the CRLF a real line break (its ↵ mark is CSS, not text)
    json: /Not valid JSON/,
    hex: hexLine(Buffer.from('a\u0000b\u0000c\u001b[31mred\u0007\r\nnext')),
  },
  {
    what: '100,000-deep JSON',
    topic: 'hostile/json/deep',
    payload: Buffer.from(deepJson),
    rowTopic: 'hostile/json/deep',
    rowPayload: '['.repeat(256),
    text: '['.repeat(1000),
    json: /Nested deeper than 64 levels/,
    hex: hexLine(Buffer.from(deepJson)),
  },
  {
    what: 'JSON whose strings hold markup',
    topic: 'hostile/json/markup',
    payload: Buffer.from(JSON.stringify({ html: img, href: `javascript:window.${FLAG}='json'`, nested: { script } })),
    rowTopic: 'hostile/json/markup',
    rowPayload: '{"html":"<img src=x onerror=',
    text: '{"html":"<img src=x onerror=',
    json: /"html": "<img src=x onerror=/,
    hex: hexLine(Buffer.from('{"html":"<img src=x onerror=')),
  },
  {
    what: 'hostile MQTT 5 properties (user properties, content type, response topic, correlation data)',
    topic: 'hostile/properties',
    payload: Buffer.from('<b>properties</b>'),
    properties: {
      contentType: `text/html"><script>window.${FLAG}='content-type'</script>`,
      responseTopic: `javascript:window.${FLAG}='response-topic'`,
      correlationData: Buffer.from([0xff, 0x00, 0x3c, 0x62, 0x3e]),
      userProperties: { [script]: img, rtl: 'abc\u202Edef', 'command:workbench.action.quit': 'command:workbench.action.quit' },
    },
    rowTopic: 'hostile/properties',
    rowPayload: '<b>properties</b>',
    text: '<b>properties</b>',
    json: /Not valid JSON/,
    hex: hexLine(Buffer.from('<b>properties</b>')),
    propertiesText: /Content type\s+text\/html"><script>window\.__tracemqPwned='content-type'<\/script>[\s\S]*Response topic\s+javascript:window\.__tracemqPwned='response-topic'[\s\S]*Correlation data\s+\(binary\) ff 00 3c 62 3e[\s\S]*user: <script>[\s\S]*<img src=x onerror=[\s\S]*user: rtl\s+abc\\u202Edef[\s\S]*user: command:workbench\.action\.quit\s+command:workbench\.action\.quit/,
  },
  {
    what: 'a 16 MB payload of markup',
    topic: 'hostile/big/16MB',
    payload: big,
    rowTopic: 'hostile/big/16MB',
    rowPayload: bigUnit,
    text: bigUnit + bigUnit,
    json: /Too large to format as JSON/,
    hex: hexLine(big),
  },
];

/** Elements that hostile markup would add if it were ever parsed as HTML. */
const ACTIVE_ELEMENTS = 'img, script, iframe, object, embed, a[href], b, form, svg';

/**
 * The hostile corpus of issue 7, end to end: a real mosquitto, the packaged extension in
 * code-server, a profile subscribed to `hostile/#`, and messages whose topics, payloads and MQTT 5
 * properties are markup, script and command URIs, bidirectional overrides, zero-width characters,
 * invalid UTF-8, NUL, 100,000-deep JSON and 16 MB. In the log webview every one renders as text,
 * opens in the detail pane as Text, JSON and Hex within a bound, runs nothing and navigates nowhere.
 */
describe('hostile topics, payloads and properties in the log view (code-server)', function () {
  let broker: Mosquitto;
  let bench: Workbench | undefined;
  let codeServer: CodeServerHandle;
  let vscode: VsCodeDriver;
  let workspace: string;
  let log: FrameLocator;
  let frameUrl: string;
  let pageUrl: string;
  const detailTimes: { what: string; ms: number }[] = [];

  before(async function () {
    broker = await startMosquitto();
    bench = await openWorkbench(
      'hostile',
      JSON.stringify({ profiles: [{ name: PROFILE, url: broker.url, clientId: `tracemq-hostile-${process.pid}`, subscriptions: [{ topic: 'hostile/#', qos: 1 }] }] }),
    );
    ({ codeServer, vscode, workspace } = bench);
    log = await connectAndOpenLog(vscode, PROFILE);
    // Watch from now on: CSP violations (what a script or handler that got into the DOM would cause).
    await body().evaluate(() => {
      const w = window as unknown as { tracemqViolations: string[] };
      w.tracemqViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.tracemqViolations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`);
      });
    });
    frameUrl = await body().evaluate(() => location.href);
    pageUrl = vscode.page.url();
  });

  after(async () => {
    if (detailTimes.length) console.log(`      detail shown after: ${detailTimes.map((t) => `${t.what} ${t.ms} ms`).join('; ')}`);
    await bench?.close();
    await (broker as Mosquitto | undefined)?.stop();
  });

  const body = (): Locator => log.locator('body');
  const row = (seq: number): Locator => log.locator(`[data-testid="log-row"][data-seq="${seq}"]`);
  const payloadPane = (): Locator => log.locator('[data-testid="detail-payload"]');

  /** Nothing ran and nothing navigated: the flag is unset in the webview and in VS Code, no CSP report, no element from a payload. */
  async function assertNothingRan(): Promise<void> {
    const state = await body().evaluate(
      (_body, { flag, active }) => ({
        flag: (window as unknown as Record<string, unknown>)[flag] ?? null,
        violations: (window as unknown as { tracemqViolations?: string[] }).tracemqViolations ?? ['listener gone: the document was replaced'],
        // Our bundle's script element (the page carries log.js) and the first snapshot's data block
        // (JSON, never run) are the ones expected: both carry the page's nonce.
        active: [...document.body.querySelectorAll(active)]
          .filter((e) => !(e instanceof HTMLScriptElement && e.nonce && (e.dataset.file === 'log.js' || (e.type === 'application/json' && e.id === 'tracemq-snapshot'))))
          .map((e) => e.tagName.toLowerCase()),
        url: location.href,
      }),
      { flag: FLAG, active: ACTIVE_ELEMENTS },
    );
    assert.equal(state.flag, null, 'no hostile script ran in the webview');
    assert.deepEqual(state.violations, [], 'no CSP violation: nothing tried to run');
    assert.deepEqual(state.active, [], 'no element from a payload is in the DOM');
    assert.equal(state.url, frameUrl, 'the webview did not navigate');
    assert.equal(await vscode.page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag] ?? null, FLAG), null, 'nothing ran in VS Code');
    assert.equal(vscode.page.url(), pageUrl, 'VS Code did not navigate');
    await vscode.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 1000 });
  }

  /** Picks a view in the detail pane and waits (within `boundMs`) for the payload to read as expected. */
  async function showView(label: 'Text' | 'JSON' | 'Hex', check: (pane: string, note: string) => boolean, boundMs: number, what: string): Promise<void> {
    await log.locator('[data-testid="detail-view"]').getByRole('radio', { name: label, exact: true }).click();
    const deadline = Date.now() + boundMs;
    let pane = '';
    let note = '';
    // Polled: the pane re-renders in place; there is no event to wait for.
    for (;;) {
      pane = (await payloadPane().textContent({ timeout: boundMs }).catch(() => '')) ?? '';
      note = (await log.locator('[data-testid="detail-note"]').textContent({ timeout: 100 }).catch(() => '')) ?? '';
      if (check(pane, note)) return;
      if (Date.now() > deadline) throw new Error(`${what}: the ${label} view did not show what was expected within ${boundMs} ms; pane: ${pane.slice(0, 200)} note: ${note}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('renders every hostile topic and payload as text in its row', async () => {
    const publisher = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: `hostile-pub-${process.pid}` });
    try {
      for (const h of CORPUS) await publisher.publishAsync(h.topic, h.payload, { qos: 1, ...(h.properties ? { properties: h.properties } : {}) });
    } finally {
      await publisher.endAsync();
    }
    // And one through the C reference client, straight from its command line.
    mosquittoPub(broker.port, ['-V', 'mqttv5', '-q', '1', '-t', 'hostile/cli', '-m', `<svg onload="window.${FLAG}='svg'"><a href="command:workbench.action.quit">quit</a>`, '-D', 'publish', 'user-property', '<i>k</i>', `javascript:window.${FLAG}=1`]);
    const total = CORPUS.length + 1;
    await row(total - 1).waitFor({ timeout: 30_000 });
    for (const [seq, h] of CORPUS.entries()) {
      assert.equal(await row(seq).locator('.topic').textContent(), h.rowTopic, `${h.what}: topic`);
      const payload = (await row(seq).locator('.payload').textContent()) ?? '';
      assert.ok(payload.startsWith(h.rowPayload), `${h.what}: payload row shows ${JSON.stringify(payload.slice(0, 120))}`);
    }
    assert.match((await row(CORPUS.length).locator('.payload').textContent()) ?? '', /^<svg onload="window\.__tracemqPwned='svg'"><a href="command:workbench\.action\.quit">quit<\/a>$/);
    assert.match((await row(CORPUS.length - 1).locator('.payload').textContent()) ?? '', /… \(16,777,216 bytes\)$/, 'the 16 MB row says its size');
    await assertNothingRan();
  });

  for (const [seq, h] of CORPUS.entries()) {
    it(`opens ${h.what} in the detail pane as Text, JSON and Hex; nothing runs, nothing navigates`, async () => {
      const bound = h.payload.length === SIXTEEN_MB ? BIG_DETAIL_BOUND_MS : DETAIL_BOUND_MS;
      const clicked = Date.now();
      await row(seq).click();
      await log.locator('[data-testid="detail-topic"]').filter({ hasText: h.rowTopic }).waitFor({ timeout: bound });
      await payloadPane().waitFor({ timeout: bound });
      detailTimes.push({ what: h.topic.slice(0, 40), ms: Date.now() - clicked });
      await showView('Text', (pane) => pane.includes(h.text), bound, h.what);
      await showView('JSON', (pane, note) => h.json.test(pane) || h.json.test(note), bound, h.what);
      await showView('Hex', (pane) => pane.startsWith(h.hex), bound, h.what);
      if (h.propertiesText) assert.match(await log.locator('[data-testid="detail-properties"]').innerText(), h.propertiesText);
      // Clicking in the text (where a link would be, were it one) goes nowhere.
      await showView('Text', (pane) => pane.includes(h.text), bound, h.what);
      await payloadPane().click({ position: { x: 20, y: 8 } });
      await log.locator('[data-testid="detail-topic"]').click();
      await assertNothingRan();
      await log.locator('[data-testid="detail-close"]').click();
    });
  }

  it('shows the 16 MB payload in part, saying how to see all of it', async () => {
    await row(CORPUS.length - 1).click();
    await log.locator('[data-testid="detail-topic"]').filter({ hasText: 'hostile/big/16MB' }).waitFor({ timeout: BIG_DETAIL_BOUND_MS });
    await showView('Text', (_pane, note) => /Showing the first 262,144 characters; open it in an editor for all of it\./.test(note), BIG_DETAIL_BOUND_MS, '16 MB');
    assert.equal((await payloadPane().textContent())?.length, 262_144, 'the pane holds the first 256 K characters');
    assert.match(await log.locator('[data-testid="message-detail"]').innerText(), /16,777,216 bytes/);
    await log.locator('[data-testid="detail-open"]').waitFor();
    await log.locator('[data-testid="detail-close"]').click();
    await assertNothingRan();
  });

  it('clicks every row and property of the corpus without anything running; VS Code is still there and responsive', async () => {
    // Read from the oldest row down, as a user would: while following, the list keeps only the rows
    // on screen (and 3 above) and the detail pane, once open, pushes the oldest ones off it.
    await log.locator('.log-rows').press('Home');
    await log.locator('[data-testid="follow"]').filter({ hasText: 'Resume' }).waitFor();
    for (let seq = 0; seq <= CORPUS.length; seq++) {
      await row(seq).locator('.payload').click();
      await row(seq).locator('.topic').click();
    }
    await log.locator('[data-testid="detail-close"]').click();
    await assertNothingRan();
    // The command: URIs did not quit VS Code: the palette still runs our commands.
    await vscode.runCommand('TraceMQ: Open Log');
    await log.locator('[data-testid="connection-state"]').filter({ hasText: /^connected$/ }).waitFor();
  });

  it('serves both webviews under their CSP: read from the live documents', async () => {
    const live = async (
      frame: FrameLocator,
    ): Promise<{ csp: string[]; scripts: { src: string; nonce: string; id: string; type: string; file: string }[]; styles: string[]; inlineStyles: { id: string; file: string; nonce: string }[] }> =>
      frame.locator('body').evaluate(() => ({
        csp: [...document.querySelectorAll<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]')].map((m) => m.content),
        scripts: [...document.scripts].map((s) => ({ src: s.src, nonce: s.nonce ?? '', id: s.id, type: s.type, file: s.dataset.file ?? '' })),
        styles: [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].map((l) => l.href),
        inlineStyles: [...document.querySelectorAll('style')].map((s) => ({ id: s.id, file: s.dataset.file ?? '', nonce: s.nonce ?? '' })),
      }));
    await vscode.runCommand('TraceMQ: Add Profile');
    const form = await vscode.webviewFrame('New MQTT Profile');
    await form.locator('[data-testid="profile-form"]').waitFor();
    const pages = [
      // The log view carries its bundle and stylesheets in the page (base.css, shared with the trace
      // panel, first) and its first snapshot as a JSON data block; the profile form links its files.
      { name: 'log view', doc: await live(await vscode.webviewFrame(`MQTT Log: ${PROFILE}`)), bundle: 'log', inline: true, data: ['tracemq-snapshot'], styles: ['base.css', 'log.css'] },
      { name: 'profile form', doc: await live(form), bundle: 'profileForm', inline: false, data: [], styles: ['dist/webview/profileForm.css'] },
    ];
    for (const { name, doc, bundle, inline, data, styles } of pages) {
      assert.equal(doc.csp.length, 1, `${name}: one CSP`);
      const csp = cspOf(`<meta http-equiv="Content-Security-Policy" content="${doc.csp[0]!}">`);
      assert.deepEqual(csp.get('default-src'), ["'none'"], name);
      const scriptSrc = csp.get('script-src') ?? [];
      assert.equal(scriptSrc.length, 1, `${name}: script-src is one nonce: ${scriptSrc.join(' ')}`);
      const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(scriptSrc[0] ?? '')?.[1];
      assert.ok(nonce, `${name}: script-src is a nonce`);
      assert.ok(!doc.csp[0]!.includes('unsafe-inline') && !doc.csp[0]!.includes('unsafe-eval'), `${name}: ${doc.csp[0]!}`);
      // Our one script, by nonce (from dist/webview, or carried by the page and naming its file);
      // the only others are VS Code's own acquireVsCodeApi shim and our data blocks (JSON, which no
      // browser runs), each with the nonce.
      const blocks = doc.scripts.filter((s) => s.type === 'application/json');
      assert.deepEqual(blocks.map((s) => [s.id, s.nonce === nonce]), data.map((id) => [id, true]), `${name}: data blocks`);
      const ours = doc.scripts.filter((s) => s.id !== '_vscodeApiScript' && s.type !== 'application/json');
      assert.equal(ours.length, 1, `${name}: ${JSON.stringify(doc.scripts)}`);
      if (inline) assert.deepEqual([ours[0]!.src, ours[0]!.file], ['', `${bundle}.js`], `${name}: the bundle is in the page`);
      else assert.match(ours[0]!.src, new RegExp(`/dist/webview/${bundle}\\.js$`));
      assert.equal(ours[0]!.nonce, nonce);
      // Stylesheets: linked from dist/webview, or in the page with the nonce; otherwise only VS Code's default theme styles.
      const linked = doc.styles.map((s) => s.replace(/^.*\/dist\/webview\//, 'dist/webview/'));
      const carried = doc.inlineStyles.filter((s) => s.file !== '');
      assert.deepEqual(inline ? carried.map((s) => [s.file, s.nonce === nonce]) : linked, inline ? styles.map((f) => [f, true]) : styles, `${name}: stylesheets`);
      assert.deepEqual(inline ? linked : carried, [], `${name}: no stylesheet served the other way`);
      assert.deepEqual(doc.inlineStyles.filter((s) => s.file === '').map((s) => s.id), ['_defaultStyles'], `${name}: the only other inline style is VS Code's default theme styles`);
    }
  });

  it('cannot load files outside dist/webview and media (localResourceRoots)', async () => {
    const extensionDir = join(codeServer.extensionsDir, readdirSync(codeServer.extensionsDir).find((d) => d.startsWith('tracemq.tracemq-')) ?? 'missing');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>';
    const probes = {
      'dist/webview/probe-inside.svg': true,
      'media/probe-inside.svg': true,
      'probe-extension-root.svg': false,
      'dist/probe-dist.svg': false,
    };
    for (const p of Object.keys(probes)) writeFileSync(join(extensionDir, p), svg);
    writeFileSync(join(workspace, 'probe-workspace.svg'), svg);
    // Probed from the profile form, whose page links its bundle (the log's carries it, so it names no
    // resource URL); every TraceMQ webview has the same localResourceRoots (WEBVIEW_RESOURCE_FOLDERS).
    if ((await vscode.editorTab('New MQTT Profile').count()) === 0) await vscode.runCommand('TraceMQ: Add Profile');
    const frame = await vscode.webviewFrame('New MQTT Profile');
    // The resource URL of profileForm.js, turned into the URL of each probe.
    const scriptUrl = await frame.locator('body').evaluate(() => [...document.scripts].find((s) => s.src.endsWith('/dist/webview/profileForm.js'))?.src ?? '');
    assert.ok(scriptUrl, 'found the bundle URL');
    const base = scriptUrl.slice(0, -'dist/webview/profileForm.js'.length);
    const urls: Record<string, string> = Object.fromEntries(Object.keys(probes).map((p) => [p, base + p]));
    // A file of the workspace, at the same resource origin.
    urls['workspace file'] = new URL(base).origin + encodeURI(join(workspace, 'probe-workspace.svg'));
    const loaded = await frame.locator('body').evaluate(
      (_body, list) =>
        Promise.all(
          Object.entries(list).map(
            ([name, url]) =>
              new Promise<[string, boolean]>((resolve) => {
                const image = new Image();
                image.onload = () => { resolve([name, true]); };
                image.onerror = () => { resolve([name, false]); };
                image.src = url;
              }),
          ),
        ),
      urls,
    );
    assert.deepEqual(Object.fromEntries(loaded), { ...probes, 'workspace file': false });
  });
});
