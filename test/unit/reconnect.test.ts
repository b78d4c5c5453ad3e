import { strict as assert } from 'node:assert';
import { LiveConnections } from '../../src/extension/connection/liveConnections';
import { MessageStore } from '../../src/extension/store/messageStore';
import { RECONNECT_CAP_MS, reconnectDelay } from '../../src/extension/connection/reconnectBackoff';

describe('reconnection backoff', () => {
  /** The random source at its ends: the delay's low and high bounds. */
  const low = (): number => 0;
  const high = (): number => 1;

  it('doubles the period at each failed attempt, up to the 30 s cap', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((a) => reconnectDelay(1000, a, high)), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('waits at least half of the doubled period (equal jitter)', () => {
    assert.deepEqual([0, 1, 2, 8].map((a) => reconnectDelay(1000, a, low)), [500, 1000, 2000, 15000]);
  });

  it('stays at the cap for an absurd attempt count (no overflow)', () => {
    assert.equal(reconnectDelay(1000, 1000, high), RECONNECT_CAP_MS);
  });

  it('keeps a profile period above the cap', () => {
    assert.equal(reconnectDelay(60_000, 3, high), 60_000);
  });

  it('spreads the delays of clients that lost the broker together', () => {
    const spread = new Set(Array.from({ length: 50 }, () => reconnectDelay(1000, 3)));
    assert.ok(spread.size > 10, `${spread.size} different delays of 50`);
  });

  it('keeps every jittered delay between half and all of the doubled period', () => {
    const delays = Array.from({ length: 50 }, () => reconnectDelay(1000, 3));
    assert.deepEqual(delays.filter((d) => d < 4000 || d > 8000), []);
  });
});

describe('LiveConnections (what to connect again after a window reload)', () => {
  const memento = (): { data: Map<string, unknown>; live: LiveConnections } => {
    const data = new Map<string, unknown>();
    const state = { get: (k: string): unknown => data.get(k), update: (k: string, v: unknown) => { data.set(k, v); return Promise.resolve(); } };
    return { data, live: new LiveConnections(state) };
  };

  it('remembers each profile the user connected, once', async () => {
    const { live } = memento();
    await live.set('workspace:a', true);
    await live.set('user:b', true);
    await live.set('workspace:a', true);
    assert.deepEqual(live.keys(), ['user:b', 'workspace:a']);
  });

  it('forgets a profile the user disconnected', async () => {
    const { live } = memento();
    await live.set('workspace:a', true);
    await live.set('user:b', true);
    await live.set('user:b', false);
    assert.deepEqual(live.keys(), ['workspace:a']);
  });

  it('reads damaged state as nothing to connect', () => {
    const { data, live } = memento();
    data.set('tracemq.liveConnections', 'junk');
    assert.deepEqual(live.keys(), []);
  });
});

describe('MessageStore duplicates', () => {
  const withTwoDuplicates = (): MessageStore => {
    const store = new MessageStore({ maxMessages: 10, maxBytes: 1 << 20 });
    store.append('t', Buffer.from('1'), 1, false, false, undefined, 0);
    store.append('t', Buffer.from('1'), 1, false, true, undefined, 0);
    store.append('t', Buffer.from('2'), 1, false, true, undefined, 0);
    return store;
  };

  it('counts messages received with the DUP flag', () => {
    assert.equal(withTwoDuplicates().duplicates, 2);
  });

  it('forgets the count of duplicates when cleared', () => {
    const store = withTwoDuplicates();
    store.clear();
    assert.equal(store.duplicates, 0);
  });
});
