import { strict as assert } from 'node:assert';
import { TopicIndex } from '../../src/extension/topics/topicIndex';

describe('topic index', () => {
  it('counts every message of a topic and its payload bytes', () => {
    const index = new TopicIndex();
    for (let i = 0; i < 5; i++) index.count('a/b', 10, false, 1000 + i, i);
    const slot = index.slotOf('a/b')!;
    assert.deepEqual([index.countAt(slot), index.bytesAt(slot)], [5, 50]);
  });

  it('keeps the first and last arrival time and the last seq of a topic', () => {
    const index = new TopicIndex();
    index.count('t', 1, false, 100, 7);
    index.count('t', 1, false, 250, 9);
    const slot = index.slotOf('t')!;
    assert.deepEqual([index.firstAtOf(slot), index.lastAtOf(slot), index.lastSeqOf(slot)], [100, 250, 9]);
  });

  it('sums to exactly the messages received, over 50,000 distinct topics', () => {
    const index = new TopicIndex();
    let sent = 0;
    for (let round = 0; round < 3; round++) for (let t = 0; t < 50_000; t++) index.count(`bench/${t}`, 4, false, 0, sent++);
    let sum = 0;
    for (let s = 0; s < index.size; s++) sum += index.countAt(s);
    assert.deepEqual([index.size, sum, index.messages], [50_000, sent, sent]);
  });

  it('marks a topic retained when a retained message with a payload arrives', () => {
    const index = new TopicIndex();
    index.count('r', 3, true, 0, 0);
    assert.equal(index.retainedAt(index.slotOf('r')!), true);
  });

  it('unmarks a retained topic when an empty payload (the clearing) arrives', () => {
    const index = new TopicIndex();
    index.count('r', 3, true, 0, 0);
    index.count('r', 0, false, 0, 1);
    assert.equal(index.retainedAt(index.slotOf('r')!), false);
  });

  it('counts messages beyond maxTracked topics as untracked, never losing one', () => {
    const index = new TopicIndex(2);
    for (const topic of ['a', 'b', 'c', 'd', 'c']) index.count(topic, 1, false, 0, 0);
    assert.deepEqual([index.size, index.messages, index.untrackedMessages, index.untrackedTopics], [2, 2, 3, 2]);
  });

  it('keeps counting tracked topics after the bound is reached', () => {
    const index = new TopicIndex(1);
    for (const topic of ['a', 'b', 'a']) index.count(topic, 1, false, 0, 0);
    assert.equal(index.countAt(index.slotOf('a')!), 2);
  });

  it('forgets every topic and restarts its counts on clear', () => {
    const index = new TopicIndex();
    index.count('a', 1, false, 0, 0);
    index.clear();
    index.count('b', 1, false, 0, 1);
    assert.deepEqual([index.size, index.messages, index.slotOf('a'), index.topic(0)], [1, 1, undefined, 'b']);
  });

  it('starts a topic tracked after a clear from zero, not from the old counts of its slot', () => {
    const index = new TopicIndex();
    for (let i = 0; i < 3; i++) index.count('a', 5, true, 0, i);
    index.clear();
    index.count('b', 1, false, 0, 9);
    const slot = index.slotOf('b')!;
    assert.deepEqual([index.countAt(slot), index.bytesAt(slot), index.retainedAt(slot)], [1, 1, false]);
  });

  it('grows past its first columns without losing counts', () => {
    const index = new TopicIndex();
    for (let t = 0; t < 5000; t++) index.count(`t${t}`, t, false, t, t);
    assert.deepEqual([index.bytesAt(index.slotOf('t0')!), index.bytesAt(index.slotOf('t4999')!)], [0, 4999]);
  });
});
