import { strict as assert } from 'node:assert';
import type { Locator } from 'playwright-core';
import type { LogViewToHost } from '../../src/shared/log/logViewProtocols';
import { FunctionCalls } from '../harness/functionCalls';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeMessage, makeRow, makeRows } from '../harness/messageDto';

const isReady = (m: LogViewToHost): m is Extract<LogViewToHost, { method: 'log/ready' }> => m.kind === 'notify' && m.method === 'log/ready';
const viewport =
  (following: boolean) =>
  (m: LogViewToHost): m is Extract<LogViewToHost, { method: 'log/viewport' }> =>
    m.kind === 'notify' && m.method === 'log/viewport' && m.params.following === following;

/** Text of each cell of a rendered row. */
async function cells(row: Locator): Promise<Record<'time' | 'topic' | 'qos' | 'retain' | 'payload', string>> {
  const text = async (cls: string): Promise<string> => row.locator(`.${cls}`).innerText();
  return { time: await text('time'), topic: await text('topic'), qos: await text('qos'), retain: await text('retain'), payload: await text('payload') };
}

describe('log webview in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;

  beforeEach(async function () {
    view = await suite.open();
  });

  afterEach(async function () {
    await view.close();
  });

  /** Rows (and placeholders) the list has in the DOM. */
  const domRows = (): Locator => view.page.locator('[data-testid="log-row"], [data-testid="log-row-placeholder"]');
  const rowBySeq = (seq: number): Locator => view.page.locator(`[data-testid="log-row"][data-seq="${seq}"]`);

  /** Positions of the rows (and placeholders) whose box is inside the scrolling list's box; without a filter, their seqs. */
  async function seqsOnScreen(): Promise<number[]> {
    return view.page.evaluate(() => {
      const list = document.querySelector('.vlist')!.getBoundingClientRect();
      return [...document.querySelectorAll<HTMLElement>('[data-pos]')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= list.top - 1 && r.bottom <= list.bottom + 1;
        })
        .map((el) => Number(el.dataset.pos))
        .sort((a, b) => a - b);
    });
  }

  it('posts log/ready once mounted, then renders a snapshot: rows, counters and connection', async function () {
    await view.waitForPosted(isReady, 'log/ready');
    assert.equal((await view.posted()).filter(isReady).length, 1);
    assert.equal(await view.acquireCount(), 1);

    const t = new Date(2024, 0, 2, 3, 4, 5, 6).getTime();
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null,
        connection: { ...CONNECTED, profile: 'kitchen', url: 'mqtt://broker.lan:1883' },
        counters: makeCounters({ firstPos: 40, nextPos: 43, received: 43, evicted: 40, msgPerSec: 12.4 }),
        tail: [
          makeRow(40, { time: t, topic: 'sensors/kitchen/temp', qos: 1, retain: true, payload: '21.5' }),
          makeRow(41, { time: t + 1, topic: 'sensors/kitchen/humidity', qos: 2, payload: '{"rh": 40}' }),
          makeRow(42, { time: t + 2, topic: 'sensors/hall/motion', qos: 0, payload: '' }),
        ],
      },
    });

    const rows = view.page.getByTestId('log-row');
    await waitFor(async () => (await rows.count()) === 3, 'three rows');
    assert.deepEqual(await cells(rows.nth(0)), {
      time: '03:04:05.006',
      topic: 'sensors/kitchen/temp',
      qos: '1',
      retain: 'R',
      payload: '21.5',
    });
    assert.deepEqual(await cells(rows.nth(1)), {
      time: '03:04:05.007',
      topic: 'sensors/kitchen/humidity',
      qos: '2',
      retain: '',
      payload: '{"rh": 40}',
    });
    assert.equal(await rows.nth(2).locator('.payload').innerText(), '(empty)');

    // Rows are placed with transforms set through the CSSOM, which the CSP allows.
    const boxes = await Promise.all([0, 1, 2].map(async (i) => (await rows.nth(i).boundingBox())!.y));
    assert.ok(boxes[0]! < boxes[1]! && boxes[1]! < boxes[2]!, `rows stacked top to bottom: ${boxes.join(', ')}`);
    assert.equal(Math.round(boxes[1]! - boxes[0]!), 22);
    // Fewer rows than fit start at the top of the list (it scrolls from its end, but fills from the top).
    const listTop = (await view.page.locator('.vlist').boundingBox())!.y;
    assert.equal(Math.round(boxes[0]! - listTop), 0, `first row at the list's top: ${boxes[0]} against ${listTop}`);

    const text = async (id: string): Promise<string> => view.page.getByTestId(id).innerText();
    assert.equal(await text('counter-received'), '43');
    assert.equal(await text('counter-stored'), '3');
    assert.equal(await text('counter-evicted'), '40');
    assert.equal(await text('counter-rate'), '12');
    assert.equal(await text('connection-state'), 'connected');
    const header = await view.page.locator('.log-header').innerText();
    assert.match(header, /kitchen/);
    assert.match(header, /mqtt:\/\/broker\.lan:1883/);

    const announced = await view.waitForPosted(viewport(true), 'log/viewport (following)');
    assert.ok(announced.params.rows >= 5 && announced.params.rows < 100, `rows on screen: ${announced.params.rows}`);

    await view.send({ kind: 'notify', method: 'connection/state', params: { connection: { ...CONNECTED, state: 'error', detail: 'Not authorized (0x87)' } } });
    await waitFor(async () => (await text('connection-state')) === 'error', 'the error state');
    assert.equal(await text('connection-detail'), 'Not authorized (0x87)');
    view.assertHealthy();
  });

  it('lines every cell up under its column title, whatever the topic\'s length, width or direction', async function () {
    const topics = ['a', 'x/'.repeat(120), 'חיישן/מטבח/42', '温度/センサー/台所', 'مستشعر 7'];
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null,
        connection: CONNECTED,
        counters: makeCounters({ firstPos: 0, nextPos: topics.length }),
        tail: topics.map((topic, i) => makeRow(i, { topic, qos: (i % 3) as 0 | 1 | 2, retain: i % 2 === 1, dup: i === 3, payload: i === 2 ? 'שלום 21.5 '.repeat(40) : `{"n":${i}}` })),
      },
    });
    const rows = view.page.getByTestId('log-row');
    await waitFor(async () => (await rows.count()) === topics.length, 'the rows');
    const columns = ['time', 'topic', 'qos', 'retain', 'payload'] as const;
    const lefts = async (line: Locator): Promise<number[]> => Promise.all(columns.map(async (c) => (await line.locator(`.${c}`).boundingBox())!.x));
    const titles = await lefts(view.page.locator('.log-columns'));
    assert.ok(titles.every((x, i) => i === 0 || x > titles[i - 1]!), `column titles left to right: ${titles.join(', ')}`);
    for (let i = 0; i < topics.length; i++) {
      const cellsAt = await lefts(rows.nth(i));
      for (const [c, column] of columns.entries()) {
        assert.ok(Math.abs(cellsAt[c]! - titles[c]!) < 1, `row ${i} (${topics[i]}): ${column} at ${cellsAt[c]}, its title at ${titles[c]}`);
      }
      // The topic is cut inside its column, not over the next one.
      const topic = (await rows.nth(i).locator('.topic').boundingBox())!;
      assert.ok(topic.x + topic.width <= cellsAt[2]!, `row ${i}: topic ends at ${topic.x + topic.width}, QoS starts at ${cellsAt[2]}`);
      assert.equal(Math.round(topic.height), 22, `row ${i}: the topic stays one line`);
    }
    // Copied text keeps the cells apart: a space between them, not only a margin.
    assert.equal(await rows.nth(1).innerText(), `09:30:00.001 ${'x/'.repeat(120)} 1 R {"n":1}`);
    assert.match((await rows.nth(3).innerText()).replace(/^\S+ /, ''), /^温度\/センサー\/台所 0 RD \{"n":3\}$/);
    view.assertHealthy();
  });

  it('renders hostile topics, payloads and texts as literal text', async function () {
    const script = '<script>alert(1)</script>';
    const img = '<img src=x onerror=alert(1)>';
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null,
        connection: { ...CONNECTED, profile: img, state: 'error', detail: script },
        counters: makeCounters({ firstPos: 0, nextPos: 2 }),
        tail: [makeRow(0, { topic: script, payload: img }), makeRow(1, { topic: img, payload: script })],
      },
    });
    const rows = view.page.getByTestId('log-row');
    await waitFor(async () => (await rows.count()) === 2, 'two rows');
    assert.equal(await rows.nth(0).locator('.topic').innerText(), script);
    assert.equal(await rows.nth(0).locator('.payload').innerText(), img);
    assert.equal(await rows.nth(1).locator('.topic').innerText(), img);
    assert.equal(await rows.nth(1).locator('.payload').innerText(), script);
    assert.equal(await view.page.getByTestId('connection-detail').innerText(), script);
    assert.match(await view.page.locator('.log-header').innerText(), /<img src=x onerror=alert\(1\)>/);

    // The host's error text in the publish status is text too.
    await view.page.locator('[data-testid="publish-topic"] input').fill('a/b');
    await view.page.getByTestId('publish-send').click();
    await view.replyError(await view.waitForRequest('mqtt/publish'), img);
    await waitFor(async () => (await view.page.getByTestId('publish-status').innerText()) === img, 'the error text');

    assert.equal(await view.page.locator('.log-app img, .log-app script').count(), 0);
    assert.equal(await view.page.locator('img').count(), 0);
    assert.equal(await view.page.locator('script').count(), 1, 'only the bundle script');
    assert.deepEqual(view.dialogs, []);
    view.assertHealthy();
  });

  it('shows binary payloads as hex and marks cut previews with the full size', async function () {
    const text256 = 'x'.repeat(256);
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null,
        connection: CONNECTED,
        counters: makeCounters({ firstPos: 0, nextPos: 4 }),
        tail: [
          makeRow(0, { payload: Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0xff) }),
          makeRow(1, { payload: text256, size: 4096 }),
          makeRow(2, { payload: 'line1\nline2\ttab' }),
          makeRow(3, { payload: Uint8Array.of(0x89, 0x50, 0x4e, 0x47), size: 70_000 }),
        ],
      },
    });
    const rows = view.page.getByTestId('log-row');
    await waitFor(async () => (await rows.count()) === 4, 'four rows');
    const payload = (i: number): Locator => rows.nth(i).locator('.payload');
    assert.equal(await payload(0).textContent(), 'de ad be ef 00 ff');
    assert.match((await payload(0).getAttribute('class'))!, /\bbinary\b/);
    assert.equal(await payload(1).textContent(), `${text256}… (4,096 bytes)`);
    assert.equal(await payload(2).textContent(), 'line1↵line2␉tab');
    assert.equal(await payload(3).textContent(), '89 50 4e 47 … (70,000 bytes)');
    view.assertHealthy();
  });

  it('keeps the DOM bounded on a large log, follows the tail, and pages rows in when scrolled back', async function () {
    const total = 100_000;
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: total, evicted: 0 }), tail: makeRows(total - 40, total) },
    });
    await rowBySeq(total - 1).waitFor();
    await waitFor(async () => (await seqsOnScreen()).at(-1) === total - 1, 'the newest row on screen');
    assert.equal(await view.page.getByTestId('counter-stored').innerText(), String(total));
    assert.ok((await domRows().count()) < 100, `DOM rows: ${await domRows().count()}`);
    await view.waitForPosted(viewport(true), 'log/viewport (following)');
    const rowsOnScreen = (await view.posted()).filter(viewport(true)).at(-1)!.params.rows;

    // Tail updates at the host's pace: the newest row stays in view, the DOM stays small.
    let next = total;
    for (let i = 0; i < 10; i++) {
      const tail = makeRows(next, next + 40);
      next += 40;
      await view.send({
        kind: 'notify',
        method: 'log/tail',
        params: { counters: makeCounters({ firstPos: next - total, nextPos: next, msgPerSec: 1200 }), tail: tail.slice(-rowsOnScreen) },
      });
    }
    await waitFor(async () => (await seqsOnScreen()).at(-1) === next - 1, 'the newest row after tail updates');
    assert.ok((await domRows().count()) < 100, `DOM rows: ${await domRows().count()}`);
    assert.equal(await view.page.getByTestId('counter-evicted').innerText(), String(next - total));
    assert.equal(await view.page.getByTestId('counter-rate').innerText(), '1200');
    assert.equal(await rowBySeq(next - 1).locator('.topic').innerText(), `sensors/dev${next - 1}/state`);

    // Scrolling up stops following and fetches the rows now in view, page by page.
    const before = (await view.posted()).length;
    const list = view.page.locator('.vlist');
    await list.hover();
    await view.page.mouse.wheel(0, -3000);
    await view.waitForPosted(viewport(false), 'log/viewport (not following)', before);
    await view.waitForRequest('log/page/get', before);
    let onScreen: number[] = [];
    await waitFor(async () => {
      onScreen = await seqsOnScreen();
      return onScreen.length >= rowsOnScreen - 2;
    }, 'a full screen of rows or placeholders');
    assert.ok(onScreen[0]! < next - rowsOnScreen - 100, `scrolled back: top seq ${onScreen[0]}`);
    assert.equal(await view.page.getByTestId('follow').innerText(), 'Resume');

    const answered = new Set<number>();
    const answerPages = async (): Promise<void> => {
      for (const request of await view.requests('log/page/get')) {
        if (answered.has(request.id)) continue;
        answered.add(request.id);
        const { from, count } = request.params;
        assert.ok(count > 0 && count <= 500, `page size ${count}`);
        await view.reply(request, { rows: makeRows(from, from + count) });
      }
    };
    await waitFor(async () => {
      await answerPages();
      const requested = (await view.requests('log/page/get')).map((r) => r.params);
      return onScreen.every((seq) => requested.some((p) => seq >= p.from && seq < p.from + p.count));
    }, 'page requests that cover every row on screen');
    for (const seq of onScreen) {
      await waitFor(async () => {
        await answerPages();
        return (await rowBySeq(seq).count()) === 1;
      }, `row ${seq} loaded`);
    }
    assert.equal(await rowBySeq(onScreen[0]!).locator('.topic').innerText(), `sensors/dev${onScreen[0]}/state`);
    assert.ok((await domRows().count()) < 100, `DOM rows: ${await domRows().count()}`);

    // New messages while reading older ones do not move what is on screen.
    await view.send({
      kind: 'notify',
      method: 'log/tail',
      params: { counters: makeCounters({ firstPos: next + 40 - total, nextPos: next + 40 }), tail: [] },
    });
    next += 40;
    await waitFor(async () => (await view.page.getByTestId('counter-received').innerText()) === String(next), 'the new counters');
    assert.deepEqual(await seqsOnScreen(), onScreen);

    // End resumes following; the host answers with the tail.
    const beforeEnd = (await view.posted()).length;
    await list.press('End');
    await view.waitForPosted(viewport(true), 'log/viewport (following again)', beforeEnd);
    await view.send({
      kind: 'notify',
      method: 'log/tail',
      params: { counters: makeCounters({ firstPos: next + 5 - total, nextPos: next + 5 }), tail: makeRows(next + 5 - rowsOnScreen, next + 5) },
    });
    next += 5;
    await waitFor(async () => (await seqsOnScreen()).at(-1) === next - 1, 'the newest row after End');
    assert.equal(await view.page.getByTestId('follow').innerText(), 'Pause');
    await answerPages();
    view.assertHealthy();
  });

  it('renders few rows beyond the screen while following, and a full overscan once reading older rows', async function () {
    const total = 100_000;
    let next = total;
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: next, evicted: 0 }), tail: makeRows(next - 60, next) },
    });
    await waitFor(async () => (await seqsOnScreen()).at(-1) === next - 1, 'the newest row on screen');
    /** Rendered rows (placeholders too) wholly or partly above the first one wholly on screen. */
    const rowsAbove = async (): Promise<number> => {
      const top = (await seqsOnScreen())[0]!;
      return view.page.evaluate((first) => [...document.querySelectorAll<HTMLElement>('[data-pos]')].filter((el) => Number(el.dataset.pos) < first).length, top);
    };
    // Following: 3 rows of overscan above the screen (FOLLOWING_OVERSCAN), plus the one the list's top may cut.
    assert.ok((await rowsAbove()) <= 4, `rows above the screen while following: ${await rowsAbove()}`);
    await view.send({
      kind: 'notify',
      method: 'log/tail',
      params: { counters: makeCounters({ firstPos: 0, nextPos: next + 30, evicted: 0 }), tail: makeRows(next - 30, next + 30) },
    });
    next += 30;
    await waitFor(async () => (await seqsOnScreen()).at(-1) === next - 1, 'the newest row after a tail post');
    assert.ok((await rowsAbove()) <= 4, `rows above the screen after a tail post: ${await rowsAbove()}`);

    // A small scroll up stops following and renders the full overscan (OVERSCAN), from rows the tail brought.
    const before = (await view.posted()).length;
    await view.page.locator('.vlist').hover();
    await view.page.mouse.wheel(0, -44);
    await view.waitForPosted(viewport(false), 'log/viewport (not following)', before);
    await waitFor(async () => (await rowsAbove()) >= 10, 'ten rows rendered above the screen');
    assert.equal(await view.page.getByTestId('log-row-placeholder').count(), 0, 'the rows above came from the tail, not a page request');
    view.assertHealthy();
  });

  it('follows the tail without reading layout or writing the scroll position', async function () {
    // In code-server the webview is a frame of the workbench's page: a layout read in it (scrollTop,
    // scrollHeight, a bounding box...) first lays out the whole workbench, and a scroll write forces
    // one too. So while following, the log reads none and writes none, as the list grows and once
    // its window is full. Counted in the page's own world (Playwright's locators run in another).
    let next = 50;
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: next }), tail: makeRows(0, next) } });
    await waitFor(async () => (await seqsOnScreen()).at(-1) === next - 1, 'the newest row on screen');
    await view.page.evaluate(() => {
      const calls: string[] = [];
      (window as unknown as { layoutCalls: string[] }).layoutCalls = calls;
      const watch = (proto: object, name: string): void => {
        const d = Object.getOwnPropertyDescriptor(proto, name)!;
        if (typeof d.value === 'function') {
          const f = d.value as (...a: unknown[]) => unknown;
          Object.defineProperty(proto, name, { ...d, value(this: unknown, ...a: unknown[]) { calls.push(name); return f.apply(this, a); } });
        } else {
          Object.defineProperty(proto, name, {
            ...d,
            get(this: unknown) { calls.push(`get ${name}`); return d.get!.call(this) as unknown; },
            ...(d.set ? { set(this: unknown, v: unknown) { calls.push(`set ${name}`); d.set!.call(this, v); } } : {}),
          });
        }
      };
      for (const n of ['scrollTop', 'scrollLeft', 'scrollHeight', 'scrollWidth', 'clientHeight', 'clientWidth', 'getBoundingClientRect', 'getClientRects', 'scrollTo', 'scrollBy', 'scrollIntoView']) watch(Element.prototype, n);
      for (const n of ['offsetHeight', 'offsetWidth', 'offsetTop', 'offsetLeft', 'innerText']) watch(HTMLElement.prototype, n);
      watch(window, 'getComputedStyle');
    });
    // Growing (rows added below, the list taller each time), then with a full window of 20,000 rows.
    for (const to of [80, 110, 140, 20_030, 20_060, 20_090]) {
      await view.send({ kind: 'notify', method: 'log/tail', params: { counters: makeCounters({ firstPos: 0, nextPos: to }), tail: makeRows(to - 40, to) } });
      next = to;
      await rowBySeq(next - 1).waitFor();
    }
    const calls = await view.page.evaluate(() => (window as unknown as { layoutCalls: string[] }).layoutCalls.splice(0));
    assert.deepEqual(calls, [], 'layout reads and scroll writes while following');
    await waitFor(async () => (await seqsOnScreen()).at(-1) === next - 1, 'the newest row still at the bottom of the screen');
    assert.equal(await view.page.getByTestId('follow').innerText(), 'Pause');
    view.assertHealthy();
  });

  it('formats a row once: a tail post that brings rows already shown formats only its new rows', async function () {
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 40 }), tail: makeRows(0, 40) } });
    await waitFor(async () => (await seqsOnScreen()).at(-1) === 39, 'the newest row on screen');
    // Counted by V8 (precise coverage): calls of the function that writes a row's flags tooltip,
    // which formatting runs once per row it formats.
    const calls = await FunctionCalls.start(view.page, 'log.js');
    try {
      // Five new rows, and thirty the view has already (new objects for the same messages, as a
      // page answer or a resumed tail brings them).
      await view.send({ kind: 'notify', method: 'log/tail', params: { counters: makeCounters({ firstPos: 0, nextPos: 45 }), tail: makeRows(15, 45) } });
      await waitFor(async () => (await seqsOnScreen()).at(-1) === 44, 'the newest row after the tail post');
      assert.equal(await calls.calls('R: retained'), 5, 'rows formatted for the post');
    } finally {
      await calls.stop();
    }
    view.assertHealthy();
  });

  it('renders neither the publish panel nor the message detail again for a tail post that changes only counters', async function () {
    // Counted by V8 (precise coverage) from the page's load on: calls of the functions that render
    // the publish panel and the message detail.
    const calls = await FunctionCalls.start(view.page, 'log.js');
    await view.page.reload();
    await view.waitForPosted(isReady, 'log/ready');
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 40 }), tail: makeRows(0, 40) } });
    await rowBySeq(39).click();
    const get = await view.waitForRequest('log/message/get');
    await view.reply(get, { message: makeMessage(39, { payload: '{}' }) });
    await view.page.getByTestId('detail-topic').waitFor();
    try {
      await calls.reset();
      // The click stopped following: the host sends counters and no rows.
      await view.send({ kind: 'notify', method: 'log/tail', params: { counters: makeCounters({ firstPos: 0, nextPos: 41, msgPerSec: 7 }), tail: [] } });
      await waitFor(async () => (await view.page.getByTestId('counter-received').innerText()) === '41', 'the new counters in the header');
      assert.equal(await calls.calls('"publish-panel"'), 0, 'renders of the publish panel');
      assert.equal(await calls.calls('"message-detail"'), 0, 'renders of the message detail');
    } finally {
      await calls.stop();
    }
    view.assertHealthy();
  });

  it('jumps to the oldest row with Home, and keeps the rows on screen when its window moves', async function () {
    const firstPos = 1000;
    const nextPos = 100_000;
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos, nextPos }), tail: makeRows(nextPos - 40, nextPos) },
    });
    await rowBySeq(nextPos - 1).waitFor();
    const answered = new Set<number>();
    const answerPages = async (): Promise<void> => {
      for (const request of await view.requests('log/page/get')) {
        if (answered.has(request.id)) continue;
        answered.add(request.id);
        await view.reply(request, { rows: makeRows(Math.max(request.params.from, firstPos), request.params.from + request.params.count) });
      }
    };
    const loadedOnScreen = async (): Promise<number[]> => {
      await answerPages();
      const seqs = await seqsOnScreen();
      const loaded = await Promise.all(seqs.map(async (seq) => (await rowBySeq(seq).count()) === 1));
      return loaded.every(Boolean) ? seqs : [];
    };

    const list = view.page.locator('.vlist');
    await list.focus();
    await list.press('Home');
    await waitFor(async () => (await loadedOnScreen())[0] === firstPos, 'the oldest row at the top');

    // Drag to the far end of the list's window (20,000 rows): the window moves on, the rows stay put.
    // (The spacer's box is the list's whole length: below the screen is its bottom less the list's.)
    const roomBelow = (): Promise<number> =>
      list.evaluate((el) => el.querySelector('.vlist-spacer')!.getBoundingClientRect().bottom - el.getBoundingClientRect().bottom);
    const windowEnd = await list.evaluate((el) => {
      el.querySelector('.vlist-spacer')!.scrollIntoView({ block: 'end' });
      return el.scrollHeight / 22;
    });
    const lastOfWindow = firstPos + windowEnd - 1;
    let onScreen: number[] = [];
    await waitFor(async () => {
      onScreen = await loadedOnScreen();
      return onScreen.at(-1) === lastOfWindow && (await roomBelow()) > 1000;
    }, `row ${lastOfWindow} still at the bottom of the screen, with room to scroll further`);
    assert.deepEqual(onScreen, Array.from({ length: onScreen.length }, (_, i) => onScreen[0]! + i), 'consecutive rows');
    assert.equal(await view.page.getByTestId('follow').innerText(), 'Resume');
    assert.ok((await domRows().count()) < 100, `DOM rows: ${await domRows().count()}`);
    view.assertHealthy();
  });

  it('resumes following from the Follow button and fetches the tail if the host sends none', async function () {
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 500 }), tail: makeRows(460, 500) },
    });
    await rowBySeq(499).waitFor();
    const before = (await view.posted()).length;
    await view.page.locator('.vlist').hover();
    await view.page.mouse.wheel(0, -2000);
    await view.waitForPosted(viewport(false), 'log/viewport (not following)', before);

    const beforeFollow = (await view.posted()).length;
    await view.page.getByTestId('follow').click();
    await view.waitForPosted(viewport(true), 'log/viewport (following)', beforeFollow);
    // The tail rows are cached already: the newest row is back on screen without a request.
    await waitFor(async () => (await seqsOnScreen()).at(-1) === 499, 'the newest row');
    for (const request of await view.requests('log/page/get')) {
      await view.reply(request, { rows: makeRows(request.params.from, request.params.from + request.params.count) });
    }
    view.assertHealthy();
  });

  it('loads under the real CSP without a violation, and would report one', async function () {
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 3 }), tail: makeRows(0, 3) },
    });
    await view.page.getByTestId('log-row').nth(2).waitFor();
    // Open the QoS dropdown (the toolkit's shadow DOM styles) and hover a row.
    await view.page.getByTestId('publish-qos').click();
    await view.page.locator('vscode-option', { hasText: '2 · exactly once' }).waitFor({ state: 'visible' });
    await view.page.keyboard.press('Escape');
    await view.page.getByTestId('log-row').nth(1).hover();
    // The stylesheet from the resource origin applied (the list scrolls, rows have the editor font).
    assert.equal(await view.page.locator('.vlist').evaluate((el) => getComputedStyle(el).overflowY), 'auto');
    assert.match(await view.page.getByTestId('log-row').first().evaluate((el) => getComputedStyle(el).fontFamily), /Mono/);
    assert.deepEqual(
      await view.cspViolations(),
      [],
      'CSP violations. An inline <style> blocked at load is the toolkit (FAST) probing :focus-visible support with an ' +
        "empty <style> element: the shell's style-src must allow it, e.g. with the empty element's hash " +
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    );
    view.assertHealthy();

    // Control: an inline style attribute is blocked and reported, so the silence above means something.
    await view.page.evaluate(() => {
      const probe = document.createElement('div');
      document.body.append(probe);
      probe.setAttribute('style', 'color: red');
    });
    await waitFor(async () => (await view.cspViolations()).length > 0, 'the control violation to be reported');
  });

  it('shows the top row whole under the column titles while following, whatever the list height', async function () {
    await view.page.setViewportSize({ width: 1100, height: 731 });
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 200 }), tail: makeRows(150, 200) } });
    await rowBySeq(199).waitFor();
    const hidden = await view.page.evaluate(() => {
      const columns = document.querySelector('.log-columns')!.getBoundingClientRect();
      const tops = [...document.querySelectorAll<HTMLElement>('[data-testid="log-row"]')].map((r) => r.getBoundingClientRect()).filter((r) => r.bottom > columns.bottom).map((r) => r.top);
      return columns.bottom - Math.min(...tops);
    });
    assert.equal(hidden, 0, 'no pixel of the topmost row under the column titles');
  });

  it('gives the Broker pane heading the pane\'s width, not its table\'s (MQTT 3.1.1: one short row)', async function () {
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter: null, connection: { ...CONNECTED, protocolVersion: '3.1.1', server: { sessionPresent: false, properties: {} } }, counters: makeCounters({ firstPos: 0, nextPos: 0 }), tail: [] },
    });
    await view.page.getByTestId('pane-server').click();
    const heading = view.page.getByTestId('server-info-title');
    assert.equal(await heading.innerText(), 'CONNACK from the broker (MQTT 3.1.1 has no properties)');
    const lines = await heading.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return range.getClientRects().length;
    });
    assert.equal(lines, 1, 'one line');
  });
});
