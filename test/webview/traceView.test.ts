import { strict as assert } from 'node:assert';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { Browser } from 'playwright-core';
import { Emitter } from '../../src/extension/base/emitter';
import { WebviewRouter } from '../../src/extension/ipc/webviewRouter';
import { ProtocolTrace } from '../../src/extension/trace/protocolTrace';
import { registerTraceHandlers } from '../../src/extension/trace/traceHandlers';
import { launchChromium } from '../harness/chromium';
import { FakeTraceClient, feedSession, SESSION_PASSWORD } from '../harness/traceEntries';
import { assertWebviewBuilt, LogWebview, startWebviewServer, waitFor, type WebviewServer } from '../harness/webviewPage';

// The built trace view in Chromium, wired to the real host side: a ProtocolTrace fed the packets
// mqtt.js would emit (test/harness/traceEntries.ts), answered by registerTraceHandlers through a
// real WebviewRouter.

const encode = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { $bytes: Array.from(v) } : v));

describe('Protocol trace view (Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: WebviewServer;
  let view: LogWebview;
  let client: FakeTraceClient;
  let trace: ProtocolTrace;
  /** The connection's trace as the panel's host sees it: undefined once stopped. */
  let current: ProtocolTrace | undefined;
  const traceChanged = new Emitter<unknown>();
  let handlers: { dispose(): void } | undefined;

  const send = (p: Packet): void => { client.send(p); };
  const receive = (p: Packet): void => { client.receive(p); };
  const rowTexts = (): Promise<string[]> => view.page.getByTestId('trace-row').allInnerTexts();

  before(async () => {
    assertWebviewBuilt('trace');
    browser = await launchChromium();
    server = await startWebviewServer('trace');
  });

  after(async () => {
    await browser.close();
    await server.close();
  });

  beforeEach(async () => {
    trace = new ProtocolTrace({ maxEntries: 1000, maxBytes: 1 << 24, publishesPerSecond: 3 }, { nextSeq: () => 0 });
    current = trace;
    client = FakeTraceClient.attachedTo(trace);
    feedSession(client);
    view = await LogWebview.open(browser, server, { readyTestId: 'trace-view' });
    const router = new WebviewRouter({
      post: (m) => view.page.evaluate((json) => { window.__tracemq.receive(json); }, encode(m)).then(() => true, () => false),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      source: 'the test trace view',
      isUserFacing: () => false,
    });
    handlers = registerTraceHandlers(router, {
      trace: () => current,
      onDidChangeTrace: traceChanged.event,
      state: () => ({ connection: 'dev', startedLate: false }),
      inLog: () => false,
      openInLog: () => undefined,
    });
    // What the view posts goes to the router as VS Code would deliver it (including what it posted before this hook).
    await view.page.exposeFunction('__toHost', (json: string) => { void router.receive(JSON.parse(json)); });
    await view.page.evaluate(() => {
      const w = window as unknown as { __toHost: (json: string) => void; __tracemq: { posted: unknown[] } };
      const posted = w.__tracemq.posted;
      for (const m of posted) w.__toHost(JSON.stringify(m));
      const push = posted.push.bind(posted);
      posted.push = (...items: unknown[]) => {
        for (const m of items) w.__toHost(JSON.stringify(m));
        return push(...items);
      };
    });
    await waitFor(async () => (await view.page.getByTestId('trace-row').count()) === 6, 'six rows');
  });

  afterEach(async () => {
    handlers?.dispose();
    trace.dispose();
    await view.close();
  });

  it('shows one row per entry with its direction, type and summary', async () => {
    const texts = await rowTexts();
    assert.deepEqual(texts.map((t) => t.split(/\s+/).slice(1, 3).join(' ')), ['→ CONNECT', '← CONNACK', '→ SUBSCRIBE', '← SUBACK', '← PUBLISH', '→ PUBACK']);
  });

  it('shows the ack time of a paired request', async () => {
    const publish = (await rowTexts())[4] ?? '';
    assert.match(publish, /\d+ ms$/);
  });

  it('shows only the rows of the packet type chosen', async () => {
    await view.page.getByTestId('trace-filter-type').click();
    await view.page.locator('[data-testid="trace-filter-type"] vscode-option', { hasText: 'SUBACK' }).filter({ hasNotText: 'UNSUBACK' }).click();
    await waitFor(async () => (await view.page.getByTestId('trace-row').count()) === 1, 'one row');
    assert.match((await rowTexts())[0] ?? '', /SUBACK/);
  });

  it('shows only the rows of the packet id typed', async () => {
    await view.page.locator('[data-testid="trace-filter-id"] input').fill('7');
    await waitFor(async () => (await view.page.getByTestId('trace-row').count()) === 2, 'two rows');
    assert.deepEqual((await rowTexts()).map((t) => /PUBLISH|PUBACK/.exec(t)?.[0]), ['PUBLISH', 'PUBACK']);
  });

  it('shows only the rows whose topic contains the text typed', async () => {
    await view.page.locator('[data-testid="trace-filter-topic"] input').fill('SENSORS/T');
    await waitFor(async () => (await view.page.getByTestId('trace-row').count()) === 1, 'one row');
    assert.match((await rowTexts())[0] ?? '', /PUBLISH/);
  });

  it('shows the selected PUBLISH decoded with its bytes as a hex dump', async () => {
    await view.page.getByTestId('trace-row').nth(4).click();
    const hex = await view.page.getByTestId('trace-hex').innerText();
    const expected = mqttPacket.generate({ cmd: 'publish', topic: 'sensors/t', payload: Buffer.from('21.5'), qos: 1, retain: false, dup: false, messageId: 7 }, { protocolVersion: 5 });
    const firstBytes = [...expected.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    assert.ok(hex.startsWith(`00000000  ${firstBytes}`), hex);
  });

  it('shows the selected CONNECT with the password as "set"', async () => {
    await view.page.getByTestId('trace-row').nth(0).click();
    const decoded = await view.page.getByTestId('trace-decoded').innerText();
    assert.deepEqual([decoded.includes('"password": "set"'), decoded.includes(SESSION_PASSWORD)], [true, false]);
  });

  it('says how many publishes were not kept in this second', async () => {
    for (let i = 0; i < 10; i++) receive({ cmd: 'publish', topic: 'flood', payload: Buffer.from('x'), qos: 0, retain: false, dup: false });
    await waitFor(async () => /publishes not kept in this second/.test(await view.page.getByTestId('trace-header').innerText()), 'the header to say what was not kept');
    assert.match(await view.page.getByTestId('trace-not-kept').innerText(), /\d+ publishes not kept in this second/);
  });

  it('shows the final count of publishes not kept once a flood ends, none "in this second"', async () => {
    for (let i = 0; i < 10; i++) receive({ cmd: 'publish', topic: 'flood', payload: Buffer.from('x'), qos: 0, retain: false, dup: false });
    const total = `${trace.counters.dropped} publishes and acks not kept in all`;
    let header = '';
    // No packet comes after the flood: the header settles by itself once its second is over.
    await waitFor(async () => (header = await view.page.getByTestId('trace-header').innerText()).includes(total) && !header.includes('in this second'), () => `header: ${header}`);
  });

  it('asks for its rows once for a flood\'s kept publishes, not again for the posts that only count those not kept', async () => {
    const rowRequests = async (): Promise<number> => (await view.posted()).filter((m) => (m as { method?: string }).method === 'trace/rows/get').length;
    const before = await rowRequests();
    for (let i = 0; i < 10; i++) receive({ cmd: 'publish', topic: 'flood', payload: Buffer.from('x'), qos: 0, retain: false, dup: false });
    const total = `${trace.counters.dropped} publishes and acks not kept in all`;
    let header = '';
    await waitFor(async () => (header = await view.page.getByTestId('trace-header').innerText()).includes(total) && !header.includes('in this second'), () => `header: ${header}`);
    assert.equal((await rowRequests()) - before, 1);
  });

  it('adds packets that arrive while it is open', async () => {
    send({ cmd: 'pingreq' });
    await waitFor(async () => (await view.page.getByTestId('trace-row').count()) === 7, 'a seventh row');
    assert.match((await rowTexts())[6] ?? '', /PINGREQ/);
  });

  it('never shows more entries shown than the trace holds while packets pour in', async () => {
    // Every text the counts take, as painted: "N shown of M entries".
    await view.page.evaluate(() => {
      const w = window as unknown as { __counts: string[] };
      w.__counts = [];
      const counts = document.querySelector('[data-testid="trace-counts"]');
      if (!counts) throw new Error('no counts in the header');
      new MutationObserver(() => { w.__counts.push(counts.textContent); }).observe(counts, { subtree: true, childList: true, characterData: true });
    });
    // Control packets (always kept) between the host's posts and the view's row requests.
    for (let burst = 0; burst < 30; burst++) {
      for (let i = 0; i < 20; i++) send({ cmd: 'pingreq' });
      await new Promise<void>((resolve) => { setTimeout(resolve, 15); });
    }
    await waitFor(async () => /606 shown of 606 entries/.test(await view.page.getByTestId('trace-counts').innerText()), 'the counts to reach 606');
    const counts = await view.page.evaluate(() => (window as unknown as { __counts: string[] }).__counts);
    const crossed = counts.filter((t) => {
      const [shown, of] = [...t.matchAll(/([\d,]+)/g)].map((m) => Number((m[1] ?? '').replace(/,/g, '')));
      return (shown ?? 0) > (of ?? 0);
    });
    assert.deepEqual(crossed, [], `${counts.length} texts painted`);
  });

  it('says the trace stopped, and shows no rows, once the connection is no longer traced', async () => {
    current = undefined;
    traceChanged.fire(undefined);
    await view.page.getByTestId('trace-stopped').waitFor();
    await waitFor(async () => (await view.page.getByTestId('trace-row').count()) === 0, 'no rows');
    assert.match(await view.page.getByTestId('trace-counts').innerText(), /0 shown of 0 entries/);
  });

  it('follows the trace that starts again while it is open', async () => {
    current = undefined;
    traceChanged.fire(undefined);
    await view.page.getByTestId('trace-stopped').waitFor();
    const again = new ProtocolTrace({ maxEntries: 1000, maxBytes: 1 << 24, publishesPerSecond: 3 }, { nextSeq: () => 0 });
    FakeTraceClient.attachedTo(again).send({ cmd: 'pingreq' });
    current = again;
    traceChanged.fire(undefined);
    await waitFor(async () => (await view.page.getByTestId('trace-stopped').count()) === 0 && (await rowTexts()).length === 1, 'the new trace\'s one row');
    again.dispose();
    assert.match((await rowTexts())[0] ?? '', /PINGREQ/);
  });
});
