import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';
import type { ConnectionInfo } from '../../src/shared/connection/connectionInfo';
import type { LogViewToHost } from '../../src/shared/log/logViewProtocols';
import type { PublishParams } from '../../src/shared/mqtt/publishShapes';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeRow } from '../harness/messageDto';

const isReady = (m: LogViewToHost): m is Extract<LogViewToHost, { method: 'log/ready' }> => m.kind === 'notify' && m.method === 'log/ready';

const V5: ConnectionInfo = {
  ...CONNECTED,
  subscriptions: [
    { id: 1, topic: 'sensors/#', qos: 1, granted: 1 },
    { id: 2, topic: 'alarms/+', qos: 2, granted: 1, noLocal: true, retainHandling: 2, subscriptionIdentifier: 7 },
    { id: 3, topic: 'secret/#', qos: 0, error: 'Refused: Not authorized (0x87)' },
  ],
  server: { sessionPresent: true, properties: { topicAliasMaximum: 10, retainAvailable: false, maximumPacketSize: 1048576, assignedClientIdentifier: 'auto-<b>x</b>', userProperties: { region: 'eu' } } },
};

/**
 * The MQTT 5 parts of the log view in Chromium against a stand-in host: the publish panel's
 * properties, formats, completion, request/response, repeat, history and templates; the
 * subscription editor; the broker's CONNACK; clearing a retained message.
 */
