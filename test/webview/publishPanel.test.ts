import { strict as assert } from 'node:assert';
import type { UiState } from '../../src/webview/log/uiStateStore';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeRows } from '../harness/messageDto';

describe('publish panel and saved view state in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview | undefined;

  afterEach(async function () {
    await view?.close();
    view = undefined;
  });

  const status = async (v: LogWebview): Promise<string> => v.page.getByTestId('publish-status').innerText();

  it('asks the host for the draft as a mosquitto_pub command', async function () {
    const v = (view = await suite.open());
    await v.page.locator('[data-testid="publish-topic"] input').fill('lights/kitchen');
    await v.page.locator('[data-testid="publish-payload"] textarea').fill('on');
    await v.page.getByTestId('publish-copy-mosquitto').click();
    const request = await v.waitForRequest('publish/copyAsCommand');
    assert.deepEqual(request.params, { publish: { topic: 'lights/kitchen', payload: 'on', encoding: 'utf8', qos: 0, retain: false }, tool: 'mosquitto_pub' });
  });

  it('publishes exactly what was entered and shows the result, then the host error', async function () {
    const v = (view = await suite.open());
    const { page } = v;
    await page.locator('[data-testid="publish-topic"] input').fill('devices/led/set');
    await page.locator('[data-testid="publish-payload"] textarea').fill('{"on": true}\nsecond line ✓');
    await page.getByTestId('publish-qos').click();
    await page.locator('vscode-option', { hasText: '2 · exactly once' }).click();
    await page.getByTestId('publish-retain').click();
    await page.getByTestId('publish-send').click();

    const request = await v.waitForRequest('mqtt/publish');
    assert.deepEqual(request.params, { topic: 'devices/led/set', payload: '{"on": true}\nsecond line ✓', encoding: 'utf8', qos: 2, retain: true });
    assert.equal(await status(v), 'Publishing…');
    await v.reply(request, { messageId: 7 });
    await waitFor(async () => (await status(v)) === 'Published', '"Published"');
    assert.equal(await page.getByTestId('publish-status').getAttribute('title'), 'Packet id 7');

    // Same form, second publish: the host refuses it and its words are shown.
    const before = (await v.posted()).length;
    await page.getByTestId('publish-retain').click();
    await page.getByTestId('publish-send').click();
    const second = await v.waitForRequest('mqtt/publish', before);
    assert.deepEqual(second.params, { topic: 'devices/led/set', payload: '{"on": true}\nsecond line ✓', encoding: 'utf8', qos: 2, retain: false });
    const error = 'Not connected: connect "local" first (TraceMQ: Connect).';
    await v.replyError(second, error);
    await waitFor(async () => (await status(v)) === error, 'the host error');
    assert.match((await page.getByTestId('publish-status').getAttribute('class'))!, /\berror\b/);
    v.assertHealthy();
  });

  it('publishes with Ctrl+Enter from the payload', async function () {
    const v = (view = await suite.open());
    await v.page.locator('[data-testid="publish-topic"] input').fill('a/b');
    await v.page.locator('[data-testid="publish-payload"] textarea').fill('42');
    await v.page.locator('[data-testid="publish-payload"] textarea').press('Control+Enter');
    const request = await v.waitForRequest('mqtt/publish');
    assert.deepEqual(request.params, { topic: 'a/b', payload: '42', encoding: 'utf8', qos: 0, retain: false });
    await v.reply(request, {});
    await waitFor(async () => (await status(v)) === 'Published', '"Published"');
    v.assertHealthy();
  });

  it('refuses an empty or wildcard topic without asking the host', async function () {
    const v = (view = await suite.open());
    await v.page.getByTestId('publish-send').click();
    await waitFor(async () => (await status(v)) === 'Enter the topic to publish to.', 'the empty-topic message');
    await v.page.locator('[data-testid="publish-topic"] input').fill('sensors/+/temp');
    await v.page.getByTestId('publish-send').click();
    await waitFor(async () => (await status(v)) === 'A publish topic cannot contain the wildcards + or #.', 'the wildcard message');
    assert.deepEqual(await v.requests('mqtt/publish'), []);
    v.assertHealthy();
  });

  it('restores the form, the follow flag and the reading position from the saved state, and saves changes', async function () {
    // As 0.1.0 saved it: the publish draft had no payload format and no MQTT 5 fields yet.
    const saved = {
      following: false,
      topPos: 300,
      publish: { topic: 'lights/hall', payload: 'on', qos: 1, retain: true },
    };
    const v = (view = await suite.open({ state: saved }));
    const { page } = v;
    const prop = async (testId: string, name: 'value' | 'checked'): Promise<unknown> =>
      page.getByTestId(testId).evaluate((el, key) => (el as unknown as Record<string, unknown>)[key], name);
    assert.equal(await prop('publish-topic', 'value'), 'lights/hall');
    assert.equal(await prop('publish-payload', 'value'), 'on');
    assert.equal(await prop('publish-qos', 'value'), '1');
    assert.equal(await prop('publish-retain', 'checked'), true);
    assert.equal(await page.getByTestId('follow').innerText(), 'Resume');

    await v.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 1000 }), tail: makeRows(960, 1000) },
    });
    // Not following: the list goes back to the saved row, fetching only the pages around it.
    const answered = new Set<number>();
    await waitFor(async () => {
      const requests = await v.requests('log/page/get');
      for (const r of requests.filter((r) => !answered.has(r.id))) {
        answered.add(r.id);
        await v.reply(r, { rows: makeRows(r.params.from, r.params.from + r.params.count) });
      }
      const top = await page.evaluate(() => {
        const list = document.querySelector('.vlist')!.getBoundingClientRect();
        const first = [...document.querySelectorAll<HTMLElement>('[data-testid="log-row"]')].find((el) => el.getBoundingClientRect().top >= list.top - 1);
        return first ? Number(first.dataset.seq) : undefined;
      });
      return top === 300;
    }, 'row 300 at the top of the list');
    const fetched = (await v.requests('log/page/get')).map((r) => r.params);
    assert.ok(
      fetched.every((p) => p.from + p.count > 250 && p.from < 400),
      `only pages near row 300 were fetched: ${JSON.stringify(fetched)}`,
    );

    await page.locator('[data-testid="publish-topic"] input').fill('lights/kitchen');
    await waitFor(async () => ((await v.savedState()) as UiState | undefined)?.publish.topic === 'lights/kitchen', 'the new topic saved');
    await page.getByTestId('follow').click();
    await waitFor(async () => ((await v.savedState()) as UiState | undefined)?.following === true, 'following saved');
    v.assertHealthy();
  });

  it('folds the publish panel to its heading, and remembers it', async function () {
    const v = (view = await suite.open());
    const { page } = v;
    await page.getByTestId('publish-topic').waitFor();
    await page.getByTestId('publish-toggle').click();
    await page.getByTestId('publish-topic').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('publish-toggle').getAttribute('aria-expanded'), 'false');
    await waitFor(async () => ((await v.savedState()) as { publishOpen?: boolean } | undefined)?.publishOpen === false, 'the folded state saved');
    const reopened = await suite.open({ state: await v.savedState() });
    try {
      await reopened.page.getByTestId('publish-toggle').waitFor();
      assert.equal(await reopened.page.getByTestId('publish-topic').count(), 0, 'still folded after hide/show');
    } finally {
      await reopened.close();
    }
    v.assertHealthy();
  });
});
