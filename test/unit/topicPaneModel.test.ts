import { strict as assert } from 'node:assert';
import type { TopicRow, TopicSort, TopicTotals, TopicWindow } from '../../src/shared/topics/topicsProtocol';
import { PAGE_ROWS, TopicPaneModel, type TopicSource } from '../../src/webview/topics/topicPaneModel';

const TOTALS: TopicTotals = { topics: 0, messages: 0, untrackedTopics: 0, untrackedMessages: 0, maxTracked: 1000 };

function node(path: string, fields: Partial<TopicRow> = {}): TopicRow {
  return { path, name: path.split('/').at(-1) ?? path, count: 1, bytes: 1, rate: 0, lastAt: null, retained: false, topicsBelow: 0, hasChildren: false, isTopic: true, ...fields };
}

interface Asked {
  path: string | null;
  sort: TopicSort;
  offset: number;
  answer(rows: TopicRow[], total: number): void;
}

/** A source whose requests wait until the test answers them, in any order. */
class ManualSource implements TopicSource {
  readonly asked: Asked[] = [];
  children(path: string | null, sort: TopicSort, offset: number): Promise<TopicWindow> {
    return new Promise((resolve) => {
      this.asked.push({ path, sort, offset, answer: (rows, total) => { resolve({ rows, total, totals: TOTALS }); } });
    });
  }
  search(): Promise<TopicWindow> {
    return Promise.resolve({ rows: [], total: 0, totals: TOTALS });
  }
  watch(): void {
    // Not looked at here.
  }
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('TopicPaneModel (the Topics pane in the webview)', function () {
  it('puts an expanded node\'s children right after it, one level deeper', async function () {
    const source = new ManualSource();
    const tree = new TopicPaneModel(source);
    tree.reset();
    source.asked[0]!.answer([node('a', { hasChildren: true, isTopic: false }), node('b')], 2);
    await settle();
    tree.expand('a');
    source.asked[1]!.answer([node('a/x'), node('a/y')], 2);
    await settle();
    assert.deepEqual(tree.lines.map((l) => `${l.level}:${tree.rowAt(l)?.path}`), ['1:a', '2:a/x', '2:a/y', '1:b']);
  });

  it('replaces a row in place on a stats update without flattening again', async function () {
    const source = new ManualSource();
    const tree = new TopicPaneModel(source);
    tree.reset();
    source.asked[0]!.answer([node('a'), node('b')], 2);
    await settle();
    const lines = tree.lines;
    tree.applyChanged([node('b', { count: 99 })], TOTALS, false);
    assert.equal(tree.lines, lines);
    assert.equal(tree.rowAt(tree.lines[1])?.count, 99);
  });

  it('drops a window answered after the sort changed', async function () {
    const source = new ManualSource();
    const tree = new TopicPaneModel(source);
    tree.reset();
    tree.setSort('count');
    source.asked[0]!.answer([node('stale')], 1);
    source.asked[1]!.answer([node('fresh')], 1);
    await settle();
    assert.deepEqual(tree.lines.map((l) => tree.rowAt(l)?.path), ['fresh']);
  });

  it('has one line per child of a node with 100,000 children, and asks only for the pages on screen', async function () {
    const source = new ManualSource();
    const tree = new TopicPaneModel(source);
    tree.reset();
    source.asked[0]!.answer([node('big', { hasChildren: true, isTopic: false })], 1);
    await settle();
    tree.expand('big');
    source.asked[1]!.answer(Array.from({ length: PAGE_ROWS }, (_, i) => node(`big/${i}`)), 100_000);
    await settle();
    assert.equal(tree.lines.length, 100_001);
    // Lines 50,001..50,040 are children 50,000..50,039 (line 0 is `big` itself): one page.
    tree.ensureLines(50_001, 50_040);
    assert.deepEqual(source.asked.slice(2).map((a) => [a.path, a.offset]), [['big', 50_000]]);
  });

  it('asks again for the pages on screen once new topics appear, not for the others', async function () {
    const source = new ManualSource();
    const tree = new TopicPaneModel(source);
    tree.reset();
    source.asked[0]!.answer([node('a'), node('b')], 2);
    await settle();
    tree.applyChanged([], TOTALS, true);
    assert.equal(source.asked.length, 1, 'nothing asked until the pane says what is on screen');
    tree.ensureLines(0, 1);
    assert.deepEqual(source.asked.slice(1).map((a) => [a.path, a.offset]), [[null, 0]]);
  });

  it('asks again for the children of a node left expanded when the sort changes', async function () {
    const source = new ManualSource();
    const tree = new TopicPaneModel(source);
    tree.reset();
    source.asked[0]!.answer([node('a', { hasChildren: true, isTopic: false })], 1);
    await settle();
    tree.expand('a');
    source.asked[1]!.answer([node('a/x')], 1);
    await settle();
    tree.setSort('count');
    source.asked[2]!.answer([node('a', { hasChildren: true, isTopic: false })], 1);
    await settle();
    assert.deepEqual(source.asked.slice(3).map((a) => [a.path, a.sort]), [['a', 'count']]);
  });
});
