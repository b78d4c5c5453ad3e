import type { TopicIndex } from './topicIndex';

/** The numbers of a node and everything below it, summed when asked. */
export interface NodeStats {
  count: number;
  bytes: number;
  firstAt: number;
  /** 0 when nothing was received below the node. */
  lastAt: number;
  /** Topics received below the node, not counting the node itself. */
  topicsBelow: number;
}

/** Id of the root node, whose children are the first levels. */
export const ROOT = 0;

/**
 * The topics of an index as a tree of levels. Built when a view first asks (`TopicTree.of`), then
 * kept up to date as new topics are tracked (the index's `onNewTopic`: new topics only, nothing
 * per message). Nodes hold no counters: a node's numbers are summed from the index when asked
 * (`stats`), so the hot path never walks up the tree.
 */
export class TopicTree {
  private names: string[] = [''];
  private parent = new Int32Array(1024);
  /** Index slot of the topic named by the node's path, -1 when no message had exactly that name. */
  private slot = new Int32Array(1024).fill(-1);
  private children: (Map<string, number> | undefined)[] = [undefined];
  /** Node of each index slot. */
  private nodeOfSlot = new Int32Array(1024);
  private generation: number;

  private constructor(private readonly index: TopicIndex) {
    this.generation = index.generation;
    this.parent[ROOT] = -1;
    this.addAll();
    index.onNewTopic = (slot) => {
      // After a clear the first new topic rebuilds from the index, which already holds it.
      if (this.generation !== this.index.generation) this.refresh();
      else this.add(slot);
    };
  }

  /** The tree of an index, built on first use and kept with the index from then on. */
  static of(index: TopicIndex): TopicTree {
    const existing = trees.get(index);
    if (existing) {
      existing.refresh();
      return existing;
    }
    const tree = new TopicTree(index);
    trees.set(index, tree);
    return tree;
  }

  get nodeCount(): number {
    return this.names.length;
  }

  /** The node at a path (levels joined by '/'), or undefined when nothing was received there or below. */
  find(path: string): number | undefined {
    const slot = this.index.slotOf(path);
    if (slot !== undefined) return this.nodeOfSlot[slot];
    let node = ROOT;
    let from = 0;
    for (;;) {
      const end = path.indexOf('/', from);
      const next = this.children[node]?.get(end === -1 ? path.slice(from) : path.slice(from, end));
      if (next === undefined) return undefined;
      node = next;
      if (end === -1) return node;
      from = end + 1;
    }
  }

  nodeOf(slot: number): number {
    return this.nodeOfSlot[slot] ?? ROOT;
  }

  name(node: number): string {
    return this.names[node] ?? '';
  }

  /** The node's path: its topic when it has one, else its levels joined. */
  path(node: number): string {
    const slot = this.slot[node] ?? -1;
    if (slot >= 0) return this.index.topic(slot);
    const levels: string[] = [];
    for (let n = node; n > ROOT; n = this.parent[n] ?? ROOT) levels.push(this.names[n] ?? '');
    return levels.reverse().join('/');
  }

  /** Index slot of the node's own topic, or -1. */
  slotOfNode(node: number): number {
    return this.slot[node] ?? -1;
  }

  childIds(node: number): number[] {
    const map = this.children[node];
    return map ? [...map.values()] : [];
  }

  hasChildren(node: number): boolean {
    return (this.children[node]?.size ?? 0) > 0;
  }

  /** The node's numbers with everything below it: a walk of its subtree (the tree holds no sums, so the hot path stays O(1)). */
  stats(node: number): NodeStats {
    const leafSlot = this.children[node] === undefined ? (this.slot[node] ?? -1) : -1;
    if (leafSlot >= 0) {
      // A topic without children (most nodes): its own numbers, without a walk.
      const i = this.index;
      return { count: i.countAt(leafSlot), bytes: i.bytesAt(leafSlot), firstAt: i.firstAtOf(leafSlot), lastAt: i.lastAtOf(leafSlot), topicsBelow: 0 };
    }
    const out: NodeStats = { count: 0, bytes: 0, firstAt: 0, lastAt: 0, topicsBelow: 0 };
    const stack = [node];
    for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
      const slot = this.slot[n] ?? -1;
      if (slot >= 0) {
        out.count += this.index.countAt(slot);
        out.bytes += this.index.bytesAt(slot);
        const first = this.index.firstAtOf(slot);
        if (out.firstAt === 0 || first < out.firstAt) out.firstAt = first;
        out.lastAt = Math.max(out.lastAt, this.index.lastAtOf(slot));
        if (n !== node) out.topicsBelow++;
      }
      const map = this.children[n];
      if (map) for (const child of map.values()) stack.push(child);
    }
    return out;
  }

  /** Topics at or below the node, as index slots (for clear-retained and export of a subtree). */
  slotsBelow(node: number): number[] {
    const slots: number[] = [];
    const stack = [node];
    for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
      const slot = this.slot[n] ?? -1;
      if (slot >= 0) slots.push(slot);
      const map = this.children[n];
      if (map) for (const child of map.values()) stack.push(child);
    }
    return slots;
  }

  /** Starts again from the index after it was cleared. */
  private refresh(): void {
    if (this.generation === this.index.generation) return;
    this.generation = this.index.generation;
    this.names = [''];
    this.children = [undefined];
    this.slot.fill(-1);
    this.addAll();
  }

  private addAll(): void {
    for (let slot = 0; slot < this.index.size; slot++) this.add(slot);
  }

  private add(slot: number): void {
    const topic = this.index.topic(slot);
    let node = ROOT;
    let from = 0;
    for (;;) {
      const end = topic.indexOf('/', from);
      const level = end === -1 ? topic.slice(from) : topic.slice(from, end);
      node = this.child(node, level);
      if (end === -1) break;
      from = end + 1;
    }
    this.slot[node] = slot;
    if (slot >= this.nodeOfSlot.length) this.nodeOfSlot = grownInt32(this.nodeOfSlot, slot + 1, 0);
    this.nodeOfSlot[slot] = node;
  }

  private child(node: number, level: string): number {
    let map = this.children[node];
    const known = map?.get(level);
    if (known !== undefined) return known;
    const id = this.names.length;
    this.names.push(level);
    this.children.push(undefined);
    if (id >= this.parent.length) {
      this.parent = grownInt32(this.parent, id + 1, 0);
      this.slot = grownInt32(this.slot, id + 1, -1);
    }
    this.parent[id] = node;
    this.slot[id] = -1;
    if (!map) this.children[node] = map = new Map();
    map.set(level, id);
    return id;
  }
}

/** One tree per index, held no longer than the index. */
const trees = new WeakMap<TopicIndex, TopicTree>();

function grownInt32(old: Int32Array, atLeast: number, fill: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(atLeast, old.length * 2)).fill(fill);
  next.set(old);
  return next;
}