describe('publish panel, subscriptions and broker panes (MQTT 5) in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;
  afterEach(async function () {
    view.assertHealthy();
    await view.close();
  });

  async function open(connection: ConnectionInfo = V5): Promise<Page> {
    view = await suite.open({ viewport: { width: 1300, height: 1000 } });
    await view.waitForPosted(isReady, 'log/ready');
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { connection, counters: makeCounters({ firstPos: 0, nextPos: 1 }), tail: [makeRow(0, { retain: true, topic: 'status/door' })], filter: null } });
    await view.page.locator('[data-testid="log-row"]').first().waitFor();
    return view.page;
  }
  const fill = (page: Page, testId: string, value: string): Promise<void> => page.locator(`[data-testid="${testId}"] input, [data-testid="${testId}"] textarea`).first().fill(value);
  const choose = async (page: Page, testId: string, label: string): Promise<void> => {
    await page.getByTestId(testId).click();
    await page.locator(`[data-testid="${testId}"] vscode-option`, { hasText: label }).click();
  };
  const status = (page: Page): Promise<string> => page.getByTestId('publish-status').innerText();

  it('publishes every MQTT 5 property and a hex payload exactly as entered', async () => {
    const page = await open();
    await fill(page, 'publish-topic', 'devices/led/set');
    await choose(page, 'publish-format', 'Hex');
    await fill(page, 'publish-payload', '7b 7d');
    await page.getByTestId('publish-mqtt5-toggle').click();
    await fill(page, 'publish-contentType', 'application/json');
    await choose(page, 'publish-payloadFormat', '1 · UTF-8 text');
    await fill(page, 'publish-messageExpiry', '30');
    await fill(page, 'publish-topicAlias', '3');
    await fill(page, 'publish-responseTopic', 'devices/led/ack');
    await fill(page, 'publish-correlationData', 'a1b2');
    await page.getByTestId('publish-correlationHex').click();
    for (const [i, [k, v]] of [['origin', 'tracemq'], ['origin', 'again']].entries()) {
      await page.getByTestId('publish-userProperties-add').click();
      await fill(page, `publish-userProperties-key-${i}`, k ?? '');
      await fill(page, `publish-userProperties-value-${i}`, v ?? '');
    }
    await page.getByTestId('publish-send').click();
    const request = await view.waitForRequest('mqtt/publish');
    const expected: PublishParams = {
      topic: 'devices/led/set',
      payload: '7b 7d',
      encoding: 'hex',
      qos: 0,
      retain: false,
      properties: {
        contentType: 'application/json',
        payloadFormatIndicator: 1,
        messageExpiryInterval: 30,
        topicAlias: 3,
        responseTopic: 'devices/led/ack',
        correlationData: 'a1b2',
        correlationDataEncoding: 'hex',
        userProperties: [['origin', 'tracemq'], ['origin', 'again']],
      },
    };
    assert.deepEqual(request.params, expected);
    await view.reply(request, { messageId: 4, reasonCode: 16, reason: 'No matching subscribers (0x10)' });
    await waitFor(async () => (await status(page)) === 'Published · No matching subscribers (0x10)', 'the broker\'s reason in words');
  });

  it('formats and checks JSON, and refuses bad fields itself, at the field', async () => {
    const page = await open();
    await fill(page, 'publish-topic', 'a/b');
    await choose(page, 'publish-format', 'JSON');
    await fill(page, 'publish-payload', '{"on":true,"level":[1,2]}');
    await page.getByTestId('publish-format-json').click();
    await waitFor(async () => (await page.locator('[data-testid="publish-payload"] textarea').inputValue()) === '{\n  "on": true,\n  "level": [\n    1,\n    2\n  ]\n}', 'pretty JSON');
    await fill(page, 'publish-payload', '{"on": }');
    await page.getByTestId('publish-send').click();
    await waitFor(async () => (await status(page)).startsWith('Not valid JSON'), 'the JSON problem');
    await fill(page, 'publish-payload', '{}');
    await page.getByTestId('publish-mqtt5-toggle').click();
    await fill(page, 'publish-topicAlias', '70000');
    await page.getByTestId('publish-send').click();
    await waitFor(async () => (await status(page)) === 'Topic alias: a whole number from 1 to 65535.', 'the alias problem');
    assert.equal(await page.getByTestId('publish-topicAlias').getAttribute('aria-invalid'), 'true');
    assert.equal((await view.requests('mqtt/publish')).length, 0, 'nothing sent');
  });

  it('completes the topic from the topics the connection has seen', async () => {
    const page = await open();
    await fill(page, 'publish-topic', 'sen');
    const ask = await view.waitForRequest('mqtt/topics');
    assert.deepEqual(ask.params, { prefix: 'sen' });
    await view.reply(ask, { topics: ['sensors/kitchen/temp', 'sensors/<b>hall</b>'] });
    const list = page.getByTestId('publish-topic-suggestions');
    await list.waitFor();
    assert.deepEqual(await list.locator('li').allInnerTexts(), ['sensors/kitchen/temp', 'sensors/<b>hall</b>']);
    assert.equal(await list.locator('b').count(), 0, 'suggested topics are text');
    await page.locator('[data-testid="publish-topic"] input').press('ArrowDown');
    await page.locator('[data-testid="publish-topic"] input').press('ArrowDown');
    await page.locator('[data-testid="publish-topic"] input').press('Enter');
    await waitFor(async () => (await page.locator('[data-testid="publish-topic"] input').inputValue()) === 'sensors/<b>hall</b>', 'the chosen topic');
    await list.waitFor({ state: 'detached' });
  });

  it('sends a request, shows the round-trip time of the paired reply and opens it', async () => {
    const page = await open();
    await fill(page, 'publish-topic', 'svc/echo');
    await fill(page, 'publish-payload', 'ping');
    assert.equal(await page.getByTestId('publish-request').evaluate((el) => (el as unknown as { disabled: boolean }).disabled), true, 'needs a response topic first');
    await page.getByTestId('publish-mqtt5-toggle').click();
    await fill(page, 'publish-responseTopic', 'svc/echo/reply');
    await page.getByTestId('publish-request').click();
    const request = await view.waitForRequest('mqtt/request');
    assert.deepEqual(request.params, { publish: { topic: 'svc/echo', payload: 'ping', encoding: 'utf8', qos: 0, retain: false, properties: { responseTopic: 'svc/echo/reply' } }, timeoutMs: 10_000 });
    assert.equal(await status(page), 'Waiting for the reply…');
    await view.reply(request, { seq: 41, topic: 'svc/echo/reply', rttMs: 12.5, correlationData: '00aa' });
    await waitFor(async () => (await status(page)) === 'Reply in 12.5 ms on svc/echo/reply', 'the round trip');
    await page.getByTestId('publish-open-reply').click();
    assert.deepEqual((await view.waitForRequest('log/message/get')).params, { seq: 41 });
    await page.getByTestId('message-detail').waitFor();
  });

  it('repeats with progress and a stop button, and the host\'s failure stops it in words', async () => {
    const page = await open();
    await fill(page, 'publish-topic', 'load/t');
    await fill(page, 'publish-payload', '{"n": {{n}}}');
    await fill(page, 'publish-repeat-count', '3');
    await fill(page, 'publish-repeat-interval', '50');
    await page.getByTestId('publish-repeat-start').click();
    const start = await view.waitForRequest('mqtt/repeat/start');
    assert.deepEqual(start.params, { publish: { topic: 'load/t', payload: '{"n": {{n}}}', encoding: 'utf8', qos: 0, retain: false }, count: 3, intervalMs: 50 });
    await view.reply(start, {});
    await view.send({ kind: 'notify', method: 'publish/repeat', params: { sent: 1, count: 3, running: true } });
    await page.getByTestId('publish-repeat-status').filter({ hasText: 'Repeating: 1 of 3' }).waitFor();
    await page.getByTestId('publish-repeat-stop').click();
    await view.reply(await view.waitForRequest('mqtt/repeat/stop'), {});
    await view.send({ kind: 'notify', method: 'publish/repeat', params: { sent: 2, count: 3, running: false, error: 'Stopped after 2 of 3: "local" is not connected: connect first.' } });
    await page.getByTestId('publish-repeat-status').filter({ hasText: 'Stopped after 2 of 3' }).waitFor();
    await page.getByTestId('publish-repeat-start').waitFor();
  });

  it('fills the panel from the history and from a template, and saves a template', async () => {
    const page = await open();
    const history = await view.waitForRequest('publish/history/get');
    const templates = await view.waitForRequest('publish/templates/get');
    const old: PublishParams = { topic: 'lights/hall', payload: 'on', encoding: 'utf8', qos: 1, retain: true };
    await view.reply(history, { entries: [old] });
    await view.reply(templates, { templates: [{ name: 'set-led', source: 'workspace', publish: { topic: 'devices/led/set', payload: '{"on": true}', encoding: 'utf8', qos: 1, retain: false, properties: { contentType: 'application/json' } } }] });
    await choose(page, 'publish-history', 'lights/hall · on');
    await waitFor(async () => (await page.locator('[data-testid="publish-topic"] input').inputValue()) === 'lights/hall', 'the topic from the history');
    assert.equal(await page.getByTestId('publish-retain').evaluate((el) => (el as unknown as { checked: boolean }).checked), true);
    await choose(page, 'publish-templates', 'set-led');
    await waitFor(async () => (await page.locator('[data-testid="publish-contentType"] input').inputValue()) === 'application/json', 'the template with its properties');
    await fill(page, 'publish-template-name', 'my-led');
    await page.getByTestId('publish-template-save').click();
    const save = await view.waitForRequest('publish/templates/save');
    assert.deepEqual(save.params, { name: 'my-led', publish: { topic: 'devices/led/set', payload: '{"on": true}', encoding: 'utf8', qos: 1, retain: false, properties: { contentType: 'application/json' } } });
  });

  it('lets every entry of a long list be picked in a short window with every pane open (no pane cuts a dropdown off)', async () => {
    // Playwright clicks where the option is and fails if something else is hit there: an option
    // drawn outside a clipping pane is "not visible", one under another pane is "intercepted".
    view = await suite.open({ viewport: { width: 1000, height: 480 } });
    await view.waitForPosted(isReady, 'log/ready');
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { connection: V5, counters: makeCounters({ firstPos: 0, nextPos: 1 }), tail: [makeRow(0, { retain: true, topic: 'status/door' })], filter: null } });
    const page = view.page;
    const entries: PublishParams[] = Array.from({ length: 20 }, (_, i) => ({ topic: `lights/hall/${i}`, payload: 'on', encoding: 'utf8', qos: 1, retain: false }));
    await view.reply(await view.waitForRequest('publish/history/get'), { entries });
    await page.getByTestId('pane-subscriptions').click();
    await page.getByTestId('subscriptions-panel').waitFor();
    await page.locator('[data-testid="log-row"]').first().click();
    await view.reply(await view.waitForRequest('log/message/get'), {
      message: { seq: 0, time: Date.now(), topic: 'status/door', qos: 0, retain: true, dup: false, size: 2, payload: new TextEncoder().encode('on'), sub: 0 },
    });
    await page.getByTestId('detail-payload').waitFor();
    for (const n of [0, 19, 10]) {
      await choose(page, 'publish-history', `lights/hall/${n} · on`);
      await waitFor(async () => (await page.locator('[data-testid="publish-topic"] input').inputValue()) === `lights/hall/${n}`, `history entry ${n} picked`);
    }
    await choose(page, 'publish-qos', '2 · exactly once');
    await choose(page, 'subscribe-retainHandling', 'Never send retained');
    await choose(page, 'subscribe-qos', 'QoS 2');
    await choose(page, 'filter-qos', 'QoS 2');
    assert.deepEqual((await view.waitForRequest('log/filter/set')).params, { filter: { qos: [2] } });
  });

  it('has no MQTT 5 parts for an MQTT 3.1.1 connection', async () => {
    const page = await open({ ...CONNECTED, protocolVersion: '3.1.1' });
    await page.getByTestId('publish-no-mqtt5').waitFor();
    assert.equal(await page.getByTestId('publish-mqtt5-toggle').count(), 0);
    assert.equal(await page.getByTestId('publish-request').count(), 0);
    await page.getByTestId('pane-subscriptions').click();
    await page.getByTestId('subscriptions-panel').waitFor();
    assert.equal(await page.getByTestId('subscribe-noLocal').count(), 0, 'no subscription options either');
  });

  it('lists, adds and changes subscriptions with MQTT 5 options, showing the broker\'s answers', async () => {
    const page = await open();
    await page.getByTestId('pane-subscriptions').click();
    const rows = page.getByTestId('subscription');
    await rows.first().waitFor();
    assert.deepEqual(await rows.locator('.sub-meta').allInnerTexts(), ['QoS 1', 'QoS 2 (granted 1) · no local · retained: never · id 7', 'QoS 0']);
    assert.equal(await page.getByTestId('subscription-error').innerText(), 'Refused: Not authorized (0x87)');
    assert.match((await rows.nth(1).locator('.chip').getAttribute('class')) ?? '', /sub-orange/);

    await fill(page, 'subscribe-topic', 'plant/+/temp');
    await choose(page, 'subscribe-qos', 'QoS 2');
    await page.getByTestId('subscribe-retainAsPublished').click();
    await choose(page, 'subscribe-retainHandling', 'Only for a new subscription');
    await fill(page, 'subscribe-identifier', '12');
    await page.getByTestId('subscribe-submit').click();
    const sub = await view.waitForRequest('mqtt/subscribe');
    assert.deepEqual(sub.params, { topic: 'plant/+/temp', qos: 2, retainAsPublished: true, retainHandling: 1, subscriptionIdentifier: 12 });
    await view.reply(sub, { subscription: { ...sub.params, id: 4, granted: 1 } });
    await page.getByTestId('subscribe-status').filter({ hasText: 'Subscribed to plant/+/temp (the broker granted QoS 1 only).' }).waitFor();

    // Edit the second: the form comes prefilled; a refusal is shown in words.
    const before = (await view.posted()).length;
    await rows.nth(1).getByTestId('subscription-edit').click();
    await waitFor(async () => (await page.locator('[data-testid="subscribe-identifier"] input').inputValue()) === '7', 'the form prefilled');
    await page.getByTestId('subscribe-noLocal').click();
    await page.getByTestId('subscribe-submit').click();
    const edit = await view.waitForRequest('mqtt/subscribe', before);
    assert.deepEqual(edit.params, { topic: 'alarms/+', qos: 2, retainHandling: 2, subscriptionIdentifier: 7 });
    await view.replyError(edit, 'Refused: Subscription identifiers not supported (0xa1)');
    await page.getByTestId('subscribe-status').filter({ hasText: 'Subscription identifiers not supported (0xa1)' }).waitFor();
    await fill(page, 'subscribe-topic', 'bad/#/x');
    await page.getByTestId('subscribe-submit').click();
    await page.getByTestId('subscribe-status').filter({ hasText: "'#' must be a whole level" }).waitFor();
  });

  it('shows the broker\'s CONNACK in words, its strings as text', async () => {
    const page = await open();
    await page.getByTestId('pane-server').click();
    const text = await page.getByTestId('server-info').innerText();
    assert.match(text, /Session\s+resumed/);
    assert.match(text, /Topic alias maximum\s+10/);
    assert.match(text, /Retain available\s+not available/);
    assert.match(text, /Maximum packet size\s+1,048,576 bytes/);
    assert.match(text, /Assigned client id\s+auto-<b>x<\/b>/);
    assert.match(text, /User property region\s+eu/);
    assert.equal(await page.locator('[data-testid="server-info"] b').count(), 0);
  });

  it('clears a retained message from its detail', async () => {
    const page = await open();
    await page.locator('[data-testid="log-row"]').first().click();
    const get = await view.waitForRequest('log/message/get');
    await view.reply(get, { message: { seq: 0, time: Date.now(), topic: 'status/door', qos: 1, retain: true, dup: false, size: 4, payload: new TextEncoder().encode('open'), sub: 1 } });
    await page.getByTestId('detail-clear-retained').click();
    const clear = await view.waitForRequest('mqtt/clearRetained');
    assert.deepEqual(clear.params, { topic: 'status/door' });
    await view.reply(clear, { messageId: 9 });
    await page.getByTestId('detail-action-done').filter({ hasText: 'The retained message of this topic is cleared.' }).waitFor();
  });
});
