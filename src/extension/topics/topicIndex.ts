/**
 * Every topic received on one connection, with its counters: the Topics pane, the export of topics
 * and clear-retained read it. Updated on the hot path (`count`, one call per message), so it is
 * built like the store: a topic is interned once into a slot, and its counters are columns of
 * typed arrays (struct of arrays). A message on a known topic costs one map lookup and a few
 * typed-array writes, and allocates nothing.
 *
 * Bounded by `maxTracked` topics: a message on a topic beyond the bound is counted (messages and,
 * up to `UNTRACKED_TOPICS_COUNTED`, distinct topics) but not tracked, so the sum of the counts
 * plus the untracked messages is exactly the number of messages received.
 */

/** Default of `tracemq.topics.maxTracked`. */
export const DEFAULT_MAX_TRACKED = 1_000_000;
/** Distinct untracked topics counted exactly; beyond this the figure is a lower bound. */
export const UNTRACKED_TOPICS_COUNTED = 100_000;

const INITIAL_CAPACITY = 1024;

/** Called with the slot of each topic tracked for the first time (the tree, when built, grows with it). */
export type NewTopicListener = (slot: number) => void;

export class TopicIndex {
  private readonly slots = new Map<string, number>();
  private topicOf: string[] = [];
  private capacity = 0;
  private countCol = new Float64Array(0);
  private bytesCol = new Float64Array(0);
  private firstAtCol = new Float64Array(0);
  private lastAtCol = new Float64Array(0);
  /** Seq of the last message in the store (it may have been evicted since). */
  private lastSeqCol = new Float64Array(0);
  /** 1 while the topic's last message says the broker retains a value (a retained, non-empty payload). */
  private retainedCol = new Uint8Array(0);
  private messagesValue = 0;
  private untrackedMessagesValue = 0;
  private readonly untracked = new Set<string>();
  private untrackedOverflow = false;
  private generationValue = 0;
  /** Set by the tree while it exists; called only for new topics, never per message. */
  onNewTopic: NewTopicListener | undefined;

  constructor(private maxTrackedValue: number = DEFAULT_MAX_TRACKED) {
    this.grow(INITIAL_CAPACITY);
  }

  /** The hot path: one received message. */
  count(topic: string, bytes: number, retain: boolean, time: number, seq: number): void {
    let slot = this.slots.get(topic);
    if (slot === undefined) {
      if (this.slots.size >= this.maxTrackedValue) {
        this.countUntracked(topic);
        return;
      }
      slot = this.track(topic, time);
    }
    this.countCol[slot] = (this.countCol[slot] ?? 0) + 1;
    this.bytesCol[slot] = (this.bytesCol[slot] ?? 0) + bytes;
    this.lastAtCol[slot] = time;
    this.lastSeqCol[slot] = seq;
    // An empty payload clears a retained message (and is how brokers forward the clearing).
    if (bytes === 0) this.retainedCol[slot] = 0;
    else if (retain) this.retainedCol[slot] = 1;
    this.messagesValue++;
  }

  get size(): number {
    return this.slots.size;
  }

  get maxTracked(): number {
    return this.maxTrackedValue;
  }

  /** A new bound applies to topics not yet tracked; tracked topics stay (the bound never forgets counts). */
  set maxTracked(value: number) {
    this.maxTrackedValue = value;
  }

  /** Messages counted on tracked topics. */
  get messages(): number {
    return this.messagesValue;
  }

  get untrackedMessages(): number {
    return this.untrackedMessagesValue;
  }

  /** Distinct topics not tracked (a lower bound once `UNTRACKED_TOPICS_COUNTED` is passed: see `untrackedIsLowerBound`). */
  get untrackedTopics(): number {
    return this.untracked.size;
  }

  get untrackedIsLowerBound(): boolean {
    return this.untrackedOverflow;
  }

  slotOf(topic: string): number | undefined {
    return this.slots.get(topic);
  }

  topic(slot: number): string {
    return this.topicOf[slot] ?? '';
  }

  countAt(slot: number): number {
    return this.countCol[slot] ?? 0;
  }

  bytesAt(slot: number): number {
    return this.bytesCol[slot] ?? 0;
  }

  firstAtOf(slot: number): number {
    return this.firstAtCol[slot] ?? 0;
  }

  lastAtOf(slot: number): number {
    return this.lastAtCol[slot] ?? 0;
  }

  lastSeqOf(slot: number): number {
    return this.lastSeqCol[slot] ?? 0;
  }

  retainedAt(slot: number): boolean {
    return this.retainedCol[slot] === 1;
  }

  /** Changes at every `clear()`: whatever was built from the slots before is stale. */
  get generation(): number {
    return this.generationValue;
  }

  /** Forgets every topic (the store was cleared: counts restart with it). */
  clear(): void {
    this.generationValue++;
    this.slots.clear();
    this.topicOf = [];
    this.capacity = 0;
    this.grow(INITIAL_CAPACITY);
    this.messagesValue = 0;
    this.untrackedMessagesValue = 0;
    this.untracked.clear();
    this.untrackedOverflow = false;
  }

  /** Bytes held by the columns (not the map and strings; the bench measures the whole heap). */
  get columnBytes(): number {
    return this.capacity * (5 * 8 + 1);
  }

  private track(topic: string, time: number): number {
    const slot = this.slots.size;
    if (slot === this.capacity) this.grow(this.capacity * 2);
    this.slots.set(topic, slot);
    this.topicOf.push(topic);
    this.firstAtCol[slot] = time;
    this.onNewTopic?.(slot);
    return slot;
  }

  private countUntracked(topic: string): void {
    this.untrackedMessagesValue++;
    if (this.untracked.size < UNTRACKED_TOPICS_COUNTED) this.untracked.add(topic);
    else if (!this.untracked.has(topic)) this.untrackedOverflow = true;
  }

  private grow(capacity: number): void {
    const grown = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old.subarray(0, Math.min(old.length, capacity)));
      return next;
    };
    const f64 = (n: number) => new Float64Array(n);
    this.countCol = grown(this.countCol, f64);
    this.bytesCol = grown(this.bytesCol, f64);
    this.firstAtCol = grown(this.firstAtCol, f64);
    this.lastAtCol = grown(this.lastAtCol, f64);
    this.lastSeqCol = grown(this.lastSeqCol, f64);
    this.retainedCol = grown(this.retainedCol, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }
}
