/**
 * Every topic received on one connection, with its counters: the Topics pane, the export of topics
 * and clear-retained read it. Updated on the hot path (`MessageReceiver`: `slotFor`, then
 * `countSlot`), so it is built like the store: a topic is interned once into a slot (the receiver
 * uses the interned string and the slot's subscription id, so this is the hot path's one map
 * lookup), and its counters are one record of a typed array. A message on a known topic costs one
 * map lookup and a few typed-array writes, and allocates nothing.
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
/** The numbers of a topic's record, in this order. */
const COUNT = 0;
const BYTES = 1;
const FIRST_AT = 2;
const LAST_AT = 3;
const LAST_SEQ = 4;
const RECORD = 5;

/** Called with the slot of each topic tracked for the first time (the tree, when built, grows with it). */
export type NewTopicListener = (slot: number) => void;

export class TopicIndex {
  private readonly slots = new Map<string, number>();
  private topicOf: string[] = [];
  private capacity = 0;
  /**
   * One record of RECORD numbers per topic, side by side (count, bytes, first and last arrival,
   * last seq): a message touches one or two cache lines, not one per column.
   */
  private records = new Float64Array(0);
  /** 1 while the topic's last message says the broker retains a value (a retained, non-empty payload). */
  private retainedCol = new Uint8Array(0);
  private subs = new Int32Array(0);
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

  /** One received message (what `MessageReceiver` does in two steps, `slotFor` then `countSlot`). */
  count(topic: string, bytes: number, retain: boolean, time: number, seq: number): void {
    const slot = this.slotFor(topic, time);
    if (slot < 0) this.countUntracked(topic);
    else this.countSlot(slot, bytes, retain, time, seq);
  }

  /**
   * The slot of a topic, tracked from now on if it is new and the bound allows (-1 beyond it: count
   * it with `countUntracked`). The one map lookup of the hot path: the receiver interns topics here.
   */
  slotFor(topic: string, time: number): number {
    const slot = this.slots.get(topic);
    if (slot !== undefined) return slot;
    return this.slots.size >= this.maxTrackedValue ? -1 : this.track(topic, time);
  }

  /** Counts a message of a tracked topic: a few writes into its record, no allocation. */
  countSlot(slot: number, bytes: number, retain: boolean, time: number, seq: number): void {
    const at = slot * RECORD;
    const records = this.records;
    records[at + COUNT] = (records[at + COUNT] ?? 0) + 1;
    records[at + BYTES] = (records[at + BYTES] ?? 0) + bytes;
    records[at + LAST_AT] = time;
    records[at + LAST_SEQ] = seq;
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
    return this.records[slot * RECORD + COUNT] ?? 0;
  }

  bytesAt(slot: number): number {
    return this.records[slot * RECORD + BYTES] ?? 0;
  }

  firstAtOf(slot: number): number {
    return this.records[slot * RECORD + FIRST_AT] ?? 0;
  }

  lastAtOf(slot: number): number {
    return this.records[slot * RECORD + LAST_AT] ?? 0;
  }

  lastSeqOf(slot: number): number {
    return this.records[slot * RECORD + LAST_SEQ] ?? 0;
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
    // New, zeroed records: nothing of the old counts may show through a new topic's slot.
    this.records = new Float64Array(0);
    this.retainedCol = new Uint8Array(0);
    this.subs = new Int32Array(0);
    this.grow(INITIAL_CAPACITY);
    this.messagesValue = 0;
    this.untrackedMessagesValue = 0;
    this.untracked.clear();
    this.untrackedOverflow = false;
  }

  /** Bytes held by the columns (not the map and strings; the bench measures the whole heap). */
  get columnBytes(): number {
    return this.capacity * (RECORD * 8 + 1 + 4);
  }

  private track(topic: string, time: number): number {
    const slot = this.slots.size;
    if (slot === this.capacity) this.grow(this.capacity * 2);
    this.slots.set(topic, slot);
    this.topicOf.push(topic);
    this.records[slot * RECORD + FIRST_AT] = time;
    this.onNewTopic?.(slot);
    return slot;
  }

  /**
   * The id of the subscription a tracked topic belongs to, as the receiver last worked it out, or -1
   * when not known since the subscriptions changed (the receiver keeps it here to match each topic
   * against the filters once, not per message).
   */
  subscriptionAt(slot: number): number {
    return this.subs[slot] ?? -1;
  }

  setSubscription(slot: number, sub: number): void {
    this.subs[slot] = sub;
  }

  /** The subscriptions changed: every topic's must be worked out again. */
  forgetSubscriptions(): void {
    this.subs.fill(-1);
  }

  /** Counts a message of a topic beyond the bound. */
  countUntracked(topic: string): void {
    this.untrackedMessagesValue++;
    if (this.untracked.size < UNTRACKED_TOPICS_COUNTED) this.untracked.add(topic);
    else if (!this.untracked.has(topic)) this.untrackedOverflow = true;
  }

  private grow(capacity: number): void {
    const records = new Float64Array(capacity * RECORD);
    records.set(this.records.subarray(0, Math.min(this.records.length, records.length)));
    this.records = records;
    const retained = new Uint8Array(capacity);
    retained.set(this.retainedCol.subarray(0, Math.min(this.retainedCol.length, capacity)));
    this.retainedCol = retained;
    const subs = new Int32Array(capacity).fill(-1);
    subs.set(this.subs.subarray(0, Math.min(this.subs.length, capacity)));
    this.subs = subs;
    this.capacity = capacity;
  }
}
