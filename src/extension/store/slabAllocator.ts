import { Emitter } from '../base/emitter';

/**
 * Most bytes of slab memory the allocator hands out as SharedArrayBuffers at a time, counting
 * slabs that are dropped but not yet collected: 1.5 × the default byte budget of a store (256 MB),
 * so a full default store, cleared and refilled, stays within it.
 */
export const UNACCOUNTED_SLAB_LIMIT = 384 * 1024 * 1024;
/** Dropped shared slabs that may wait for collection before new slabs are counted ones. */
export const DROPPED_SLACK = 16 * 1024 * 1024;

/** What the allocator knows of a shared slab it handed out. */
interface Shared {
  size: number;
  dropped: boolean;
}

/**
 * Allocates the memory of payload slabs (payloadSlabs.ts), preferably outside V8's external-memory
 * accounting.
 *
 * V8 counts the bytes of every ArrayBuffer it allocated as external memory and schedules full
 * garbage collections by it: external memory allocated since the last mark-compact is charged
 * against the old generation's limit. Filling a store with 256 MB of slabs thus forced a
 * mark-compact every few megabytes; V8 answered the frequent collections by keeping its heap
 * limit low, and from then on the 16 KB buffers mqtt.js allocates for each incoming message (dead
 * at the next scavenge) kept pushing the small heap over that limit: a mark-compact every ~100 ms
 * with the store full, and twice the CPU per message of a bare mqtt.js client (measured with
 * --trace-gc; BENCHMARKS.md). V8 does not count the memory of SharedArrayBuffers towards an
 * isolate's external memory (it may be shared by several), and the store frees its slabs itself,
 * in order, so nothing is lost by leaving them out.
 *
 * What is lost: a dropped SharedArrayBuffer is freed at the next mark-compact, and no allocation of
 * one ever asks for that collection. A store cleared and refilled again and again would pile up
 * dead slabs (measured: 932 MB after four fill-and-clear rounds of 256 MB, against 436 MB with
 * ordinary buffers). So the allocator follows what it handed out until V8 reports it collected
 * (FinalizationRegistry), and hands out ordinary, counted buffers while more than DROPPED_SLACK of
 * dropped shared slabs wait for collection, or beyond UNACCOUNTED_SLAB_LIMIT in all (a store
 * dropped without `clear`): the counted ones bring the mark-compact that frees the dead slabs, as
 * they did before, and then shared ones are handed out again.
 */
export class SlabAllocator {
  private unaccounted = 0;
  private dropped = 0;
  private readonly shared = new WeakMap<ArrayBufferLike, Shared>();
  private readonly collected = new Emitter<number>();
  /** Fires with the byte count of a shared slab V8 has collected (tests wait for it). */
  readonly onDidCollect = this.collected.event;
  private readonly registry = new FinalizationRegistry<Shared>((slab) => {
    this.unaccounted -= slab.size;
    if (slab.dropped) this.dropped -= slab.size;
    this.collected.fire(slab.size);
  });

  constructor(
    private readonly limit = UNACCOUNTED_SLAB_LIMIT,
    private readonly slack = DROPPED_SLACK,
  ) {}

  /** A new slab of `size` bytes, not from Node's shared pool (a slab must own its memory to be freed on its own). */
  allocate(size: number): Buffer {
    if (typeof SharedArrayBuffer === 'function' && this.dropped <= this.slack && this.unaccounted + size <= this.limit) {
      const memory = new SharedArrayBuffer(size);
      const slab: Shared = { size, dropped: false };
      this.unaccounted += size;
      this.shared.set(memory, slab);
      this.registry.register(memory, slab);
      return Buffer.from(memory);
    }
    return Buffer.allocUnsafeSlow(size);
  }

  /** Says that a slab from `allocate` is no longer used (its memory waits for the next mark-compact). */
  drop(bytes: Buffer): void {
    const slab = this.shared.get(bytes.buffer);
    if (!slab || slab.dropped) return;
    slab.dropped = true;
    this.dropped += slab.size;
  }

  /** Bytes of shared slabs handed out and not yet collected (live or dropped). */
  get unaccountedBytes(): number {
    return this.unaccounted;
  }

  /** Bytes of shared slabs dropped and not yet collected. */
  get droppedBytes(): number {
    return this.dropped;
  }
}

/** The allocator of every store in the extension host: the limit is on the process's memory. */
export const slabAllocator = new SlabAllocator();
