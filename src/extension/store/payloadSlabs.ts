import { slabAllocator, type SlabAllocator } from './slabAllocator';

/** Size of one slab; payloads up to a quarter of it are copied into slabs. */
export const SLAB_BYTES = 1024 * 1024;
export const MAX_SLAB_PAYLOAD = SLAB_BYTES / 4;
/** From this payload size up, `put` copies with Buffer#fill (a memcpy) rather than TypedArray#set. */
const FILL_COPY_BYTES = 128;
/** Freed slabs kept for reuse: a full store evicting as fast as it receives needs only a few. */
const SPARE_SLABS = 8;

interface Slab {
  bytes: Buffer;
  /** Sequence number of the last payload written into it. */
  lastSeq: number;
}

/**
 * Payload bytes of a message store, packed into 1 MiB slabs written in order and freed in order
 * (a few freed ones are reused).
 *
 * Keeping the Buffer mqtt.js hands over costs more than copying it: each one is an object that
 * survives into the old generation (with, for small messages, the 64 KB socket chunk it is a view
 * of), so a full store makes every garbage collection walk a million of them. A copy into a slab
 * (a memcpy of the payload) leaves the incoming Buffer to die young, and the store holds a few
 * hundred large buffers instead. Messages are evicted oldest first, so a slab is freed once its
 * last message is gone.
 */
export class PayloadSlabs {
  private slabs: Slab[] = [];
  /** Id of `slabs[0]`; ids only grow, so a stored id stays valid until its slab is freed. */
  private base = 0;
  private writeOffset = SLAB_BYTES;
  /** Freed slabs, reused before allocating: their pages are resident, and nothing new reaches the GC. */
  private spare: Buffer[] = [];

  constructor(private readonly allocator: SlabAllocator = slabAllocator) {}

  /** Copies `payload` (at most MAX_SLAB_PAYLOAD bytes) for message `seq`; returns where it went. */
  put(payload: Uint8Array, seq: number): { slab: number; offset: number } {
    if (this.writeOffset + payload.length > SLAB_BYTES || this.slabs.length === 0) {
      this.slabs.push({ bytes: this.spare.pop() ?? this.allocator.allocate(SLAB_BYTES), lastSeq: seq });
      this.writeOffset = 0;
    }
    const current = this.slabs[this.slabs.length - 1] as Slab;
    const end = this.writeOffset + payload.length;
    // Slabs are usually SharedArrayBuffers (slabAllocator.ts), and V8 copies into shared memory
    // (TypedArray#set, which Buffer#copy calls) with relaxed atomic loads and stores: a word at a
    // time, or a byte at a time when the payload and its place in the slab are not 8-byte aligned
    // to each other, as mqtt.js's payloads (after a topic of any length) mostly are — 5 µs for
    // 16 KB instead of 0.8. Buffer#fill with a buffer of the range's length is Node's own memcpy,
    // whatever the memory; it costs ~40 ns more to call, so small payloads still take the copy.
    if (payload.length >= FILL_COPY_BYTES) current.bytes.fill(payload, this.writeOffset, end);
    else current.bytes.set(payload, this.writeOffset);
    current.lastSeq = seq;
    const offset = this.writeOffset;
    this.writeOffset = end;
    return { slab: this.base + this.slabs.length - 1, offset };
  }

  /** A view (no copy) of bytes written by `put`. */
  view(slab: number, offset: number, length: number): Buffer {
    const s = this.slabs[slab - this.base];
    if (!s) throw new Error(`payload slab ${slab} was freed`);
    return s.bytes.subarray(offset, offset + length);
  }

  /** Frees the slabs whose messages all have seqs below `firstSeq` (they were evicted). */
  release(firstSeq: number): void {
    let freed = 0;
    // The slab being written stays while it is not full, even when all it holds is evicted.
    while (freed < this.slabs.length - 1 && (this.slabs[freed]?.lastSeq ?? Infinity) < firstSeq) freed++;
    if (freed === 0) return;
    for (const slab of this.slabs.splice(0, freed)) {
      if (this.spare.length < SPARE_SLABS) this.spare.push(slab.bytes);
      else this.allocator.drop(slab.bytes);
    }
    this.base += freed;
  }

  /**
   * Frees everything, spares included (the store was cleared). V8 releases the slabs at its next
   * mark-compact (slabAllocator.ts); the C allocator may keep that memory for later use rather than
   * give it back to the system (BENCHMARKS.md, Memory).
   */
  clear(): void {
    for (const slab of this.slabs) this.allocator.drop(slab.bytes);
    for (const bytes of this.spare) this.allocator.drop(bytes);
    this.base += this.slabs.length;
    this.slabs = [];
    this.spare = [];
    this.writeOffset = SLAB_BYTES;
  }

  /** Bytes held in slabs (for tests and figures). */
  get allocatedBytes(): number {
    return this.slabs.length * SLAB_BYTES;
  }
}
