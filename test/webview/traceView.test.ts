import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { Browser } from 'playwright-core';
import { WebviewRouter } from '../../src/extension/ipc/webviewRouter';
import { ProtocolTrace } from '../../src/extension/trace/protocolTrace';
import { registerTraceHandlers } from '../../src/extension/trace/traceHandlers';
import { launchChromium } from '../harness/chromium';
import { assertWebviewBuilt, LogWebview, startWebviewServer, waitFor, type WebviewServer } from '../harness/webviewPage';

// The built trace view in Chromium, wired to the real host side: a ProtocolTrace fed the packets
// mqtt.js would emit, answered by registerTraceHandlers through a real WebviewRouter.

class FakeClient extends EventEmitter {
  options = { protocolVersion: 5 };
  stream = undefined;
  disconnecting = false;
  disconnected = false;
}

function parsed(packet: Packet): Packet {
  const parser = mqttPacket.parser({ protocolVersion: 5 });
  let out: Packet | undefined;
  parser.on('packet', (p: Packet) => (out = p));
  parser.parse(mqttPacket.generate(packet, { protocolVersion: 5 }));
  assert.ok(out);
  return out;
}

const encode = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { $bytes: Array.from(v) } : v));

describe('Protocol trace view (Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: WebviewServer;
  let view: LogWebview;
  let client: FakeClient;
  let trace: ProtocolTrace;
  let handlers: { dispose(): void } | undefined;

  const send = (p: Packet): void => void client.emit('packetsend', p);
  const receive = (p: Packet): void => void client.emit('packetreceive', parsed(p));
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
    client = new FakeClient();
    trace = new ProtocolTrace({ maxEntries: 1000, maxBytes: 1 << 24, publishesPerSecond: 3 }, { nextSeq: () => 0 });
    trace.attach(client as unknown as MqttClient);
    send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'dev-1', clean: true, keepalive: 30, username: 'u', password: Buffer.from('secret') });
    receive({ cmd: 'connack', sessionPresent: false, reasonCode: 0 });
    send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'sensors/#', qos: 1 }] });
    receive({ cmd: 'suback', messageId: 1, granted: [1] });
    receive({ cmd: 'publish', topic: 'sensors/t', payload: Buffer.from('21.5'), qos: 1, retain: false, dup: false, messageId: 7 });
    send({ cmd: 'puback', messageId: 7, reasonCode: 0 });
    view = await LogWebview.open(browser, server, { readyTestId: 'trace-view' });
    const router = new WebviewRouter({
      post: (m) => view.page.evaluate((json) => { window.__tracemq.receive(json); }, encode(m)).then(() => true, () => false),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      source: 'the test trace view',
      isUserFacing: () => false,
    });
    handlers = registerTraceHandlers(router, { trace, state: () => ({ connection: 'dev', tracing: true, startedLate: false }), inLog: () => false, openInLog: () => undefined });
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
    assert.deepEqual([decoded.includes('"password": "set"'), decoded.includes('secret')], [true, false]);
  });

  it('says how many publishes were not kept in this second', async () => {
    for (let i = 0; i < 10; i++) receive({ cmd: 'publish', topic: 'flood', payload: Buffer.from('x'), qos: 0, retain: false, dup: false });
    await waitFor(async () => /publishes not kept in this second/.test(await view.page.getByTestId('trace-header').innerText()), 'the header to say what was not kept');
    assert.match(await view.page.getByTestId('trace-not-kept').innerText(), /\d+ publishes not kept in this second/);
  });

  it('adds packets that arrive while it is open', async () => {
    send({ cmd: 'pingreq' });
    await waitFor(async () => (await view.page.getByTestId('trace-row').count()) === 7, 'a seventh row');
    assert.match((await rowTexts())[6] ?? '', /PINGREQ/);
  });
});
