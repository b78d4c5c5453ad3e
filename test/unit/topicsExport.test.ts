import { strict as assert } from 'node:assert';
import { MessageStore } from '../../src/extension/store/messageStore';
import { TopicIndex } from '../../src/extension/topics/topicIndex';
import { topicsExport } from '../../src/extension/topics/topicsExport';

function setup(maxTracked?: number) {
  const store = new MessageStore({ maxMessages: 3, maxBytes: 16 << 20 });
  const index = new TopicIndex(maxTracked);
  const add = (topic: string, payload: string, time: number, retain = false) => {
    const seq = store.append(topic, Buffer.from(payload), 0, retain, false, undefined, time);
    index.count(topic, Buffer.byteLength(payload), retain, time, seq);
  };
  return { store, index, add };
}

describe('topics export', () => {
  it('writes one entry per topic with its exact counts, times, retained flag and last payload', () => {
    const { store, index, add } = setup();
    add('b', 'on', 1000, true);
    add('b', 'off', 2000, true);
    add('a', '1', 1500);
    const doc = topicsExport('p', index, store, new Date(5000));
    assert.deepEqual(doc, {
      exportedAt: new Date(5000).toISOString(),
      connection: 'p',
      topics: [
        { topic: 'a', count: 1, bytes: 1, retained: false, firstReceivedAt: new Date(1500).toISOString(), lastReceivedAt: new Date(1500).toISOString(), lastPayloadPreview: '1' },
        { topic: 'b', count: 2, bytes: 5, retained: true, firstReceivedAt: new Date(1000).toISOString(), lastReceivedAt: new Date(2000).toISOString(), lastPayloadPreview: 'off' },
      ],
    });
  });

  it('gives null as the preview of a topic whose last message was evicted, keeping its count', () => {
    const { store, index, add } = setup();
    add('old', 'x', 1);
    for (let i = 0; i < 3; i++) add('new', 'y', 2 + i);
    const old = topicsExport('p', index, store, new Date(0)).topics.find((t) => t.topic === 'old');
    assert.deepEqual([old?.count, old?.lastPayloadPreview], [1, null]);
  });

  it('says what was counted but not tracked beyond the bound', () => {
    const { store, index, add } = setup(1);
    for (const t of ['a', 'b', 'b']) add(t, 'x', 0);
    assert.deepEqual(topicsExport('p', index, store, new Date(0)).untracked, { topics: 1, messages: 2 });
  });
});
