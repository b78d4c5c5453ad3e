import { strict as assert } from 'node:assert';
import type { IPublishPacket } from 'mqtt';
import { MessageReceiver } from '../../src/extension/connection/messageReceiver';
import { MessageWatchers } from '../../src/extension/connection/messageWatchers';
import { SubscriptionBook } from '../../src/extension/connection/subscriptionBook';
import { MessageStore } from '../../src/extension/store/messageStore';
import { TopicIndex } from '../../src/extension/topics/topicIndex';

const packet = (retain = false) => ({ cmd: 'publish', qos: 0, dup: false, retain }) as unknown as IPublishPacket;

/** The hot path with real parts: a store, a subscription book, watchers and a topic index bounded at `maxTracked`. */
function setup(maxTracked?: number) {
  const store = new MessageStore({ maxMessages: 1000, maxBytes: 1 << 20 });
  const book = new SubscriptionBook([{ topic: 'a/#', qos: 0 }, { topic: 'b/#', qos: 0 }]);
  const index = new TopicIndex(maxTracked);
  const receiver = new MessageReceiver(store, book, new MessageWatchers(), index);
  return { store, book, index, receiver };
}

describe('message receiver', () => {
  it('stores each message with the subscription its topic matches', () => {
    const { store, receiver } = setup();
    receiver.receive('a/1', Buffer.from('x'), packet());
    receiver.receive('b/1', Buffer.from('x'), packet());
    receiver.receive('a/1', Buffer.from('x'), packet());
    assert.deepEqual([0, 1, 2].map((seq) => store.get(seq)?.sub), [1, 2, 1]);
  });

  it('counts every message in the topic index', () => {
    const { index, receiver } = setup();
    for (const t of ['a/1', 'a/2', 'a/1']) receiver.receive(t, Buffer.from('xy'), packet());
    assert.deepEqual([index.size, index.countAt(index.slotOf('a/1')!), index.bytesAt(index.slotOf('a/1')!)], [2, 2, 4]);
  });

  it('stores one interned string per topic, whatever string each message brought', () => {
    const { store, receiver } = setup();
    receiver.receive(['a', '1'].join('/'), Buffer.from('x'), packet());
    receiver.receive(['a', '1'].join('/'), Buffer.from('x'), packet());
    assert.equal(Object.is(store.topicAt(0), store.topicAt(1)), true);
  });

  it('stores messages on topics beyond the bound with their subscription and counts them as untracked', () => {
    const { store, index, receiver } = setup(1);
    receiver.receive('a/1', Buffer.from('x'), packet());
    receiver.receive('b/2', Buffer.from('x'), packet());
    assert.deepEqual([store.get(1)?.topic, store.get(1)?.sub, index.size, index.untrackedMessages], ['b/2', 2, 1, 1]);
  });

  it('works a topic\'s subscription out again after the subscriptions changed', () => {
    const { store, book, receiver } = setup();
    receiver.receive('c/1', Buffer.from('x'), packet());
    book.upsert({ topic: 'c/#', qos: 0 }, false);
    receiver.receive('c/1', Buffer.from('x'), packet());
    assert.deepEqual([store.get(0)?.sub, (store.get(1)?.sub ?? 0) > 0], [0, true]);
  });
});
