import { PREVIEW_BYTES } from '../../shared/log/rowDto';
import { topicFilterError } from '../../shared/mqtt/topicFilter';
import { formatPreview } from '../../shared/payload/payloadPreview';
import { PREVIEW_CHARS, type NumericField, type SeriesPoints, type TopicRow, type TopicSort, type TopicTotals, type TopicWindow } from '../../shared/topics/topicsProtocol';
import type { MessageStore } from '../store/messageStore';
import { compileTopicFilter } from './compiledFilter';
import { numberAt, numericPointers, parsedPayload } from './numericFields';
import { RateMeter } from './rateMeter';
import type { TopicIndex } from './topicIndex';
import { ROOT, TopicTree, type NodeStats } from './topicTree';

/** Newest stored payloads of a topic looked at for its numeric fields. */
const FIELDS_SCAN = 1000;

/** A search query the user typed that is not a valid filter, refused in words. */
export class TopicQueryError extends Error {}

/**
 * What the Topics pane reads, answered from the index, its tree and the store: windows of sorted
 * children, searches, and the rows of the nodes the pane shows. One per view (its rate meter
 * remembers the rates of the nodes that view reads).
 */
export class TopicQueries {
  readonly rates: RateMeter;

  constructor(
    readonly index: TopicIndex,
    private readonly store: MessageStore,
    now: () => number = Date.now,
  ) {
    this.rates = new RateMeter(now);
  }

  get tree(): TopicTree {
    return TopicTree.of(this.index);
  }

  totals(): TopicTotals {
    const i = this.index;
    return { topics: i.size, messages: i.messages, untrackedTopics: i.untrackedTopics, untrackedMessages: i.untrackedMessages, maxTracked: i.maxTracked };
  }

  /** A window of a node's children (null: the root), sorted; at the root the `$` levels come first. */
  children(path: string | null, sort: TopicSort, offset: number, limit: number): TopicWindow {
    const tree = this.tree;
    const node = path === null ? ROOT : tree.find(path);
    if (node === undefined) return { rows: [], total: 0, totals: this.totals() };
    const ids = tree.childIds(node);
    const sorted = this.sortNodes(tree, ids, sort, node === ROOT);
    const rows = sorted.slice(offset, offset + limit).map((id) => this.row(tree, id));
    return { rows, total: ids.length, totals: this.totals() };
  }

  /**
   * A window of the topics matching `query`: an MQTT topic filter when it holds `+` or `#`, else a
   * part of the name (case ignored). Matches are sorted by the topic's own numbers.
   */
  search(query: string, sort: TopicSort, offset: number, limit: number): TopicWindow {
    const matches = this.matchingSlots(query);
    const i = this.index;
    if (sort === 'name') {
      const compare = nameOrder(matches.length);
      matches.sort((a, b) => compare(i.topic(a), i.topic(b)));
    } else {
      const now = this.rates;
      const key =
        sort === 'count' ? (s: number) => i.countAt(s) : sort === 'bytes' ? (s: number) => i.bytesAt(s) : (s: number) => now.peek(i.topic(s), { count: i.countAt(s), firstAt: i.firstAtOf(s), lastAt: i.lastAtOf(s) });
      const keys = new Float64Array(i.size);
      for (const s of matches) keys[s] = key(s);
      matches.sort((a, b) => (keys[b] ?? 0) - (keys[a] ?? 0) || a - b);
    }
    const tree = this.tree;
    const rows = Array.from(matches.subarray(offset, offset + limit), (slot) => this.row(tree, tree.nodeOf(slot)));
    return { rows, total: matches.length, totals: this.totals() };
  }

  /** The row of the node at `path`, or undefined when nothing was received there or below. */
  rowAt(path: string): TopicRow | undefined {
    const tree = this.tree;
    const node = tree.find(path);
    return node === undefined ? undefined : this.row(tree, node);
  }

  /** Seqs of the stored messages of a topic (after `sinceSeq` when given), oldest first, the newest `limit` at most. */
  history(topic: string, limit: number, sinceSeq = -1): number[] {
    const slot = this.index.slotOf(topic);
    const seqs: number[] = [];
    // Nothing of the topic is newer than its last message: start there.
    const from = slot === undefined ? this.store.nextSeq - 1 : Math.min(this.index.lastSeqOf(slot), this.store.nextSeq - 1);
    for (let seq = from; seq >= this.store.firstSeq && seq > sinceSeq && seqs.length < limit; seq--) {
      if (this.store.topicAt(seq) === topic) seqs.push(seq);
    }
    return seqs.reverse();
  }

