import { strict as assert } from 'node:assert';
import type { LogCounters } from '../../src/shared/log/logCounters';
import type { LogFilter } from '../../src/shared/log/logFilter';
import type { LogViewToHost } from '../../src/shared/log/logViewProtocols';
import type { RowDto } from '../../src/shared/log/rowDto';
import { CONNECTED, DARK_THEME, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeMessage, makeRow, makeRows } from '../harness/messageDto';

const isReady = (m: LogViewToHost): m is Extract<LogViewToHost, { method: 'log/ready' }> => m.kind === 'notify' && m.method === 'log/ready';

/**
 * The log view's tools in Chromium, against a stand-in host: the filter bar (the host applies
 * filters; the view only edits and sends them), the overview track of a 1,000,000-row log,
 * subscription colours, and the header's pause, export and record actions.
 */
describe('log view tools in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;
  afterEach(async function () {
    view.assertHealthy();
    await view.close();
  });

  async function open(state?: unknown): Promise<void> {
    view = await suite.open(state === undefined ? {} : { state });
    await view.waitForPosted(isReady, 'log/ready');
  }

  async function snapshot(counters: LogCounters, tail: RowDto[], filter: LogFilter | null = null, filterError?: string): Promise<void> {
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { connection: CONNECTED, counters, tail, filter, ...(filterError ? { filterError } : {}) } });
  }

  /** LogFilterBar.tsx's TYPING_DELAY_MS: how long typing must pause before the filter is sent. */
  const TYPING_PAUSE_MS = 350;

  /** Stops the page's (fake) clock, so that only `runFor` moves it. */
  async function pauseClock(): Promise<void> {
    await view.page.clock.pauseAt(await view.page.evaluate(() => Date.now() + 1000));
  }

  /** Types ERROR as the text filter, answers the request and sends the filtered snapshot (3 of 50). */
  async function filterToThreeRows(): Promise<void> {
    await open();
    await snapshot(makeCounters({ firstPos: 0, nextPos: 50 }), makeRows(10, 50));
    const before = (await view.posted()).length;
    await view.page.locator('[data-testid="filter-text"] input').fill('ERROR');
    await view.reply(await view.waitForRequest('log/filter/set', before), {});
    // The host answers with a snapshot of the filtered view: positions 0..2, other seqs.
    const rows = [makeRow(0, { seq: 12, sub: 1 }), makeRow(1, { seq: 30, sub: 1 }), makeRow(2, { seq: 44, sub: 1 })];
    await snapshot({ ...makeCounters({ firstPos: 0, nextPos: 3 }), stored: 50 }, rows, { text: 'ERROR' });
    await view.page.locator('[data-testid="log-row"][data-seq="44"]').waitFor();
  }

  it('sends a typed filter only once typing has paused', async () => {
    view = await suite.open({ fakeClock: true });
    await view.waitForPosted(isReady, 'log/ready');
    await snapshot(makeCounters({ firstPos: 0, nextPos: 50 }), makeRows(10, 50));
    await pauseClock();
    await view.page.locator('[data-testid="filter-topic"] input').fill('sensors/+/temp');
    await view.page.clock.runFor(TYPING_PAUSE_MS - 1);
    assert.equal((await view.requests('log/filter/set')).length, 0, 'nothing sent while the pause is shorter');
    await view.page.clock.runFor(1);
    assert.deepEqual((await view.waitForRequest('log/filter/set')).params, { filter: { topic: 'sensors/+/temp' } });
  });

  it('sends one filter request for two fields typed without a pause between them', async () => {
    view = await suite.open({ fakeClock: true });
    await view.waitForPosted(isReady, 'log/ready');
    await snapshot(makeCounters({ firstPos: 0, nextPos: 50 }), makeRows(10, 50));
    await pauseClock();
    await view.page.locator('[data-testid="filter-topic"] input').fill('sensors/+/temp');
    await view.page.clock.runFor(TYPING_PAUSE_MS - 1);
    await view.page.locator('[data-testid="filter-text"] input').fill('ERROR');
    await view.page.clock.runFor(TYPING_PAUSE_MS);
    const sets = await view.requests('log/filter/set');
    assert.deepEqual(
      sets.map((r) => r.params),
      [{ filter: { topic: 'sensors/+/temp', text: 'ERROR' } }],
    );
  });

  it('shows the filtered view the host sends: its rows and how many stored messages match', async () => {
    await filterToThreeRows();
    assert.equal(await view.page.getByTestId('counter-shown').innerText(), '3');
    assert.equal(await view.page.getByTestId('filter-status').innerText(), '3 of 50 stored messages match');
  });

  it('opens a row of a filtered view by its seq, not its position', async () => {
    await filterToThreeRows();
    await view.page.locator('[data-testid="log-row"][data-pos="1"]').click();
    assert.deepEqual((await view.waitForRequest('log/message/get')).params, { seq: 30 });
  });

  it('clears the filter on Escape in a filter field', async () => {
    await filterToThreeRows();
    const before = (await view.posted()).length;
    await view.page.locator('[data-testid="filter-text"] input').press('Escape');
    assert.deepEqual((await view.waitForRequest('log/filter/set', before)).params, { filter: null });
  });

  it('refuses an invalid topic filter itself, and shows the host\'s reason for a bad regular expression', async () => {
    await open();
    await snapshot(makeCounters({ firstPos: 0, nextPos: 5 }), makeRows(0, 5));
    await view.page.locator('[data-testid="filter-topic"] input').fill('a/#/b');
    await view.page.locator('[data-testid="filter-topic"] input').press('Enter');
    await view.page.getByTestId('filter-status').filter({ hasText: "Topic filter: '#' must be a whole level" }).waitFor();
    assert.equal((await view.requests('log/filter/set')).length, 0, 'nothing sent');

    await view.page.locator('[data-testid="filter-topic"] input').fill('');
    await view.page.getByTestId('filter-regex').click();
    const before = (await view.posted()).length;
    await view.page.locator('[data-testid="filter-text"] input').fill('([a-z]');
    await view.page.locator('[data-testid="filter-text"] input').press('Enter');
    const set = await view.waitForRequest('log/filter/set', before);
    assert.deepEqual(set.params, { filter: { text: '([a-z]', regex: true } });
    await view.replyError(set, 'Not a valid regular expression: /([a-z]/: Unterminated group');
    await view.page.getByTestId('filter-status').filter({ hasText: 'Unterminated group' }).waitFor();
    assert.equal(await view.page.getByTestId('filter-status').getAttribute('role'), 'alert');
  });

  it('says when the host dropped a filter, and shows progress while one is applied', async () => {
    await open();
    await snapshot({ ...makeCounters({ firstPos: 0, nextPos: 0 }), stored: 800_000, filtering: { scanned: 200_000, total: 800_000 } }, [], { text: 'x' });
    await view.page.getByTestId('filter-status').filter({ hasText: 'Filtering… 25% of 800,000 stored messages' }).waitFor();
    await view.page.getByTestId('filter-empty').filter({ hasText: 'Filtering…' }).waitFor();
    await snapshot(makeCounters({ firstPos: 0, nextPos: 5 }), makeRows(0, 5), null, 'The filter took more than 1 s on message #3 and was stopped');
    await view.page.getByTestId('filter-status').filter({ hasText: 'took more than 1 s' }).waitFor();
  });

  it('sends the filter it had before a reload again once the host is there', async () => {
    await open({ following: true, filter: { topic: 'alarm/#', retainedOnly: true }, publish: { topic: '', payload: '', qos: 0, retain: false } });
    const set = await view.waitForRequest('log/filter/set');
    assert.deepEqual(set.params, { filter: { topic: 'alarm/#', retainedOnly: true } });
    assert.equal(await view.page.locator('[data-testid="filter-topic"] input').inputValue(), 'alarm/#');
    assert.equal(await view.page.getByTestId('filter-retained').evaluate((el) => (el as unknown as { checked: boolean }).checked), true);
  });

  it('reaches any row of a 1,000,000-row log through the overview track, and follows again at its end', async () => {
    await open();
    const total = 1_000_000;
    await snapshot(makeCounters({ firstPos: 0, nextPos: total }), makeRows(total - 60, total));
    const track = view.page.getByTestId('log-overview');
    await track.waitFor();
    const box = await track.boundingBox();
    assert.ok(box, 'the track is on screen');
    const before = (await view.posted()).length;
    await view.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // The list jumps to the middle and asks for the rows there.
    const page = await view.waitForRequest('log/page/get', before);
    assert.ok(Math.abs(page.params.from - total / 2) < 5000, `asked for rows near the middle: ${page.params.from}`);
    for (const request of await view.requests('log/page/get')) {
      if (request.params.from >= total - 60) continue;
      await view.reply(request, { rows: makeRows(request.params.from, request.params.from + request.params.count) });
    }
    const first = view.page.locator('[data-testid="log-row"]').first();
    await waitFor(async () => Math.abs(Number(await first.getAttribute('data-pos')) - total / 2) < 5000, 'rows from the middle on screen');
    assert.equal(await view.page.getByTestId('follow').innerText(), 'Resume');
    const valueNow = Number(await track.getAttribute('aria-valuenow'));
    assert.ok(Math.abs(valueNow - total / 2) < 5000, `the track says where the screen is: ${valueNow}`);
    // The bottom of the track is the tail: following again.
    await view.page.mouse.click(box.x + box.width / 2, box.y + box.height - 1);
    await view.page.getByTestId('follow').filter({ hasText: 'Pause' }).waitFor();
    await view.page.locator(`[data-testid="log-row"][data-pos="${total - 1}"]`).waitFor();
  });

  it('colours each row by the subscription it matched', async () => {
    await open();
    await snapshot(makeCounters({ firstPos: 0, nextPos: 3 }), [makeRow(0, { sub: 1 }), makeRow(1, { sub: 2 }), makeRow(2, { sub: 0 })]);
    const row = (pos: number) => view.page.locator(`[data-testid="log-row"][data-pos="${pos}"]`);
    await row(2).waitFor();
    assert.match((await row(0).getAttribute('class')) ?? '', /\bsub-blue\b/);
    assert.match((await row(1).getAttribute('class')) ?? '', /\bsub-orange\b/);
    assert.doesNotMatch((await row(2).getAttribute('class')) ?? '', /\bsub-/, 'no known subscription: no colour');
    const stripe = await row(0).evaluate((el) => getComputedStyle(el).boxShadow);
    assert.match(stripe, /inset/, `a stripe at the row's start: ${stripe}`);
  });

  it('pauses and resumes following, exports, records and shows the recording', async () => {
    await open();
    await snapshot(makeCounters({ firstPos: 0, nextPos: 10 }), makeRows(0, 10));
    const follow = view.page.getByTestId('follow');
    assert.equal(await follow.innerText(), 'Pause');
    await follow.click();
    await follow.filter({ hasText: 'Resume' }).waitFor();
    await follow.click();
    await follow.filter({ hasText: 'Pause' }).waitFor();

    await view.page.getByTestId('export').click();
    const exported = await view.waitForRequest('log/export');
    assert.deepEqual(exported.params, { filtered: false });
    await view.reply(exported, {});
    await view.page.getByTestId('record').click();
    const record = await view.waitForRequest('log/record');
    assert.deepEqual(record.params, { record: true });
    await view.reply(record, {});
    await view.send({
      kind: 'notify',
      method: 'log/tail',
      params: { counters: { ...makeCounters({ firstPos: 0, nextPos: 10 }), recording: { file: '/tmp/x.ndjson', bytes: 3 * 1024 * 1024, messages: 10 } }, tail: [] },
    });
    await view.page.getByTestId('recording').filter({ hasText: '3.0 MB' }).waitFor();
    assert.equal(await view.page.getByTestId('record').innerText(), 'Stop recording');
    const before = (await view.posted()).length;
    await view.page.getByTestId('record').click();
    assert.deepEqual((await view.waitForRequest('log/record', before)).params, { record: false });
    // A failed action says so in the header.
    await view.page.getByTestId('export').click();
    await view.replyError(await view.waitForRequest('log/export', before + 1), 'No workspace folder to export into');
    await view.page.getByTestId('action-error').filter({ hasText: 'No workspace folder' }).waitFor();
  });
});

