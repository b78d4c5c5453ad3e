import { strict as assert } from 'node:assert';
import type { NotifyMessage } from '../../src/shared/ipc/envelope';
import type { MessageDto } from '../../src/shared/log/logProtocol';
import type { TopicRow } from '../../src/shared/topics/topicsProtocol';
import type { LogViewToHost } from '../../src/shared/log/logViewProtocols';
import { FunctionCalls } from '../harness/functionCalls';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters, waitFor } from '../harness/webviewPage';
import { makeMessage, makeRows } from '../harness/messageDto';
import { type StandInTopic, TopicsHostStandIn } from '../harness/topicsHostStandIn';

const isReady = (m: LogViewToHost): m is NotifyMessage<'log/ready', Record<string, never>> => m.kind === 'notify' && m.method === 'log/ready';

const NOW = Date.now();
const TOPICS: StandInTopic[] = [
  { topic: 'home/kitchen/temp', count: 40, bytes: 400, rate: 2, lastAt: NOW, preview: '21.5' },
  { topic: 'home/kitchen/humidity', count: 5, bytes: 50, lastAt: NOW, preview: '40' },
  { topic: 'home/hall/light', count: 3, bytes: 6, retained: true, lastAt: NOW, preview: 'on' },
  { topic: 'plant/line1/speed', count: 900, bytes: 9000, rate: 50, lastAt: NOW, preview: '{"rpm":1200}' },
  { topic: '$SYS/broker/uptime', count: 1, bytes: 10, lastAt: NOW, preview: '100 seconds' },
];

/** A message of a topic's history, received `10 s − seq ms` ago. */
const message = (seq: number, topic: string, payload: string): MessageDto => makeMessage(seq, { topic, payload, time: NOW - 10_000 + seq });

/**
 * The Topics pane in Chromium against a stand-in host index: the tree with its stats, keyboard
 * navigation, sort, search, choosing a node (the log filter), a topic's history with diffs, and
 * its chart.
 */
