import { strict as assert } from 'node:assert';
import type { Locator } from 'playwright-core';
import type { NotifyMessage } from '../../src/shared/ipc/envelope';
import type { MessageDto } from '../../src/shared/log/logProtocol';
import type { LogViewToHost } from '../../src/shared/log/logViewProtocols';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeMessage, makeRow, makeRows } from '../harness/messageDto';

const isReady = (m: LogViewToHost): m is NotifyMessage<'log/ready', Record<string, never>> => m.kind === 'notify' && m.method === 'log/ready';
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
/** The element's text, or '' while it is not in the page (the pane shows "Loading…" in between). */
const textOf = (l: Locator): Promise<string> => l.innerText({ timeout: 200 }).catch(() => '');

describe('message detail and keyboard navigation in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;
  beforeEach(async function () {
    view = await suite.open();
    await view.waitForPosted(isReady, 'log/ready');
  });
  afterEach(async function () {
    view.assertHealthy();
    await view.close();
  });

  async function snapshot(first: number, next: number, tail = makeRows(Math.max(first, next - 40), next)): Promise<void> {
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: first, nextPos: next, received: next }), tail } });
    await view.page.locator(`[data-testid="log-row"][data-seq="${next - 1}"]`).waitFor();
  }

  it('opens the clicked message in full: pretty JSON by default, MQTT 5 properties, other views on demand', async function () {
    const json = '{"temperature":21.5,"tags":["a","b"]}';
    await snapshot(0, 3, [makeRow(0), makeRow(1, { payload: json, size: 5000 }), makeRow(2)]);
    await view.page.locator('[data-testid="log-row"][data-seq="1"]').click();
    const request = await view.waitForRequest('log/message/get');
    assert.deepEqual(request.params, { seq: 1 });
    await view.reply(request, {
      message: makeMessage(1, {
        payload: json,
        topic: 'sensors/<b>1</b>',
        properties: { contentType: 'application/json', correlationData: new Uint8Array([0xff, 0x01]), userProperties: { site: 'lab', note: '<img src=x onerror=alert(1)>' } },
      }),
    });
    const detail = view.page.getByTestId('message-detail');
    const payload = view.page.getByTestId('detail-payload');
    await payload.waitFor();
    await waitFor(async () => (await textOf(payload)).includes('"temperature": 21.5'), 'pretty JSON');
    assert.equal(await payload.innerText(), JSON.stringify(JSON.parse(json), null, 2));
    assert.equal(await view.page.getByTestId('detail-topic').innerText(), 'sensors/<b>1</b>');
    const properties = await view.page.getByTestId('detail-properties').innerText();
    assert.match(properties, /Content type\s+application\/json/);
    assert.match(properties, /Correlation data\s+\(binary\) ff 01/);
    assert.match(properties, /user: note\s+<img src=x onerror=alert\(1\)>/);
    assert.equal(await detail.locator('img, b').count(), 0, 'untrusted text stays text');
    assert.equal(await view.page.locator('.log-row.selected').getAttribute('data-seq'), '1');

    // Hex and base64 views, chosen by hand.
    await view.page.getByTestId('detail-view').getByRole('radio', { name: 'Hex', exact: true }).click();
    await waitFor(async () => (await textOf(payload)).startsWith('00000000  7b 22 74 65'), 'hex dump');
    await view.page.getByTestId('detail-view').getByRole('radio', { name: 'Base64', exact: true }).click();
    await waitFor(async () => (await textOf(payload)) === Buffer.from(json).toString('base64'), 'base64');
    // One group, one choice: the views are a radio group; the arrow keys move the choice.
    const views = view.page.getByTestId('detail-view').getByRole('radio');
    assert.deepEqual(await views.evaluateAll((els) => els.map((e) => `${e.textContent}:${e.getAttribute('aria-checked') ?? ''}`)), [
      'Auto:false', 'Text:false', 'JSON:false', 'Hex:false', 'Base64:true',
    ]);
    await view.page.keyboard.press('ArrowLeft');
    await waitFor(async () => (await textOf(payload)).startsWith('00000000  7b 22 74 65'), 'hex again, by keyboard');
    assert.equal(await view.page.evaluate(() => document.activeElement?.textContent), 'Hex', 'focus follows the choice');
    await view.page.keyboard.press('ArrowRight');
    await waitFor(async () => (await textOf(payload)) === Buffer.from(json).toString('base64'), 'base64 again, by keyboard');

    // Open in editor and copy go to the host with the seq and the current view.
    await view.page.getByTestId('detail-open').click();
    assert.deepEqual((await view.waitForRequest('log/message/open')).params, { seq: 1, view: 'base64' });
    await view.page.getByTestId('detail-copy-topic').click();
    assert.deepEqual((await view.waitForRequest('log/message/copy')).params, { seq: 1, what: 'topic' });
  });

  it('asks the host for a mosquitto_pub command of the open message', async function () {
    await snapshot(0, 3);
    await view.page.locator('[data-testid="log-row"][data-seq="2"]').click();
    await view.reply(await view.waitForRequest('log/message/get'), { message: makeMessage(2, { payload: 'on' }) });
    await view.page.getByTestId('detail-copy-mosquitto').click();
    assert.deepEqual((await view.waitForRequest('log/message/copy')).params, { seq: 2, what: 'mosquitto_pub' });
  });

  it('shows binary as hex, makes hidden characters visible, and bounds hostile JSON', async function () {
    await snapshot(0, 3);
    const rows = view.page.getByTestId('log-row');
    await rows.nth(0).click();
    await view.reply(await view.waitForRequest('log/message/get'), { message: makeMessage(0, { payload: new Uint8Array([0xff, 0x00, 0x41]) }) });
    const payload = view.page.getByTestId('detail-payload');
    await payload.waitFor();
    await waitFor(async () => (await textOf(payload)).startsWith('00000000  ff 00 41'), 'binary as hex');

    let before = (await view.posted()).length;
    await rows.nth(1).click();
    await view.reply(await view.waitForRequest('log/message/get', before), { message: makeMessage(1, { payload: 'safe\u202Eevil\u200B line\nnext' }) });
    await waitFor(async () => (await textOf(payload)) === 'safe\\u202Eevil\\u200B line\nnext', 'controls visible, lines kept');

    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    before = (await view.posted()).length;
    await rows.nth(2).click();
    await view.reply(await view.waitForRequest('log/message/get', before), { message: makeMessage(2, { payload: deep }) });
    await view.page.getByTestId('detail-note').waitFor();
    await waitFor(async () => (await textOf(view.page.getByTestId('detail-note'))).includes('deeper than 64'), 'deep JSON refused');
    await view.page.getByTestId('detail-view').getByRole('radio', { name: 'JSON', exact: true }).click();
    await waitFor(async () => (await textOf(view.page.getByTestId('detail-note'))).includes('Nested deeper than 64 levels'), 'JSON view explains');
  });

  it('says so when the message was evicted', async function () {
    await snapshot(0, 2);
    await view.page.getByTestId('log-row').first().click();
    await view.replyError(await view.waitForRequest('log/message/get'), 'This message is no longer in the log: it was evicted or the log was cleared.');
    await view.page.getByTestId('detail-status').filter({ hasText: 'no longer in the log' }).waitFor();
  });

  it('keeps a clicked row where it is: the click stops following, the detail pane does not cover the row', async function () {
    await snapshot(0, 100_000);
    const following =
      (value: boolean) =>
      (m: LogViewToHost): m is Extract<LogViewToHost, { method: 'log/viewport' }> =>
        m.kind === 'notify' && m.method === 'log/viewport' && m.params.following === value;
    await view.waitForPosted(following(true), 'log/viewport (following)');
    /** The row's top relative to the list's, and whether the whole row is inside the list's box. */
    const place = (seq: number): Promise<{ y: number; inside: boolean } | undefined> =>
      view.page.evaluate((s) => {
        const row = document.querySelector(`[data-testid="log-row"][data-seq="${s}"]`);
        if (!row) return undefined;
        const list = document.querySelector('.vlist')!.getBoundingClientRect();
        const r = row.getBoundingClientRect();
        return { y: Math.round(r.top - list.top), inside: r.top >= list.top - 1 && r.bottom <= list.bottom + 1 };
      }, seq);
    await waitFor(async () => (await place(99_999))?.inside === true, 'the newest row on screen');

    // The bottom row, clicked while following: it is the part of the list the detail pane takes.
    const before = (await view.posted()).length;
    await view.page.locator('[data-testid="log-row"][data-seq="99999"]').click();
    await view.waitForPosted(following(false), 'log/viewport (not following) after the click', before);
    assert.equal(await view.page.getByTestId('follow').innerText(), 'Resume');
    await view.reply(await view.waitForRequest('log/message/get', before), { message: makeMessage(99_999, { payload: 'bottom' }) });
    await view.page.getByTestId('message-detail').waitFor();
    await waitFor(async () => (await textOf(view.page.getByTestId('detail-payload'))) === 'bottom', 'its detail');
    const opened = await place(99_999);
    assert.equal(opened?.inside, true, `the clicked row on screen above the detail pane: ${JSON.stringify(opened)}`);

    // New messages arrive (counters only: the host sends no rows to a view that does not follow); the row stays put.
    await view.send({ kind: 'notify', method: 'log/tail', params: { counters: makeCounters({ firstPos: 0, nextPos: 100_040, received: 100_040 }), tail: [] } });
    await waitFor(async () => (await view.page.getByTestId('counter-received').innerText()) === '100040', 'the new counters');
    assert.deepEqual(await place(99_999), opened);
    assert.equal(await view.page.locator('.log-row.selected').getAttribute('data-seq'), '99999');

    // A row near the top of the screen, which the pane does not cover: nothing moves.
    await view.page.getByTestId('detail-close').click();
    await view.page.getByTestId('message-detail').waitFor({ state: 'detached' });
    const onScreen = await view.page.evaluate(() => {
      const list = document.querySelector('.vlist')!.getBoundingClientRect();
      return [...document.querySelectorAll<HTMLElement>('[data-testid="log-row"]')]
        .filter((el) => el.getBoundingClientRect().top >= list.top - 1 && el.getBoundingClientRect().bottom <= list.bottom + 1)
        .map((el) => Number(el.dataset.seq));
    });
    const high = Math.min(...onScreen) + 1;
    const highBefore = await place(high);
    assert.equal(highBefore?.inside, true, `row ${high} on screen: ${JSON.stringify(highBefore)}`);
    const beforeHigh = (await view.posted()).length;
    await view.page.locator(`[data-testid="log-row"][data-seq="${high}"]`).click();
    await view.reply(await view.waitForRequest('log/message/get', beforeHigh), { message: makeMessage(high, { payload: 'high' }) });
    await view.page.getByTestId('message-detail').waitFor();
    await waitFor(async () => (await textOf(view.page.getByTestId('detail-payload'))) === 'high', 'its detail');
    assert.deepEqual(await place(high), highBefore, 'a row the pane does not cover stays where it was clicked');
  });

  it('moves the selection with arrows and PageUp/PageDown, opens with Enter, closes with Escape', async function () {
    await snapshot(0, 100_000);
    const list = view.page.locator('.vlist');
    await list.focus();
    await view.page.keyboard.press('ArrowUp');
    const selected = view.page.locator('.log-row.selected');
    await waitFor(async () => (await selected.getAttribute('data-seq')) === '99999', 'the newest row selected');
    await view.page.keyboard.press('ArrowUp');
    await waitFor(async () => (await selected.getAttribute('data-seq')) === '99998', 'moved up one');
    await view.page.keyboard.press('PageUp');
    const afterPage = Number(await selected.getAttribute('data-seq'));
    assert.ok(afterPage < 99998 - 5, `PageUp moved a screenful (${afterPage})`);
    assert.ok(await selected.isVisible(), 'the selection stays on screen');
    // Rows rendered with the detail pane closed: PageUp moves by what fits, so the steps below
    // are only comparable once the list is back to this height.
    const rendered = view.page.locator('[data-testid="log-row"], [data-testid="log-row-placeholder"]');
    const fullHeightRows = await rendered.count();
    await view.page.keyboard.press('Enter');
    assert.deepEqual((await view.waitForRequest('log/message/get')).params, { seq: afterPage });
    await view.page.getByTestId('message-detail').waitFor();
    await list.focus();
    await view.page.keyboard.press('Escape');
    await view.page.getByTestId('message-detail').waitFor({ state: 'detached' });
    await waitFor(async () => (await rendered.count()) === fullHeightRows, 'the list back to its full height');
    // One page back measures a page at this height (the paused log's banner now takes a row's worth
    // of it); four more: the list jumps there and fetches those rows, which show selected.
    await view.page.keyboard.press('PageUp');
    await waitFor(async () => Number(await selected.getAttribute('data-seq')) < afterPage, 'one page up');
    const onePageUp = Number(await selected.getAttribute('data-seq'));
    const step = afterPage - onePageUp;
    for (let i = 0; i < 4; i++) await view.page.keyboard.press('PageUp');
    const expected = onePageUp - 4 * step;
    // Answer every page the view asks for, as the host does (while it moves it may ask for the same
    // page again and keep only the answer to its latest request), until the row shows selected.
    const answered = new Set<number>();
    let seen: string | null = null;
    let shown = '';
    await waitFor(async () => {
      for (const request of await view.requests('log/page/get')) {
        if (answered.has(request.id)) continue;
        answered.add(request.id);
        await view.reply(request, { rows: makeRows(request.params.from, request.params.from + request.params.count) });
      }
      seen = await selected.getAttribute('data-seq', { timeout: 100 }).catch(() => null);
      if (seen === String(expected)) return true;
      shown = await rendered.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.seq ?? '…').join(' '));
      return false;
    }, () => `row ${expected} selected (steps of ${step} rows from ${onePageUp}); last seen: selected ${seen ?? 'none'}, rows ${shown} (${fullHeightRows} at full height), ${answered.size} pages answered`);
    assert.ok((await view.requests('log/page/get')).some((r) => r.params.from <= expected && expected < r.params.from + r.params.count), `the view asked for the page of ${expected}`);
    assert.ok(await selected.isVisible());
  });

  /** Opens the message at seq 1 with this payload and properties; resolves once its payload shows. */
  async function openMessage(payload: Uint8Array, extra: Partial<MessageDto> = {}): Promise<Locator> {
    await snapshot(0, 3);
    await view.page.locator('[data-testid="log-row"][data-seq="1"]').click();
    await view.reply(await view.waitForRequest('log/message/get'), { message: makeMessage(1, { ...extra, payload }) });
    const payloadEl = view.page.getByTestId('detail-payload');
    await waitFor(async () => (await textOf(payloadEl)) !== '', 'the payload');
    return payloadEl;
  }

  it('colours JSON by token: keys, strings, numbers, booleans and null each in their own span', async function () {
    const payload = await openMessage(utf8('{"name":"pump","rpm":1200,"on":true,"note":null}'));
    const tokens = await payload.locator('[data-testid="json-view"] span').evaluateAll((spans) => spans.map((s) => `${s.getAttribute('class') ?? ''}:${s.textContent}`));
    for (const token of ['json-key:"name"', 'json-string:"pump"', 'json-number:1200', 'json-boolean:true', 'json-null:null']) assert.ok(tokens.includes(token), `${token} in ${tokens.join(' ')}`);
  });

  it('colours JSON keys and strings differently, with theme colours', async function () {
    const payload = await openMessage(utf8('{"name":"pump"}'));
    const [key, str] = await Promise.all(['json-key', 'json-string'].map((c) => payload.locator(`.${c}`).first().evaluate((el) => getComputedStyle(el).color)));
    assert.notEqual(key, str);
    assert.equal(key, 'rgb(156, 220, 254)', 'the key colour comes from --vscode-symbolIcon-keyForeground');
  });

  it('shows MQTT 5 properties as a table with a header row, each property on its own row', async function () {
    await openMessage(utf8('x'), { properties: { contentType: 'text/plain', responseTopic: 'demo/rpc/reply', userProperties: { site: 'lab' } } });
    const table = view.page.getByTestId('detail-properties');
    assert.deepEqual(await table.locator('thead th').allTextContents(), ['Property', 'Value']);
    assert.deepEqual(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent))), [
      ['Content type', 'text/plain'],
      ['Response topic', 'demo/rpc/reply'],
      ['user: site', 'lab'],
    ]);
  });

  it('gives the properties table a readable width beside the payload', async function () {
    await openMessage(utf8('x'), { properties: { contentType: 'text/plain' } });
    const width = await view.page.getByTestId('detail-properties').evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width >= 22 * 13, `at least 22rem wide, was ${width}px`);
  });

  it('shows line breaks (LF and CRLF) as real breaks marked with a faded ↵, never a control picture', async function () {
    const payload = await openMessage(utf8('one\ntwo\r\nthree'), {});
    assert.equal(await payload.innerText(), 'one\ntwo\nthree');
    const markers = payload.getByTestId('eol');
    assert.equal(await markers.count(), 2);
    assert.equal(await markers.first().evaluate((el) => getComputedStyle(el, '::before').content), '"↵"');
    assert.doesNotMatch(await payload.innerText(), /[\u240A\u240D]/);
  });
});
