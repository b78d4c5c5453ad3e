import type { QoS } from '../../shared/mqtt/publishShapes';
import { Emitter, type Disposable } from '../base/emitter';
import { MAX_SLAB_PAYLOAD, PayloadSlabs } from './payloadSlabs';

/** MQTT 5 properties of a received PUBLISH, kept as mqtt.js decoded them. */
export type MessageProperties = Record<string, unknown>;

export interface StoredMessage {
  seq: number;
  time: number;
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  properties: MessageProperties | undefined;
  /** Id of the subscription the message matched (`ActiveSubscription.id`), 0 when none is known. */
  sub: number;
}

export interface MessageStoreLimits {
  /** Most messages kept. */
  maxMessages: number;
  /** Most bytes kept (payload + topic + a fixed per-message overhead). */
  maxBytes: number;
  /** Most topics the connection's topic index tracks (`tracemq.topics.maxTracked`; the store itself ignores it). */
  maxTrackedTopics?: number;
}

/**
 * What one stored message costs beyond its payload and topic: its slots in the column arrays (about
 * 40 bytes) and a share of what receiving it left behind. An estimate, so that a flood of empty
 * payloads is bounded too.
 */
export const PER_MESSAGE_OVERHEAD = 96;

const FLAG_RETAIN = 1;
const FLAG_DUP = 2;
const INITIAL_CAPACITY = 1024;
const EMPTY = new Uint8Array(0);

/**
 * The received messages of one connection: a ring buffer bounded by count and bytes.
 *
 * Columns (struct of arrays) rather than an object per message: appending stores a reference to
 * the topic string (interned by the connection), copies the payload bytes into a slab
 * (payloadSlabs.ts: measured cheaper than keeping mqtt.js's Buffer, whose garbage collection cost
 * grows with the store) and writes numbers into typed arrays, so nothing per message lives on in
 * the heap but the topic reference (and MQTT 5 properties when there are any). The ring doubles
 * up to `maxMessages` (amortised O(1)). The oldest messages are evicted, and counted, to stay
 * within both budgets.
 */
export class MessageStore {
  private capacity = 0;
  private topics: string[] = [];
  /**
   * Payloads above MAX_SLAB_PAYLOAD, kept as given (large ones own their buffer); the rest live in
   * slabs. Allocated at the first such payload: most stores never have one, and a column of a
   * million empty slots is 8 MB.
   */
  private payloads: (Uint8Array | undefined)[] | undefined;
  private readonly slabs = new PayloadSlabs();
  /** Where each payload is: slab id (-1 for a kept Buffer), offset, length (of every payload). */
  private slabIds = new Int32Array(0);
  private offsets = new Uint32Array(0);
  private lengths = new Uint32Array(0);
  /** MQTT 5 properties; allocated at the first message that has any, as `payloads`. */
  private props: (MessageProperties | undefined)[] | undefined;
  private times = new Float64Array(0);
  /** qos in the low 2 bits, flags above. */
  private meta = new Uint8Array(0);
  private subs = new Uint16Array(0);

  /** Ring index of the oldest message. */
  private head = 0;
  private count = 0;
  private bytes = 0;
  private first = 0;
  private totalReceived = 0;
  private totalEvicted = 0;
  private totalPayloadBytes = 0;
  private totalDuplicates = 0;
  private readonly cleared = new Emitter<void>();
  /** Fires after `clear()`, so every view of the store can refresh. */
  readonly onDidClear = this.cleared.event;
  private readonly clearing = new Emitter<void>();
  /** Fires at the start of `clear()`, while the messages are still there (a recorder writes what it has not yet). */
  readonly onWillClear = this.clearing.event;
  /** One-shot listeners called after the next append (see `onNextAppend`). */
  private wakers: (() => void)[] = [];

  constructor(private limits: MessageStoreLimits) {
    this.grow(Math.min(INITIAL_CAPACITY, limits.maxMessages));
  }