describe('log view themes and hostile messages in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview | undefined;
  afterEach(async function () {
    view?.assertHealthy();
    await view?.close();
    view = undefined;
  });

  // Two other themes, as VS Code sets them: only the variables the checks below look at differ.
  const LIGHT = { ...DARK_THEME, '--vscode-editor-background': '#ffffff', '--vscode-foreground': '#3b3b3b', '--vscode-charts-blue': '#1a85ff' };
  const HIGH_CONTRAST = { ...DARK_THEME, '--vscode-editor-background': '#000000', '--vscode-foreground': '#ffffff', '--vscode-contrastBorder': '#6fc3df', '--vscode-charts-blue': '#3794ff' };

  for (const [name, theme, themeClass, background, foreground] of [
    ['light', LIGHT, 'vscode-light', 'rgb(255, 255, 255)', 'rgb(59, 59, 59)'],
    ['high contrast', HIGH_CONTRAST, 'vscode-high-contrast', 'rgb(0, 0, 0)', 'rgb(255, 255, 255)'],
  ] as const) {
    it(`follows a ${name} theme: colours from the theme's variables, subscription colours included`, async () => {
      view = await suite.open({ theme, themeClass });
      await view.waitForPosted(isReady, 'log/ready');
      await view.send({ kind: 'notify', method: 'log/snapshot', params: { connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 2 }), tail: [makeRow(0, { sub: 1 }), makeRow(1)], filter: null } });
      const row = view.page.locator('[data-testid="log-row"][data-pos="0"]');
      await row.waitFor();
      const styles = await view.page.evaluate(() => ({ background: getComputedStyle(document.body).backgroundColor, colour: getComputedStyle(document.body).color }));
      assert.deepEqual(styles, { background, colour: foreground });
      const stripe = await row.evaluate((el) => getComputedStyle(el).boxShadow);
      assert.ok(stripe.includes(name === 'light' ? 'rgb(26, 133, 255)' : 'rgb(55, 148, 255)'), `the subscription stripe uses the theme's chart colour: ${stripe}`);
      if (name === 'high contrast') {
        const border = await view.page.locator('.log-header').evaluate((el) => getComputedStyle(el).borderBottomColor);
        assert.equal(border, 'rgb(111, 195, 223)', 'borders use contrastBorder');
      }
    });
  }

  it('renders a hostile corpus as text, executes nothing, and opens a 10 MB payload without hanging', async () => {
    view = await suite.open();
    await view.waitForPosted(isReady, 'log/ready');
    const bytes = (s: string | number[]): Uint8Array => (typeof s === 'string' ? new TextEncoder().encode(s) : new Uint8Array(s));
    const corpus: [string, Uint8Array][] = [
      ['javascript:alert(document.domain)', bytes('<a href="javascript:alert(1)">x</a>')],
      ['command:workbench.action.quit', bytes('[click](command:workbench.action.quit)')],
      ['rtl/\u202Egnp.exe', bytes('abc\u202Edef\u200B\u2066ghi')],
      ['nul/\u0000/topic', bytes([0x41, 0x00, 0x42])],
      ['invalid/utf8', bytes([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0xbc])],
      ['empty', bytes('')],
      ['huge', new Uint8Array(256)],
    ];
    const tail = corpus.map(([topic, payload], i) => makeRow(i, { topic, payload, ...(topic === 'huge' ? { size: 10 * 1024 * 1024 } : {}) }));
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: corpus.length }), tail, filter: null } });
    const row = (pos: number) => view!.page.locator(`[data-testid="log-row"][data-pos="${pos}"]`);
    await row(corpus.length - 1).waitFor();
    assert.equal(await row(0).locator('.payload').innerText(), '<a href="javascript:alert(1)">x</a>');
    assert.equal(await row(2).locator('.topic').innerText(), 'rtl/\\u202Egnp.exe', 'a direction override is shown, not obeyed');
    assert.equal(await row(2).locator('.payload').innerText(), 'abc\\u202Edef\\u200B\\u2066ghi');
    assert.equal(await row(3).locator('.topic').innerText(), 'nul/\u2400/topic', 'NUL shown as its symbol');
    assert.match(await row(4).locator('.payload').innerText(), /^c3 28 a0 a1 f0 28 8c bc$/, 'invalid UTF-8 shown as bytes, not replaced');
    assert.match(await row(6).locator('.payload').innerText(), /10,485,760 bytes/, 'a cut preview says the full size');
    // The one inline script is the bundle the page carries (naming its file, with the nonce).
    assert.equal(await view.page.locator('a, img, script:not([data-file="log.js"])').count(), 0);

    // The 10 MB payload in full: the pane shows its first part and says where the rest is.
    await row(6).click();
    const get = await view.waitForRequest('log/message/get');
    const huge = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    await view.reply(get, { message: makeMessage(6, { topic: 'huge', payload: huge }) });
    const note = view.page.getByTestId('detail-note');
    await note.waitFor({ timeout: 15_000 });
    assert.match(await note.innerText(), /Showing the first 262,144 characters; open it in an editor for all of it/);
    const shown = await view.page.getByTestId('detail-payload').evaluate((el) => (el.textContent as string | null)?.length ?? 0);
    assert.equal(shown, 256 * 1024);
    // Still responsive: the next click is handled.
    await row(5).click();
    await waitFor(async () => (await view!.requests('log/message/get')).some((r) => r.params.seq === 5), 'the empty message asked for');
    const emptyGet = (await view.requests('log/message/get')).find((r) => r.params.seq === 5)!;
    await view.reply(emptyGet, { message: makeMessage(5, { topic: 'empty', payload: '' }) });
    await view.page.getByTestId('detail-payload').filter({ hasText: '(empty payload)' }).waitFor();
    assert.deepEqual(view.dialogs, []);
  });
});

