import type { TraceCounters, TraceEntry } from '../../shared/trace/traceEntry';
import type { KeptPacket } from './packetEntry';

/** The bounds of one connection's trace (settings `tracemq.trace.maxEntries`, `tracemq.trace.maxBytes`). */
export interface TraceLimits {
  maxEntries: number;
  maxBytes: number;
}

/** An entry with what the host keeps beside it (never posted as is). */
export interface TraceRecord {
  entry: TraceEntry;
  kept?: KeptPacket;
  /** What this record is counted as against the byte budget. */
  cost: number;
}

/** A rough per-entry cost: the object, its summary and fields (their exact size is not worth measuring per packet). */
const ENTRY_OVERHEAD = 256;

/**
 * The trace's bounded ring: the oldest records are evicted (and counted) to stay within a count
 * and a byte budget. Ids are consecutive, so a record is found by id in O(1).
 */
export class TraceRing {
  private records: (TraceRecord | undefined)[] = [];
  private head = 0;
  private count = 0;
  private bytes = 0;
  private nextId = 0;
  private evictedCount = 0;

  constructor(private limits: TraceLimits) {}

  setLimits(limits: TraceLimits): void {
    this.limits = limits;
    this.trim(0);
  }

  /** Appends an entry (its `id` is set here) and returns its record. */
  append(entry: Omit<TraceEntry, 'id'>, kept?: KeptPacket): TraceRecord {
    const cost = ENTRY_OVERHEAD + entry.summary.length * 2 + (kept ? keptCost(kept) : 0);
    this.trim(cost);
    const record: TraceRecord = { entry: { ...entry, id: this.nextId++ }, cost };
    if (kept) record.kept = kept;
    if (this.count === this.records.length) this.grow();
    this.records[(this.head + this.count) % this.records.length] = record;
    this.count++;
    this.bytes += cost;
    return record;
  }

  /** The record with this id, while it is held. */
  get(id: number): TraceRecord | undefined {
    const first = this.firstId;
    if (id < first || id >= this.nextId) return undefined;
    return this.records[(this.head + (id - first)) % this.records.length];
  }

  /** Id of the oldest record held (equal to `endId` when empty). */
  get firstId(): number {
    return this.nextId - this.count;
  }

  /** One past the newest id. */
  get endId(): number {
    return this.nextId;
  }

  get size(): number {
    return this.count;
  }

  get evicted(): number {
    return this.evictedCount;
  }

  /** Drops every record (their ids are not reused): the trace stopped. */
  clear(): void {
    this.records = [];
    this.head = 0;
    this.count = 0;
    this.bytes = 0;
  }

  /** The held records from the oldest, in order. */
  *[Symbol.iterator](): IterableIterator<TraceRecord> {
    for (let i = 0; i < this.count; i++) {
      const r = this.records[(this.head + i) % this.records.length];
      if (r) yield r;
    }
  }

  counters(dropped: number, droppedThisSecond: number): TraceCounters {
    return { size: this.count, evicted: this.evictedCount, dropped, droppedThisSecond };
  }

  private trim(incoming: number): void {
    while (this.count > 0 && (this.count >= this.limits.maxEntries || this.bytes + incoming > this.limits.maxBytes)) {
      const r = this.records[this.head];
      this.records[this.head] = undefined;
      this.bytes -= r?.cost ?? 0;
      this.head = (this.head + 1) % this.records.length;
      this.count--;
      this.evictedCount++;
    }
  }

  private grow(): void {
    const size = Math.max(64, Math.min(this.records.length * 2, this.limits.maxEntries));
    const next: (TraceRecord | undefined)[] = new Array<TraceRecord | undefined>(Math.max(size, this.count + 1));
    for (let i = 0; i < this.count; i++) next[i] = this.records[(this.head + i) % this.records.length];
    this.records = next;
    this.head = 0;
  }
}

function keptCost(kept: KeptPacket): number {
  // Parsed packets other than PUBLISH carry `payload: null`.
  const payload = (kept.packet as { payload?: string | Buffer | null }).payload;
  return 64 + (payload == null ? 0 : typeof payload === 'string' ? payload.length * 2 : payload.length);
}
