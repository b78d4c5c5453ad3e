import { strict as assert } from 'node:assert';
import { MessageStore } from '../../src/extension/store/messageStore';
import { TopicIndex } from '../../src/extension/topics/topicIndex';
import { TopicQueries } from '../../src/extension/topics/topicQueries';
import { PUSH_INTERVAL_MS, TopicsPusher, type Schedule } from '../../src/extension/topics/topicsPusher';
import type { TopicsHostNotifications } from '../../src/shared/topics/topicsProtocol';

/** A pusher whose timer the test fires by hand (fake time: nothing waits on the wall clock). */
function setup(listening = () => true) {
  const store = new MessageStore({ maxMessages: 10_000, maxBytes: 16 << 20 });
  const index = new TopicIndex();
  let now = 1_000_000;
  const timers: { action: () => void; ms: number }[] = [];
  const schedule: Schedule = (action, ms) => {
    const timer = { action, ms };
    timers.push(timer);
    return () => timers.splice(timers.indexOf(timer), 1);
  };
  const posted: { method: keyof TopicsHostNotifications; params: unknown }[] = [];
  const queries = new TopicQueries(index, store, () => now);
  const pusher = new TopicsPusher(queries, (method, params) => { posted.push({ method, params }); return Promise.resolve(true); }, listening, schedule, () => store.nextSeq);
  const add = (topic: string, payload = 'x') => {
    const seq = store.append(topic, Buffer.from(payload), 0, false, false, undefined, now);
    index.count(topic, payload.length, false, now, seq);
  };
  /** Moves time on by one push interval and fires the timer due. */
  const fire = () => {
    now += PUSH_INTERVAL_MS;
    const timer = timers.shift();
    timer?.action();
  };
  return { pusher, add, fire, posted, timers };
}

type Changed = TopicsHostNotifications['topics/changed'];

describe('topics pusher', () => {
  it('waits one push interval (≤ 10 pushes a second) before looking', () => {
    const { pusher, timers } = setup();
    pusher.watch(['a'], null);
    assert.deepEqual(timers.map((t) => t.ms), [PUSH_INTERVAL_MS]);
  });

  it('posts the watched node whose count changed', () => {
    const { pusher, add, fire, posted } = setup();
    add('a');
    pusher.watch(['a', 'b'], null);
    add('a');
    fire();
    assert.deepEqual((posted[0]?.params as Changed).rows.map((r) => [r.path, r.count]), [['a', 2]]);
  });

  it('posts nothing for nodes that are not watched', () => {
    const { pusher, add, fire, posted } = setup();
    add('a');
    pusher.watch(['a'], null);
    fire();
    add('z');
    fire();
    assert.deepEqual([...new Set(posted.flatMap((p) => (p.params as Changed).rows.map((r) => r.path)))], ['a']);
  });

  it('posts a watched node again only when what it shows changed', () => {
    const { pusher, add, fire, posted } = setup();
    add('a');
    pusher.watch(['a'], null);
    fire();
    fire();
    assert.equal(posted.length, 1);
  });

  it('posts nothing while the view does not listen', () => {
    const { pusher, add, fire, posted } = setup(() => false);
    add('a');
    pusher.watch(['a'], null);
    fire();
    assert.equal(posted.length, 0);
  });

  it('stops looking when the pane watches nothing', () => {
    const { pusher, timers } = setup();
    pusher.watch(['a'], null);
    pusher.watch([], null);
    assert.equal(timers.length, 0);
  });

  it('pushes the new points of a watched chart field', () => {
    const { pusher, add, fire, posted } = setup();
    add('s', '{"t":1}');
    pusher.watch([], { topic: 's', pointers: ['/t'] });
    add('s', '{"t":2}');
    add('s', '{"t":3}');
    fire();
    const points = posted.find((p) => p.method === 'topics/points')?.params as TopicsHostNotifications['topics/points'];
    assert.deepEqual(points.series[0]?.v, [2, 3]);
  });

  it('streams a chart field from where the pane\'s load of the stored points ended (`from`), so points in between are not lost', () => {
    const { pusher, add, fire, posted } = setup();
    add('s', '{"t":1}'); // seq 0: loaded by the pane with topics/series
    add('s', '{"t":2}'); // seq 1: arrived after the load, before the watch
    pusher.watch([], { topic: 's', pointers: ['/t'], from: [1] });
    add('s', '{"t":3}');
    fire();
    const points = posted.find((p) => p.method === 'topics/points')?.params as TopicsHostNotifications['topics/points'];
    assert.deepEqual(points.series[0]?.v, [2, 3]);
  });

  it('says when topics were added so the pane can fetch its windows again', () => {
    const { pusher, add, fire, posted } = setup();
    add('a/1');
    pusher.watch(['a'], null);
    fire();
    add('a/2');
    fire();
    assert.equal((posted.at(-1)?.params as Changed).structureChanged, true);
  });
});