describe('Topics pane in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;
  let host: TopicsHostStandIn;
  afterEach(async function () {
    await host.stop();
    view.assertHealthy();
    await view.close();
  });

  async function open(topics: StandInTopic[] = TOPICS, viewport = { width: 1400, height: 800 }): Promise<void> {
    view = await suite.open({ viewport });
    await view.waitForPosted(isReady, 'log/ready');
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 20 }), tail: makeRows(0, 20) } });
    host = new TopicsHostStandIn(view, topics);
    host.start();
    await view.page.getByTestId('pane-topics').click();
    await view.page.getByTestId('topics-pane').waitFor();
    await row('home').waitFor();
  }

  const row = (path: string) => view.page.locator(`[data-testid="topic-row"][data-path="${path}"]`);
  const paths = async (): Promise<string[]> => view.page.locator('[data-testid="topic-row"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.path!));
  const tree = () => view.page.getByRole('tree', { name: 'Topics' });
  const activePath = async (): Promise<string | undefined> =>
    view.page.evaluate(() => {
      const id = document.querySelector('[role="tree"]')?.getAttribute('aria-activedescendant');
      return id ? (document.getElementById(id))?.dataset.path : undefined;
    });

  it('shows each root node with its count, bytes and topics below', async function () {
    await open();
    const home = row('home');
    assert.deepEqual(
      [await home.getByTestId('topic-count').innerText(), await home.getByTestId('topic-bytes').innerText(), await home.getByTestId('topic-below').innerText()],
      ['48', '456 B', '3 ▸'],
    );
  });

  it('puts $-topics first at the root', async function () {
    await open();
    assert.deepEqual(await paths(), ['$SYS', 'home', 'plant']);
  });

  it('shows a leaf\'s last payload and its retained marker', async function () {
    await open();
    await tree().focus();
    await row('home').click();
    await view.page.keyboard.press('ArrowRight');
    await row('home/hall').click();
    await view.page.keyboard.press('ArrowRight');
    const light = row('home/hall/light');
    await light.waitFor();
    assert.equal(await light.getByTestId('topic-preview').innerText(), 'on');
    assert.equal(await light.getByTestId('topic-retained').count(), 1);
  });

  it('expands a node with ArrowRight and collapses it with ArrowLeft', async function () {
    await open();
    await row('home').click();
    await view.page.keyboard.press('ArrowRight');
    await row('home/kitchen').waitFor();
    assert.equal(await row('home').getAttribute('aria-expanded'), 'true');
    await view.page.keyboard.press('ArrowLeft');
    await row('home/kitchen').waitFor({ state: 'detached' });
  });

  it('moves the active row with ArrowDown, Home and End', async function () {
    await open();
    await tree().focus();
    await view.page.keyboard.press('ArrowDown');
    assert.equal(await activePath(), 'home');
    await view.page.keyboard.press('End');
    assert.equal(await activePath(), 'plant');
    await view.page.keyboard.press('Home');
    assert.equal(await activePath(), '$SYS');
  });

  it('moves from a child to its parent with ArrowLeft', async function () {
    await open();
    await row('home').click();
    await view.page.keyboard.press('ArrowRight');
    await row('home/kitchen').waitFor();
    await view.page.keyboard.press('ArrowDown');
    assert.equal(await activePath(), 'home/hall');
    await view.page.keyboard.press('ArrowLeft');
    assert.equal(await activePath(), 'home');
  });

  it('sorts the root by count, busiest first ($-topics still first)', async function () {
    await open();
    await view.page.getByTestId('topics-sort').click();
    await view.page.getByRole('option', { name: 'Count', exact: true }).click();
    let order = '';
    await waitFor(async () => (order = (await paths()).join()) === '$SYS,plant,home', () => `order ${order}`);
  });

  it('finds the topics a search with + matches', async function () {
    await open();
    await view.page.locator('[data-testid="topics-search"] input').fill('home/+/temp');
    await waitFor(async () => (await paths()).join() === 'home/kitchen/temp', 'only home/kitchen/temp');
  });

  it('filters the log to a node\'s subtree when the node is chosen', async function () {
    await open();
    const before = (await view.posted()).length;
    await row('home').click();
    const set = await view.waitForRequest('log/filter/set', before);
    assert.deepEqual(set.params, { filter: { topic: 'home/#' } });
    // The field is painted on the render after the request was posted: wait for it, not for a time.
    let value = '';
    await waitFor(async () => (value = await view.page.locator('[data-testid="filter-topic"] input').inputValue()) === 'home/#', () => `filter field shows '${value}'`);
  });

  it('drops the chosen node when the log filter is cleared', async function () {
    await open();
    const before = (await view.posted()).length;
    await row('home').click();
    await view.reply(await view.waitForRequest('log/filter/set', before), {});
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: { topic: 'home/#' }, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 3 }), tail: makeRows(0, 3) } });
    await waitFor(async () => (await row('home').getAttribute('aria-selected')) === 'true', 'home chosen');
    await view.page.getByTestId('filter-clear').click();
    await view.send({ kind: 'notify', method: 'log/snapshot', params: { filter: null, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: 20 }), tail: makeRows(0, 20) } });
    await waitFor(async () => (await row('home').getAttribute('aria-selected')) === 'false', 'home no longer chosen');
  });

  it('updates a node\'s count in place when the host sends its stats', async function () {
    await open();
    await view.send({ kind: 'notify', method: 'topics/changed', params: { rows: [{ ...host.node('plant'), count: 12_345 }], totals: host.totals(), structureChanged: false } });
    await waitFor(async () => (await row('plant').getByTestId('topic-count').innerText()) === '12k', 'plant at 12k');
  });

  it('tells the host which nodes are on screen', async function () {
    await open();
    await view.waitForPosted(
      (m): m is Extract<LogViewToHost, { method: 'topics/watch' }> => m.kind === 'notify' && m.method === 'topics/watch' && m.params.paths.join() === '$SYS,home,plant',
      'topics/watch with the three root nodes',
    );
  });

  it('fills the publish panel with a topic from its Publish action', async function () {
    await open();
    await view.page.locator('[data-testid="topics-search"] input').fill('light');
    await row('home/hall/light').click();
    await view.page.getByTestId('topic-publish').click();
    await waitFor(async () => (await view.page.locator('[data-testid="publish-topic"] input').inputValue()) === 'home/hall/light', 'the publish topic');
  });

  it('paints the first rows of a node with 100,000 children and keeps the DOM bounded', async function () {
    const many: StandInTopic[] = Array.from({ length: 100_000 }, (_, i) => ({ topic: `fleet/dev${String(i).padStart(6, '0')}`, count: 1, bytes: 1 }));
    await open([...many, ...TOPICS]);
    await row('fleet').click();
    await view.page.keyboard.press('ArrowRight');
    await row('fleet/dev000000').waitFor();
    assert.ok((await view.page.locator('[data-testid="topic-row"]').count()) < 200);
  });

  describe('stats posts', function () {
    /** Three hours ago: "3h" whatever second the test runs in, so the age tick re-renders nothing. */
    const QUIET = TOPICS.map((t) => ({ ...t, lastAt: NOW - 3 * 3600_000 }));
    /** Renders of a tree row: the function whose body holds this text is the row's render. */
    const ROW_RENDER = '(empty level)';

    /** Sends stats for `rows` with `messages` in the totals, and waits until the totals show it (the post was applied). */
    async function post(rows: TopicRow[], messages: number): Promise<void> {
      await view.send({ kind: 'notify', method: 'topics/changed', params: { rows, totals: { ...host.totals(), messages }, structureChanged: false } });
      await waitFor(async () => (await view.page.getByTestId('topics-totals').innerText()).includes(`${messages.toLocaleString('en-US')} messages`), `${messages} messages in the totals`);
    }

    it('renders no row again when a stats post changes no figure as shown', async function () {
      await open(QUIET);
      const calls = await FunctionCalls.start(view.page, 'log.js');
      try {
        await post([{ ...host.node('plant'), count: 12_345 }], 1001);
        await calls.reset();
        // New row objects, new counts, the same "12k" and "48".
        await post([{ ...host.node('plant'), count: 12_399 }, { ...host.node('home') }], 1002);
        assert.equal(await calls.calls(ROW_RENDER), 0);
      } finally {
        await calls.stop();
      }
    });

    it('renders only the row whose shown figures changed', async function () {
      await open(QUIET);
      const calls = await FunctionCalls.start(view.page, 'log.js');
      try {
        await post([{ ...host.node('plant'), count: 12_345 }], 1001);
        await calls.reset();
        await post([{ ...host.node('plant'), count: 50_000 }, { ...host.node('home') }, { ...host.node('$SYS') }], 1002);
        assert.equal(await calls.calls(ROW_RENDER), 1);
      } finally {
        await calls.stop();
      }
    });

    it('shows a node\'s exact figures when the pointer comes to its stats', async function () {
      await open(QUIET);
      await post([{ ...host.node('plant'), count: 12_345, bytes: 2_000_000 }], 1001);
      const stats = row('plant').locator('.topic-stats');
      await stats.hover();
      const title = (await stats.getAttribute('title')) ?? '';
      assert.deepEqual([title.includes('12,345 messages'), title.includes('2,000,000 payload bytes')], [true, true]);
    });
  });

  describe('history', function () {
    async function openHistory(topic: string, payloads: string[]): Promise<void> {
      await open();
      host.history[topic] = payloads.map((p, i) => message(i + 1, topic, p));
      await view.page.locator('[data-testid="topics-search"] input').fill(topic);
      await row(topic).click();
      await view.page.getByTestId('topic-history').waitFor();
    }

    it('compares two JSON values structurally: reordered keys are no change, a changed value is', async function () {
      await openHistory('plant/line1/speed', ['{"rpm":1200,"unit":"rpm"}', '{"unit":"rpm","rpm":1250}']);
      const diff = view.page.getByTestId('history-diff').first();
      assert.equal(await diff.getAttribute('data-mode'), 'json');
      assert.deepEqual(
        await diff.locator('[data-kind="removed"], [data-kind="added"]').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.kind}:${e.textContent.trim()}`)),
        ['removed:"rpm": 1200,', 'added:"rpm": 1250,'],
      );
    });

    it('compares two text values line by line', async function () {
      await openHistory('home/kitchen/temp', ['line one\nline two\n', 'line one\nline 2\n']);
      const diff = view.page.getByTestId('history-diff').first();
      assert.equal(await diff.getAttribute('data-mode'), 'text');
      assert.deepEqual(
        await diff.locator('span').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.kind}:${e.textContent}`)),
        ['same:line one\n', 'removed:line two\n', 'added:line 2\n'],
      );
    });

    it('lists the newest message first', async function () {
      await openHistory('home/kitchen/temp', ['1', '2', '3']);
      assert.deepEqual(await view.page.getByTestId('history-entry').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.seq)), ['3', '2', '1']);
    });
  });

  describe('chart', function () {
    const TOPIC = 'plant/line1/speed';
    const POINTS = 1000;
    async function openChart(): Promise<void> {
      await open();
      host.history[TOPIC] = [message(1, TOPIC, '{"rpm":1}')];
      host.fields[TOPIC] = [{ pointer: '/rpm', seen: POINTS }];
      host.series[`${TOPIC} /rpm`] = {
        topic: TOPIC,
        pointer: '/rpm',
        t: Array.from({ length: POINTS }, (_, i) => NOW - (POINTS - i) * 1000),
        v: Array.from({ length: POINTS }, (_, i) => Math.sin(i / 50) * 100),
        lastSeq: POINTS,
      };
      await view.page.locator('[data-testid="topics-search"] input').fill(TOPIC);
      await row(TOPIC).click();
      await view.page.getByTestId('topic-detail-tab').getByRole('radio', { name: 'Chart' }).click();
      await waitFor(async () => (await view.page.getByTestId('topic-chart').getAttribute('data-points')) === String(POINTS), 'the stored points drawn');
    }

    it('draws the stored points of the chosen field', async function () {
      await openChart();
      assert.equal(await view.page.locator('[data-testid="topic-chart"] canvas').count(), 1);
    });

    it('asks the host to stream the field from the seq after the stored points it loaded', async function () {
      await openChart();
      await view.waitForPosted(
        (m): m is Extract<LogViewToHost, { method: 'topics/watch' }> =>
          m.kind === 'notify' && m.method === 'topics/watch' && m.params.chart?.topic === TOPIC && m.params.chart.from?.[0] === POINTS + 1,
        `topics/watch with the chart from seq ${POINTS + 1}`,
      );
    });

    it('adds arriving points to the series', async function () {
      await openChart();
      await view.send({ kind: 'notify', method: 'topics/points', params: { series: [{ topic: TOPIC, pointer: '/rpm', t: [NOW + 1000], v: [5], lastSeq: POINTS + 1 }] } });
      await waitFor(async () => (await view.page.getByTestId('topic-chart').getAttribute('data-points')) === String(POINTS + 1), 'one more point');
    });

    it('zooms into the span dragged across', async function () {
      await openChart();
      const chart = view.page.getByTestId('topic-chart');
      const span = async (): Promise<number> => Number(await chart.getAttribute('data-x-max')) - Number(await chart.getAttribute('data-x-min'));
      const full = await span();
      const over = (await view.page.locator('[data-testid="topic-chart"] .u-over').boundingBox())!;
      await view.page.mouse.move(over.x + over.width * 0.4, over.y + over.height / 2);
      await view.page.mouse.down();
      await view.page.mouse.move(over.x + over.width * 0.6, over.y + over.height / 2, { steps: 5 });
      await view.page.mouse.up();
      let now = full;
      await waitFor(async () => (now = await span()) < full * 0.5, () => `span ${now} of ${full}`);
    });
  });
});