  /** Stores a message and returns its sequence number. O(1); copies the payload into a slab unless it is large. */
  append(
    topic: string,
    payload: Uint8Array,
    qos: QoS,
    retain: boolean,
    dup: boolean,
    properties: MessageProperties | undefined,
    time: number,
    sub = 0,
  ): number {
    const cost = payload.length + topic.length + PER_MESSAGE_OVERHEAD;
    // Make room: by count first, then by bytes (a single message larger than the whole budget
    // still gets stored alone, so the newest message is always there to look at).
    if (this.count === this.limits.maxMessages) this.evictOldest();
    while (this.count > 0 && this.bytes + cost > this.limits.maxBytes) this.evictOldest();
    if (this.count === this.capacity) this.grow(Math.min(this.capacity * 2, this.limits.maxMessages));

    const i = (this.head + this.count) % this.capacity;
    this.topics[i] = topic;
    this.lengths[i] = payload.length;
    if (payload.length <= MAX_SLAB_PAYLOAD) {
      const at = this.slabs.put(payload, this.first + this.count);
      this.slabIds[i] = at.slab;
      this.offsets[i] = at.offset;
    } else {
      this.slabIds[i] = -1;
      (this.payloads ??= new Array<Uint8Array | undefined>(this.capacity))[i] = payload;
    }
    if (properties !== undefined) (this.props ??= new Array<MessageProperties | undefined>(this.capacity))[i] = properties;
    this.times[i] = time;
    this.meta[i] = qos | (retain ? FLAG_RETAIN << 2 : 0) | (dup ? FLAG_DUP << 2 : 0);
    this.subs[i] = sub;
    this.count++;
    this.bytes += cost;
    this.totalReceived++;
    this.totalPayloadBytes += payload.length;
    if (dup) this.totalDuplicates++;
    if (this.wakers.length !== 0) this.wake();
    return this.first + this.count - 1;
  }

