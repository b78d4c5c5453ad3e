import { strict as assert } from 'node:assert';
import { LiveConnections } from '../../src/extension/connection/liveConnections';
import { MessageStore } from '../../src/extension/store/messageStore';
import { RECONNECT_CAP_MS, reconnectDelay } from '../../src/extension/connection/reconnectBackoff';

describe('reconnection backoff', () => {
  it('doubles the period at each failed attempt, up to the cap, with equal jitter', () => {
    const low = (): number => 0;
    const high = (): number => 1;
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((a) => reconnectDelay(1000, a, high)), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    assert.deepEqual([0, 1, 2, 8].map((a) => reconnectDelay(1000, a, low)), [500, 1000, 2000, 15000], 'never less than half');
    assert.equal(reconnectDelay(1000, 1000, high), RECONNECT_CAP_MS, 'no overflow for absurd attempt counts');
    assert.equal(reconnectDelay(60_000, 3, high), 60_000, 'a profile period above the cap is kept');
    const spread = new Set(Array.from({ length: 50 }, () => reconnectDelay(1000, 3)));
    assert.ok(spread.size > 10, 'jitter spreads clients that lost the broker together');
    for (const d of spread) assert.ok(d >= 4000 && d <= 8000, String(d));
  });
});

describe('LiveConnections (what to connect again after a window reload)', () => {
  it('remembers what the user connected, forgets what they disconnected, and reads damaged state as nothing', async () => {
    const data = new Map<string, unknown>();
    const state = { get: (k: string): unknown => data.get(k), update: (k: string, v: unknown) => { data.set(k, v); return Promise.resolve(); } };
    const live = new LiveConnections(state);
    await live.set('workspace:a', true);
    await live.set('user:b', true);
    await live.set('workspace:a', true);
    assert.deepEqual(live.keys(), ['user:b', 'workspace:a']);
    await live.set('user:b', false);
    assert.deepEqual(live.keys(), ['workspace:a']);
    data.set('tracemq.liveConnections', 'junk');
    assert.deepEqual(live.keys(), []);
  });
});

describe('MessageStore duplicates', () => {
  it('counts messages received with the DUP flag, until cleared', () => {
    const store = new MessageStore({ maxMessages: 10, maxBytes: 1 << 20 });
    store.append('t', Buffer.from('1'), 1, false, false, undefined, 0);
    store.append('t', Buffer.from('1'), 1, false, true, undefined, 0);
    store.append('t', Buffer.from('2'), 1, false, true, undefined, 0);
    assert.equal(store.duplicates, 2);
    store.clear();
    assert.equal(store.duplicates, 0);
  });
});
