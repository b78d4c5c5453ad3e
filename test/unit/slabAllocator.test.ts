import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PayloadSlabs, SLAB_BYTES } from '../../src/extension/store/payloadSlabs';
import { SlabAllocator } from '../../src/extension/store/slabAllocator';

const MB = 1024 * 1024;
const isShared = (b: Buffer): boolean => b.buffer instanceof SharedArrayBuffer;

/** A full garbage collection: the test needs V8 to collect a dropped slab, and mocha runs without --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Allocates a slab and drops it, keeping no reference in the caller's scope. */
function allocateAndDrop(allocator: SlabAllocator, size: number): void {
  const slab = allocator.allocate(size);
  assert.ok(isShared(slab));
  allocator.drop(slab);
}

describe('SlabAllocator', () => {
  it('hands out shared (uncounted) slabs up to its limit, counted ones beyond', () => {
    const allocator = new SlabAllocator(2 * MB, 0);
    const slabs = [allocator.allocate(MB), allocator.allocate(MB), allocator.allocate(MB)];
    assert.deepEqual(slabs.map(isShared), [true, true, false]);
    assert.deepEqual(
      slabs.map((s) => s.length),
      [MB, MB, MB],
    );
    assert.equal(allocator.unaccountedBytes, 2 * MB);
    // A slab is usable memory, written and read like any Buffer.
    slabs[0]?.write('payload', 10);
    assert.equal(slabs[0]?.subarray(10, 17).toString(), 'payload');
  });

  it('hands out counted slabs while dropped shared ones wait for collection, shared ones again once V8 collected them', async () => {
    const allocator = new SlabAllocator(64 * MB, 0);
    allocateAndDrop(allocator, MB);
    assert.equal(allocator.droppedBytes, MB);
    const meanwhile = allocator.allocate(MB);
    assert.equal(isShared(meanwhile), false, 'a dropped slab awaits collection: the next one is counted, so V8 collects');
    const collected = new Promise<number>((resolve) => allocator.onDidCollect(resolve));
    collectGarbage();
    assert.equal(await collected, MB);
    assert.equal(allocator.droppedBytes, 0);
    assert.equal(allocator.unaccountedBytes, 0);
    assert.ok(isShared(allocator.allocate(MB)));
  });

  it('is told of every slab a PayloadSlabs drops: on clear, and beyond its spares on release', () => {
    const allocator = new SlabAllocator(64 * MB, 64 * MB);
    const slabs = new PayloadSlabs(allocator);
    const payload = Buffer.alloc(SLAB_BYTES / 4, 7);
    // 4 payloads fill a slab: 13 slabs, the last one being written.
    for (let seq = 0; seq < 49; seq++) slabs.put(payload, seq);
    assert.equal(slabs.allocatedBytes, 13 * SLAB_BYTES);
    assert.equal(allocator.unaccountedBytes, 13 * SLAB_BYTES);
    slabs.release(48);
    // 12 freed: 8 kept as spares, 4 dropped.
    assert.equal(slabs.allocatedBytes, SLAB_BYTES);
    assert.equal(allocator.droppedBytes, 4 * SLAB_BYTES);
    slabs.clear();
    assert.equal(allocator.droppedBytes, 13 * SLAB_BYTES, 'the slab being written and the 8 spares too');
  });
});