  /**
   * Calls `listener` once, after the next append. Lets a log view sleep while the connection is
   * quiet, at the cost of one length check per message.
   */
  onNextAppend(listener: () => void): Disposable {
    this.wakers.push(listener);
    return {
      dispose: () => {
        this.wakers = this.wakers.filter((w) => w !== listener);
      },
    };
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const w of wakers) w();
  }

  /** Sequence number of the oldest stored message (equals `nextSeq` when empty). */
  get firstSeq(): number {
    return this.first;
  }

  /** Sequence number the next appended message gets. */
  get nextSeq(): number {
    return this.first + this.count;
  }

  get size(): number {
    return this.count;
  }

  get byteSize(): number {
    return this.bytes;
  }

  get received(): number {
    return this.totalReceived;
  }

  /** Payload bytes received since the store was created or cleared. */
  get receivedPayloadBytes(): number {
    return this.totalPayloadBytes;
  }

  get evicted(): number {
    return this.totalEvicted;
  }

  /** Messages received with the DUP flag (redeliveries) since the store was created or cleared. */
  get duplicates(): number {
    return this.totalDuplicates;
  }

  get maxBytes(): number {
    return this.limits.maxBytes;
  }

  /** Bytes of memory held for slab-stored payloads (whole slabs; for figures and tests). */
  get slabBytes(): number {
    return this.slabs.allocatedBytes;
  }

  /** The message with this sequence number, or undefined when it was evicted or never existed. */
  get(seq: number): StoredMessage | undefined {
    const offset = seq - this.first;
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.count) return undefined;
    const i = (this.head + offset) % this.capacity;
    const meta = this.meta[i] ?? 0;
    return {
      seq,
      time: this.times[i] ?? 0,
      topic: this.topics[i] ?? '',
      payload: this.payloadOf(i),
      qos: (meta & 3) as QoS,
      retain: ((meta >> 2) & FLAG_RETAIN) !== 0,
      dup: ((meta >> 2) & FLAG_DUP) !== 0,
      properties: this.props?.[i],
      sub: this.subs[i] ?? 0,
    };
  }

  // Field accessors for scans over many messages (filters, export): no object per message.
  // Each takes a seq that is stored (firstSeq <= seq < nextSeq); check with `has` first.

  has(seq: number): boolean {
    const offset = seq - this.first;
    return Number.isInteger(offset) && offset >= 0 && offset < this.count;
  }

  topicAt(seq: number): string {
    return this.topics[this.index(seq)] ?? '';
  }

  payloadAt(seq: number): Uint8Array {
    return this.payloadOf(this.index(seq));
  }

  qosAt(seq: number): QoS {
    return ((this.meta[this.index(seq)] ?? 0) & 3) as QoS;
  }

  retainAt(seq: number): boolean {
    return (((this.meta[this.index(seq)] ?? 0) >> 2) & FLAG_RETAIN) !== 0;
  }

  /**
   * Distinct topics starting with `prefix` among the newest `scan` messages, newest first, at most
   * `limit` (topic completion: reads the store when asked rather than tracking topics per message).
   */
  recentTopics(prefix: string, limit: number, scan = 50_000): string[] {
    const found = new Set<string>();
    const stop = Math.max(this.first, this.nextSeq - scan);
    for (let seq = this.nextSeq - 1; seq >= stop && found.size < limit; seq--) {
      const topic = this.topicAt(seq);
      if (topic.startsWith(prefix)) found.add(topic);
    }
    return [...found];
  }

  /** The payload at ring index `i`: a view into its slab, or the buffer kept as given. */
  private payloadOf(i: number): Uint8Array {
    const slab = this.slabIds[i] ?? -1;
    if (slab >= 0) return this.slabs.view(slab, this.offsets[i] ?? 0, this.lengths[i] ?? 0);
    return this.payloads?.[i] ?? EMPTY;
  }

  private index(seq: number): number {
    return (this.head + seq - this.first) % this.capacity;
  }

  /** Drops every message (and the references that keep their memory alive). Counters restart. */
  clear(): void {
    this.clearing.fire();
    this.first = this.nextSeq;
    this.head = 0;
    this.count = 0;
    this.bytes = 0;
    this.totalReceived = 0;
    this.totalEvicted = 0;
    this.totalPayloadBytes = 0;
    this.totalDuplicates = 0;
    this.capacity = 0;
    this.payloads = undefined;
    this.props = undefined;
    this.grow(Math.min(INITIAL_CAPACITY, this.limits.maxMessages));
    this.slabs.clear();
    this.cleared.fire();
  }

  /** Applies new budgets (from settings), evicting what no longer fits. */
  setLimits(limits: MessageStoreLimits): void {
    this.limits = limits;
    while (this.count > 0 && (this.count > limits.maxMessages || this.bytes > limits.maxBytes)) this.evictOldest();
    if (this.capacity > limits.maxMessages) this.relayout(Math.max(limits.maxMessages, 1));
  }

  private evictOldest(): void {
    const i = this.head;
    const topic = this.topics[i] ?? '';
    // The cost `append` added, recomputed rather than kept in a column of its own.
    this.bytes -= (this.lengths[i] ?? 0) + topic.length + PER_MESSAGE_OVERHEAD;
    // Release the references so the payload memory can be collected.
    this.topics[i] = '';
    if (this.payloads) this.payloads[i] = undefined;
    if (this.props) this.props[i] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    this.first++;
    this.totalEvicted++;
    this.slabs.release(this.first);
  }

  private grow(newCapacity: number): void {
    this.relayout(Math.max(newCapacity, 1));
  }

  /** Copies the ring into arrays of `newCapacity` slots with the oldest message at index 0. */
  private relayout(newCapacity: number): void {
    const topics = new Array<string>(newCapacity);
    const payloads = this.payloads && new Array<Uint8Array | undefined>(newCapacity);
    const props = this.props && new Array<MessageProperties | undefined>(newCapacity);
    const times = new Float64Array(newCapacity);
    const meta = new Uint8Array(newCapacity);
    const subs = new Uint16Array(newCapacity);
    const slabIds = new Int32Array(newCapacity);
    const offsets = new Uint32Array(newCapacity);
    const lengths = new Uint32Array(newCapacity);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) % this.capacity;
      topics[k] = this.topics[i] ?? '';
      if (payloads) payloads[k] = this.payloads?.[i];
      if (props) props[k] = this.props?.[i];
      times[k] = this.times[i] ?? 0;
      meta[k] = this.meta[i] ?? 0;
      subs[k] = this.subs[i] ?? 0;
      slabIds[k] = this.slabIds[i] ?? -1;
      offsets[k] = this.offsets[i] ?? 0;
      lengths[k] = this.lengths[i] ?? 0;
    }
    this.topics = topics;
    this.payloads = payloads;
    this.props = props;
    this.times = times;
    this.meta = meta;
    this.subs = subs;
    this.slabIds = slabIds;
    this.offsets = offsets;
    this.lengths = lengths;
    this.capacity = newCapacity;
    this.head = 0;
  }
}
