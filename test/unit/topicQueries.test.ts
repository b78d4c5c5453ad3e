import { strict as assert } from 'node:assert';
import { MessageStore } from '../../src/extension/store/messageStore';
import { TopicIndex } from '../../src/extension/topics/topicIndex';
import { TopicQueries, TopicQueryError } from '../../src/extension/topics/topicQueries';

/** A store and an index fed the same messages, as the receiver feeds them. */
function setup(maxTracked?: number) {
  const store = new MessageStore({ maxMessages: 100_000, maxBytes: 64 << 20 });
  const index = new TopicIndex(maxTracked);
  let now = 1_000_000;
  const add = (topic: string, payload = 'x', retain = false) => {
    const bytes = Buffer.from(payload);
    const seq = store.append(topic, bytes, 0, retain, false, undefined, now);
    index.count(topic, bytes.length, retain, now, seq);
    now += 10;
  };
  const queries = new TopicQueries(index, store, () => now);
  return { store, index, add, queries };
}

describe('topic queries', () => {
  it('sorts the root children by name with the $ levels first', () => {
    const { add, queries } = setup();
    for (const t of ['b/x', '$SYS/uptime', 'a', 'sensor10', 'sensor2']) add(t);
    assert.deepEqual(queries.children(null, 'name', 0, 10).rows.map((r) => r.name), ['$SYS', 'a', 'b', 'sensor2', 'sensor10']);
  });

  it('sorts children by count, largest first (top talkers)', () => {
    const { add, queries } = setup();
    for (const t of ['a/x', 'a/y', 'a/y', 'a/z', 'a/z', 'a/z']) add(t);
    assert.deepEqual(queries.children('a', 'count', 0, 10).rows.map((r) => r.name), ['z', 'y', 'x']);
  });

  it('sorts children by bytes, largest first', () => {
    const { add, queries } = setup();
    add('a/small', 'x');
    add('a/big', 'x'.repeat(100));
    assert.deepEqual(queries.children('a', 'bytes', 0, 10).rows.map((r) => r.name), ['big', 'small']);
  });

  it('answers a window of 100,000 children with their total', () => {
    const { add, queries } = setup();
    for (let i = 0; i < 100_000; i++) add(`fleet/${i}`);
    const window = queries.children('fleet', 'name', 500, 50);
    assert.deepEqual([window.total, window.rows.length], [100_000, 50]);
  });

  it('gives a row its subtree numbers, retained marker and last payload preview', () => {
    const { add, queries } = setup();
    add('a/b', 'on', true);
    add('a/b/c', '21.5');
    const row = queries.rowAt('a/b')!;
    assert.deepEqual(
      { count: row.count, bytes: row.bytes, retained: row.retained, topicsBelow: row.topicsBelow, isTopic: row.isTopic, hasChildren: row.hasChildren, lastPreview: row.lastPreview },
      { count: 2, bytes: 6, retained: true, topicsBelow: 1, isTopic: true, hasChildren: true, lastPreview: 'on' },
    );
  });

  it('gives a level without a topic of its own no preview and no seq', () => {
    const { add, queries } = setup();
    add('a/b', 'on');
    const row = queries.rowAt('a')!;
    assert.deepEqual([row.isTopic, row.lastPreview, row.lastSeq], [false, undefined, undefined]);
  });

  it('searches with an MQTT filter', () => {
    const { add, queries } = setup();
    for (const t of ['home/kitchen/temp', 'home/hall/temp', 'home/hall/hum', 'office/temp']) add(t);
    assert.deepEqual(queries.search('home/+/temp', 'name', 0, 10).rows.map((r) => r.path), ['home/hall/temp', 'home/kitchen/temp']);
  });

  it('searches for a part of the name, case ignored', () => {
    const { add, queries } = setup();
    for (const t of ['Home/Kitchen', 'home/hall', 'office']) add(t);
    assert.deepEqual(queries.search('KITCH', 'name', 0, 10).rows.map((r) => r.path), ['Home/Kitchen']);
  });

  it('treats regular-expression characters in a search as text', () => {
    const { add, queries } = setup();
    for (const t of ['a.b', 'axb']) add(t);
    assert.deepEqual(queries.search('a.b', 'name', 0, 10).rows.map((r) => r.path), ['a.b']);
  });

  it('refuses an invalid filter in words', () => {
    const { queries } = setup();
    assert.throws(() => queries.search('a/#/b', 'name', 0, 10), TopicQueryError);
  });

  it('gives the seqs of a topic\'s stored messages, oldest first', () => {
    const { add, queries } = setup();
    for (const t of ['a', 'b', 'a', 'a', 'b']) add(t);
    assert.deepEqual(queries.history('a', 10), [0, 2, 3]);
  });

  it('gives only the newest messages of a history when asked for fewer', () => {
    const { add, queries } = setup();
    for (const t of ['a', 'a', 'a']) add(t);
    assert.deepEqual(queries.history('a', 2), [1, 2]);
  });

  it('lists the numeric fields of a topic\'s JSON payloads, most seen first', () => {
    const { add, queries } = setup();
    add('s', '{"t":21.5,"h":40,"name":"x"}');
    add('s', '{"t":22,"nested":{"a/b":[1]}}');
    assert.deepEqual(queries.fields('s'), [{ pointer: '/t', seen: 2 }, { pointer: '/h', seen: 1 }, { pointer: '/nested/a~1b/0', seen: 1 }]);
  });

  it('lists a payload that is a bare number as the pointer ""', () => {
    const { add, queries } = setup();
    add('n', '42');
    assert.deepEqual(queries.fields('n'), [{ pointer: '', seen: 1 }]);
  });

  it('gives a series of time and value, skipping payloads without the field', () => {
    const { add, queries } = setup();
    add('s', '{"t":1}');
    add('s', 'not json');
    add('s', '{"t":3}');
    const series = queries.series('s', '/t', 0, 100);
    assert.deepEqual([series.v, series.t.length, series.lastSeq], [[1, 3], 2, 2]);
  });

  it('gives only the messages from sinceSeq on in a series', () => {
    const { add, queries } = setup();
    for (const v of ['1', '2', '3']) add('n', v);
    assert.deepEqual(queries.series('n', '', 1, 100).v, [2, 3]);
  });

  it('says how many topics are not tracked in its totals', () => {
    const { add, queries } = setup(1);
    for (const t of ['a', 'b', 'c']) add(t);
    const totals = queries.children(null, 'name', 0, 10).totals;
    assert.deepEqual([totals.topics, totals.untrackedTopics, totals.untrackedMessages], [1, 2, 2]);
  });
});