describe('log view: reliability signals in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;
  afterEach(async function () {
    view.assertHealthy();
    await view.close();
  });

  /** A reconnecting connection over unverified TLS, with one of its two rows redelivered (DUP). */
  async function openReconnecting(): Promise<void> {
    view = await suite.open();
    await view.waitForPosted(isReady, 'log/ready');
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: {
        connection: { ...CONNECTED, state: 'reconnecting', detail: 'Connection lost. Next attempt in 3.2 s (attempt 2).', nextAttemptAt: Date.now() + 3200, insecure: true },
        counters: { ...makeCounters({ firstPos: 0, nextPos: 2 }), duplicates: 1 },
        tail: [makeRow(0, { qos: 1 }), makeRow(1, { qos: 1, dup: true, retain: true })],
        filter: null,
      },
    });
    await view.page.locator('[data-testid="log-row"]').nth(1).waitFor();
  }

  it('marks a connection whose TLS certificate is not verified', async () => {
    await openReconnecting();
    await view.page.getByTestId('insecure-tls').filter({ hasText: 'TLS not verified' }).waitFor();
  });

  it("shows the host's words for a reconnecting connection", async () => {
    await openReconnecting();
    assert.equal(await view.page.getByTestId('connection-detail').innerText(), 'Connection lost. Next attempt in 3.2 s (attempt 2).');
  });

  it('counts redelivered messages', async () => {
    await openReconnecting();
    assert.equal(await view.page.getByTestId('counter-duplicates').innerText(), '1');
  });

  it('flags a redelivered retained row RD, and its title says what D means', async () => {
    await openReconnecting();
    const flags = view.page.locator('[data-testid="log-row"] .retain');
    assert.deepEqual(await flags.allInnerTexts(), ['', 'RD']);
    assert.match((await flags.nth(1).getAttribute('title')) ?? '', /D: duplicate/);
  });

  it('says that a publish made while reconnecting is queued, and how many wait', async () => {
    await openReconnecting();
    await view.page.locator('[data-testid="publish-topic"] input').fill('a/b');
    await view.page.getByTestId('publish-send').click();
    await view.reply(await view.waitForRequest('mqtt/publish'), { queued: 3 });
    await view.page.getByTestId('publish-status').filter({ hasText: 'Queued: it goes out once reconnected (3 waiting)' }).waitFor();
  });
});
