import { strict as assert } from 'node:assert';
import { MessageStore, PER_MESSAGE_OVERHEAD } from '../../src/extension/store/messageStore';
import { MAX_SLAB_PAYLOAD, PayloadSlabs, SLAB_BYTES } from '../../src/extension/store/payloadSlabs';

const bytes = (n: number, fill = 1): Buffer => Buffer.alloc(n, fill);

describe('MessageStore', () => {
  it('gives monotonic sequence numbers and returns what was appended', () => {
    const store = new MessageStore({ maxMessages: 10, maxBytes: 1 << 20 });
    const a = store.append('a/b', Buffer.from('hello'), 1, true, false, undefined, 1000);
    const b = store.append('c', Buffer.from('x'), 2, false, true, { contentType: 'text/plain' }, 2000);
    assert.equal(a, 0);
    assert.equal(b, 1);
    assert.equal(store.size, 2);
    const m = store.get(0);
    assert.ok(m);
    assert.equal(m.topic, 'a/b');
    assert.equal(Buffer.from(m.payload).toString(), 'hello');
    assert.deepEqual([m.qos, m.retain, m.dup, m.time], [1, true, false, 1000]);
    const n = store.get(1);
    assert.deepEqual([n?.qos, n?.retain, n?.dup], [2, false, true]);
    assert.deepEqual(n?.properties, { contentType: 'text/plain' });
    assert.equal(store.get(2), undefined);
    assert.equal(store.get(-1), undefined);
  });

  it('copies small payloads into slabs (the incoming buffer is free to go) and keeps large ones as given', () => {
    const store = new MessageStore({ maxMessages: 10, maxBytes: 1 << 24 });
    const small = Buffer.from('hello');
    store.append('t', small, 0, false, false, undefined, 0);
    small.fill(0x78); // mqtt.js's buffer is reused or collected: the store has its own bytes
    assert.equal(Buffer.from(store.payloadAt(0)).toString(), 'hello');
    const large = bytes(MAX_SLAB_PAYLOAD + 1, 7);
    store.append('t', large, 0, false, false, undefined, 0);
    assert.equal(store.payloadAt(1), large, 'a large payload is its own buffer: kept, not copied');
    assert.ok(Buffer.isBuffer(store.payloadAt(0)), 'views are Buffers (filters search them in place)');
  });

  it('frees payload slabs as their messages are evicted, and all of them on clear', () => {
    const slabs = new PayloadSlabs();
    const seqs = Math.ceil((3 * SLAB_BYTES) / 1000) + 10;
    for (let seq = 0; seq < seqs; seq++) slabs.put(bytes(1000, seq % 256), seq);
    assert.equal(slabs.allocatedBytes, 4 * SLAB_BYTES);
    const firstInSlab1 = Math.floor(SLAB_BYTES / 1000);
    assert.equal(slabs.view(0, 5 * 1000, 1000)[0], 5);
    slabs.release(firstInSlab1 - 1);
    assert.equal(slabs.allocatedBytes, 4 * SLAB_BYTES, 'slab 0 still has a message');
    slabs.release(firstInSlab1);
    assert.equal(slabs.allocatedBytes, 3 * SLAB_BYTES, 'slab 0 freed');
    assert.throws(() => slabs.view(0, 0, 1), /freed/);
    assert.equal(slabs.view(1, 0, 1000)[0], firstInSlab1 % 256, 'ids of the others unchanged');
    slabs.release(seqs + 100);
    assert.equal(slabs.allocatedBytes, SLAB_BYTES, 'the slab being written stays');
    slabs.clear();
    assert.equal(slabs.allocatedBytes, 0);

    // Through the store: a full ring of small messages holds a bounded number of slabs.
    const store = new MessageStore({ maxMessages: 1000, maxBytes: 1 << 30 });
    for (let i = 0; i < 20_000; i++) store.append('t', bytes(500, i % 256), 0, false, false, undefined, 0);
    assert.equal(store.size, 1000);
    assert.equal(store.payloadAt(19_999)[0], 19_999 % 256);
    assert.equal(store.payloadAt(19_000)[499], 19_000 % 256);
  });

  it('evicts the oldest beyond the count budget, and counts evictions', () => {
    const store = new MessageStore({ maxMessages: 3, maxBytes: 1 << 20 });
    for (let i = 0; i < 5; i++) store.append(`t/${i}`, bytes(1), 0, false, false, undefined, i);
    assert.equal(store.size, 3);
    assert.equal(store.evicted, 2);
    assert.equal(store.received, 5);
    assert.equal(store.firstSeq, 2);
    assert.equal(store.nextSeq, 5);
    assert.equal(store.get(1), undefined);
    assert.equal(store.get(2)?.topic, 't/2');
    assert.equal(store.get(4)?.topic, 't/4');
  });

  it('evicts the oldest beyond the byte budget', () => {
    const cost = 100 + 1 + PER_MESSAGE_OVERHEAD;
    const store = new MessageStore({ maxMessages: 1000, maxBytes: cost * 4 });
    for (let i = 0; i < 10; i++) store.append('t', bytes(100), 0, false, false, undefined, i);
    assert.equal(store.size, 4);
    assert.equal(store.byteSize, cost * 4);
    assert.equal(store.evicted, 6);
    assert.equal(store.firstSeq, 6);
  });

  it('keeps a single message larger than the whole byte budget, alone', () => {
    const store = new MessageStore({ maxMessages: 1000, maxBytes: 2000 });
    store.append('small', bytes(10), 0, false, false, undefined, 0);
    store.append('huge', bytes(10_000), 0, false, false, undefined, 1);
    assert.equal(store.size, 1);
    assert.equal(store.get(1)?.topic, 'huge');
    store.append('small2', bytes(10), 0, false, false, undefined, 2);
    assert.equal(store.size, 1);
    assert.equal(store.get(2)?.topic, 'small2');
  });

  it('grows its ring while keeping order across wrap-around', () => {
    const store = new MessageStore({ maxMessages: 5000, maxBytes: 1 << 30 });
    for (let i = 0; i < 12_000; i++) store.append(String(i), bytes(0), 0, false, false, undefined, i);
    assert.equal(store.size, 5000);
    for (let seq = 7000; seq < 12_000; seq += 499) assert.equal(store.get(seq)?.topic, String(seq));
  });

  it('keeps large payloads and properties (stored apart from the slabs) through growth, wrap-around and eviction', () => {
    const large = bytes(MAX_SLAB_PAYLOAD + 1, 9);
    const cost = (n: number): number => n + 1 + PER_MESSAGE_OVERHEAD;
    const store = new MessageStore({ maxMessages: 3000, maxBytes: 1 << 30 });
    for (let i = 0; i < 5000; i++) {
      const big = i % 1000 === 7;
      store.append('t', big ? large : bytes(3, i % 256), 0, false, false, i % 500 === 3 ? { userProperties: { i: String(i) } } : undefined, i);
    }
    assert.equal(store.size, 3000);
    assert.equal(store.payloadAt(4007), large);
    assert.equal(store.payloadAt(4008)[0], 4008 % 256);
    assert.deepEqual(store.get(4503)?.properties, { userProperties: { i: '4503' } });
    assert.equal(store.get(4504)?.properties, undefined);
    assert.equal(store.byteSize, 2997 * cost(3) + 3 * cost(large.length), 'evictions take back what appends added');
  });

  it('clear frees everything, restarts the counters and never reuses sequence numbers', () => {
    const store = new MessageStore({ maxMessages: 3, maxBytes: 1 << 20 });
    for (let i = 0; i < 5; i++) store.append('t', bytes(10), 0, false, false, undefined, i);
    assert.equal(store.slabBytes, SLAB_BYTES);
    store.clear();
    assert.deepEqual([store.size, store.byteSize, store.received, store.evicted], [0, 0, 0, 0]);
    assert.equal(store.slabBytes, 0, 'the payload slabs are freed, not kept until the next eviction');
    assert.equal(store.firstSeq, store.nextSeq);
    const seq = store.append('after', bytes(1), 0, false, false, undefined, 9);
    assert.equal(seq, 5);
    assert.equal(store.get(seq)?.topic, 'after');
  });

  it('applies smaller limits by evicting', () => {
    const store = new MessageStore({ maxMessages: 100, maxBytes: 1 << 20 });
    for (let i = 0; i < 50; i++) store.append(String(i), bytes(1), 0, false, false, undefined, i);
    store.setLimits({ maxMessages: 10, maxBytes: 1 << 20 });
    assert.equal(store.size, 10);
    assert.equal(store.get(40)?.topic, '40');
    store.append('next', bytes(1), 0, false, false, undefined, 0);
    assert.equal(store.size, 10);
    assert.equal(store.get(50)?.topic, 'next');
  });
});