  /** The numeric fields of the topic's newest stored payloads (at most FIELDS_SCAN of them), most seen first. */
  fields(topic: string): NumericField[] {
    const seen = new Map<string, number>();
    for (const seq of this.history(topic, FIELDS_SCAN)) {
      for (const pointer of numericPointers(parsedPayload(this.store.payloadAt(seq)))) seen.set(pointer, (seen.get(pointer) ?? 0) + 1);
    }
    return [...seen].map(([pointer, n]) => ({ pointer, seen: n })).sort((a, b) => b.seen - a.seen || (a.pointer < b.pointer ? -1 : 1));
  }

  /** Time and value at `pointer` of the topic's stored messages from seq `sinceSeq` on, the newest `limit` at most, oldest first. */
  series(topic: string, pointer: string, sinceSeq: number, limit: number): SeriesPoints {
    const t: number[] = [];
    const v: number[] = [];
    const seqs = this.history(topic, Number.MAX_SAFE_INTEGER, sinceSeq - 1);
    for (const seq of seqs.slice(Math.max(0, seqs.length - limit))) {
      const value = numberAt(parsedPayload(this.store.payloadAt(seq)), pointer);
      if (value === undefined) continue;
      t.push(this.store.get(seq)?.time ?? 0);
      v.push(value);
    }
    return { topic, pointer, t, v, lastSeq: seqs.at(-1) ?? sinceSeq - 1 };
  }

  private matchingSlots(query: string): Int32Array {
    const i = this.index;
    const found = new Int32Array(i.size);
    let n = 0;
    if (query.includes('+') || query.includes('#')) {
      const problem = topicFilterError(query);
      if (problem) throw new TopicQueryError(problem);
      const matches = compileTopicFilter(query);
      for (let s = 0; s < i.size; s++) if (matches(i.topic(s))) found[n++] = s;
    } else {
      const needle = query.toLowerCase();
      // A case-insensitive regular expression tests each topic without making a lowercase copy of it.
      const pattern = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
      for (let s = 0; s < i.size; s++) if (pattern.test(i.topic(s))) found[n++] = s;
    }
    return found.subarray(0, n);
  }

  private sortNodes(tree: TopicTree, ids: number[], sort: TopicSort, atRoot: boolean): number[] {
    // Positions into `ids` are sorted, with the name and key of each computed once (not per comparison).
    const names = ids.map((id) => tree.name(id));
    const groups = new Uint8Array(ids.length);
    if (atRoot) names.forEach((name, k) => (groups[k] = name.startsWith('$') ? 0 : 1));
    const keys = new Float64Array(ids.length);
    if (sort !== 'name') {
      ids.forEach((id, k) => {
        const stats = tree.stats(id);
        keys[k] = sort === 'count' ? stats.count : sort === 'bytes' ? stats.bytes : this.rates.peek(tree.path(id), stats);
      });
    }
    const compareNames = nameOrder(ids.length);
    const order = Array.from(ids, (_, k) => k);
    order.sort((a, b) => (groups[a] ?? 0) - (groups[b] ?? 0) || (keys[b] ?? 0) - (keys[a] ?? 0) || compareNames(names[a] ?? '', names[b] ?? ''));
    return order.map((k) => ids[k] ?? 0);
  }

  /** One node as the pane paints it (its rate is remembered: the pane shows it and will ask again). */
  row(tree: TopicTree, node: number, stats: NodeStats = tree.stats(node)): TopicRow {
    const path = tree.path(node);
    const slot = tree.slotOfNode(node);
    const row: TopicRow = {
      path,
      name: tree.name(node),
      count: stats.count,
      bytes: stats.bytes,
      rate: this.rates.read(path, stats),
      lastAt: stats.count === 0 ? null : stats.lastAt,
      retained: slot >= 0 && this.index.retainedAt(slot),
      topicsBelow: stats.topicsBelow,
      hasChildren: tree.hasChildren(node),
      isTopic: slot >= 0,
    };
    if (slot >= 0) {
      const seq = this.index.lastSeqOf(slot);
      if (this.store.has(seq) && this.store.topicAt(seq) === path) {
        row.lastSeq = seq;
        row.lastPreview = previewOf(this.store.payloadAt(seq));
      }
    }
    return row;
  }
}

/** A payload as one line of at most PREVIEW_CHARS characters. */
export function previewOf(payload: Uint8Array): string {
  const text = formatPreview(payload.subarray(0, PREVIEW_BYTES), payload.length).text;
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

const collator = new Intl.Collator(undefined, { numeric: true });
/** Above this many names, plain code-unit order: the collator costs about a second per 100k names. */
const COLLATED_MAX = 10_000;
const codeUnitOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** How to order `n` names: as people expect (`sensor2` before `sensor10`) when there are few enough. */
function nameOrder(n: number): (a: string, b: string) => number {
  return n <= COLLATED_MAX ? collator.compare : codeUnitOrder;
}
