import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { PayloadSlabs, SLAB_BYTES } from '../../src/extension/store/payloadSlabs';
import { SlabAllocator } from '../../src/extension/store/slabAllocator';

const MB = 1024 * 1024;

/** `length` random bytes viewed at `offset` of a larger buffer, as mqtt.js hands out payloads after a topic. */
function payloadAt(offset: number, length: number): Buffer {
  return randomBytes(offset + length + 3).subarray(offset, offset + length);
}

describe('PayloadSlabs', () => {
  // Sizes on both sides of the switch from TypedArray#set to Buffer#fill, at every alignment of the
  // payload against its place in the slab, in shared slabs and in ordinary (counted) ones.
  for (const shared of [true, false]) {
    it(`stores every byte of payloads of any size and alignment (${shared ? 'shared' : 'ordinary'} slabs)`, () => {
      const allocator = new SlabAllocator(shared ? 64 * MB : 0, 0);
      const slabs = new PayloadSlabs(allocator);
      const written: { payload: Buffer; slab: number; offset: number }[] = [];
      let seq = 0;
      for (const size of [0, 1, 7, 100, 127, 128, 129, 1000, 16 * 1024, 200 * 1024]) {
        for (let offset = 0; offset < 9; offset++) {
          const payload = payloadAt(offset, size);
          written.push({ payload, ...slabs.put(payload, seq++) });
        }
      }
      // Non-Buffer views take the same paths.
      const plain = new Uint8Array(randomBytes(300).buffer, 5, 290);
      written.push({ payload: Buffer.from(plain), ...slabs.put(plain, seq++) });
      assert.ok(slabs.allocatedBytes > SLAB_BYTES, 'the payloads span several slabs');
      for (const { payload, slab, offset } of written) {
        const stored = slabs.view(slab, offset, payload.length);
        assert.equal(stored.buffer instanceof SharedArrayBuffer, shared);
        assert.ok(stored.equals(payload), `${payload.length} bytes at slab ${slab} offset ${offset}`);
      }
    });
  }
});