describe('MessageStore field accessors and clear events', () => {
  it('reads each field of a stored message without building an object, and keeps the subscription id', () => {
    const store = new MessageStore({ maxMessages: 3, maxBytes: 1 << 20 });
    for (let i = 0; i < 5; i++) store.append(`t/${i}`, Buffer.from(`p${i}`), (i % 3) as 0 | 1 | 2, i % 2 === 0, false, undefined, i, i + 1);
    // Seqs 0 and 1 were evicted (count budget 3); the ring has wrapped.
    assert.deepEqual([store.has(1), store.has(2), store.has(4), store.has(5)], [false, true, true, false]);
    assert.deepEqual(
      [2, 3, 4].map((seq) => [store.topicAt(seq), Buffer.from(store.payloadAt(seq)).toString(), store.qosAt(seq), store.retainAt(seq), store.get(seq)?.sub]),
      [
        ['t/2', 'p2', 2, true, 3],
        ['t/3', 'p3', 0, false, 4],
        ['t/4', 'p4', 1, true, 5],
      ],
    );
  });

  it('announces a clear while the messages are still there, and after', () => {
    const store = new MessageStore({ maxMessages: 10, maxBytes: 1 << 20 });
    store.append('a', Buffer.from('1'), 0, false, false, undefined, 0);
    const seen: string[] = [];
    store.onWillClear(() => seen.push(`will: ${store.size}`));
    store.onDidClear(() => seen.push(`did: ${store.size}`));
    store.clear();
    assert.deepEqual(seen, ['will: 1', 'did: 0']);
  });
});
