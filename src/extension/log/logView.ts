import { Script, createContext } from 'node:vm';
import type { MessagePredicate } from './messageFilter';
import { FilterError } from './messageFilter';
import type { MessageStore } from '../store/messageStore';

/**
 * The messages a log view shows, as positions [first, next): every stored message (position = seq),
 * or those that pass a filter (consecutive positions). See `RowDto` in the protocol.
 */
export interface LogView {
  readonly first: number;
  readonly next: number;
  /** The store seq at a position, or undefined when the position is not (or no longer) shown. */
  seqAt(pos: number): number | undefined;
  /**
   * The position of a stored message in the view, `'hidden'` when the view does not show it, or
   * `'not yet'` when a filter has not reached it yet.
   */
  positionOf(seq: number): number | 'hidden' | 'not yet';
  /** Brings the view up to date with the store, spending at most about `budgetMs`; true when done. */
  catchUp(budgetMs: number): boolean;
  /** While a filter is still being applied to stored messages: how far it got. */
  readonly progress: { scanned: number; total: number } | undefined;
}

/** Every stored message. */
export class AllMessagesView implements LogView {
  readonly progress = undefined;

  constructor(private readonly store: MessageStore) {}

  get first(): number {
    return this.store.firstSeq;
  }

  get next(): number {
    return this.store.nextSeq;
  }

  seqAt(pos: number): number | undefined {
    return this.store.has(pos) ? pos : undefined;
  }

  positionOf(seq: number): number | 'hidden' {
    return this.store.has(seq) ? seq : 'hidden';
  }

  catchUp(): boolean {
    return true;
  }
}

/** Longest one scan slice may run before it is stopped: a filter this slow is refused. */
export const SLICE_TIMEOUT_MS = 1000;
/** Messages tested between two looks at the clock. */
const CLOCK_EVERY = 256;

/**
 * The positions of the stored messages that pass a filter. Built incrementally: `catchUp` tests
 * the messages not seen yet, in slices bounded in time, so a filter over a million messages never
 * blocks the extension host; evicted messages leave the front. Each slice runs under a `vm`
 * timeout, so a regular expression that backtracks catastrophically on some payload stops the
 * filter with an error instead of freezing VS Code.
 */
export class FilteredView implements LogView {
  /** Seqs of the matching messages, oldest first, in a growable buffer from `head`. */
  private seqs = new Float64Array(1024);
  private head = 0;
  private length = 0;
  /** Matches that left the front (evicted): the position of the oldest match still held. */
  private dropped = 0;
  /** The next seq to test. */
  private scanned: number;
  /** The seq the store's newest message had when the filter was set: scanning up to it is the initial pass. */
  private readonly initialEnd: number;
  private readonly initialStart: number;

  constructor(
    private readonly store: MessageStore,
    private readonly predicate: MessagePredicate,
  ) {
    this.scanned = store.firstSeq;
    this.initialStart = store.firstSeq;
    this.initialEnd = store.nextSeq;
  }

  get first(): number {
    this.dropEvicted();
    return this.dropped;
  }

  get next(): number {
    return this.dropped + this.length;
  }

  seqAt(pos: number): number | undefined {
    this.dropEvicted();
    const i = pos - this.dropped;
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    return this.seqs[this.head + i];
  }

  positionOf(seq: number): number | 'hidden' | 'not yet' {
    this.dropEvicted();
    if (seq >= this.scanned) return 'not yet';
    // The matches are in seq order: a binary search over them.
    let lo = this.head;
    let hi = this.head + this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] ?? Infinity) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.head + this.length && this.seqs[lo] === seq ? this.dropped + (lo - this.head) : 'hidden';
  }

  get progress(): { scanned: number; total: number } | undefined {
    if (this.scanned >= this.initialEnd) return undefined;
    return { scanned: Math.max(0, this.scanned - this.initialStart), total: this.initialEnd - this.initialStart };
  }

  catchUp(budgetMs: number): boolean {
    this.dropEvicted();
    const store = this.store;
    if (this.scanned < store.firstSeq) this.scanned = store.firstSeq;
    if (this.scanned >= store.nextSeq) return true;
    const deadline = performance.now() + budgetMs;
    const finished = runBounded(() => {
      const end = store.nextSeq;
      while (this.scanned < end) {
        const stop = Math.min(end, this.scanned + CLOCK_EVERY);
        for (; this.scanned < stop; this.scanned++) if (this.predicate(store, this.scanned)) this.push(this.scanned);
        if (performance.now() >= deadline) return;
      }
    });
    if (!finished) {
      throw new FilterError(
        `The filter took more than ${SLICE_TIMEOUT_MS / 1000} s on message #${this.scanned} and was stopped: a regular expression that backtracks a lot? Simplify it.`,
      );
    }
    return this.scanned >= store.nextSeq;
  }

  private push(seq: number): void {
    if (this.head + this.length === this.seqs.length) {
      // Double when more than half is in use, else compact: amortised O(1) per match.
      if (this.length * 2 > this.seqs.length) {
        const grown = new Float64Array(this.seqs.length * 2);
        grown.set(this.seqs.subarray(this.head, this.head + this.length));
        this.seqs = grown;
      } else {
        this.seqs.copyWithin(0, this.head, this.head + this.length);
      }
      this.head = 0;
    }
    this.seqs[this.head + this.length] = seq;
    this.length++;
  }

  private dropEvicted(): void {
    const firstSeq = this.store.firstSeq;
    while (this.length > 0 && (this.seqs[this.head] ?? Infinity) < firstSeq) {
      this.head++;
      this.length--;
      this.dropped++;
    }
  }
}

const context = createContext({ run: (): void => undefined });
const script = new Script('run()');

/**
 * Runs `fn` so that it is stopped (V8 terminates it) if it takes longer than SLICE_TIMEOUT_MS.
 * Returns false when it was stopped. About 50 µs of overhead per call: once per slice, not per message.
 */
function runBounded(fn: () => void): boolean {
  (context as { run: () => void }).run = fn;
  try {
    script.runInContext(context, { timeout: SLICE_TIMEOUT_MS });
    return true;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return false;
    throw e;
  }
}
