import { strict as assert } from 'node:assert';
import { AllMessagesView, FilteredView, SLICE_TIMEOUT_MS } from '../../src/extension/log/logView';
import { compileMessageFilter, FilterError } from '../../src/extension/log/messageFilter';
import { MessageStore } from '../../src/extension/store/messageStore';

const append = (store: MessageStore, topic: string, payload = 'x'): number => store.append(topic, Buffer.from(payload), 0, false, false, undefined, 0);

/** Positions → seqs of a view, in order. */
const seqsOf = (view: { first: number; next: number; seqAt(pos: number): number | undefined }): (number | undefined)[] => {
  const out: (number | undefined)[] = [];
  for (let pos = view.first; pos < view.next; pos++) out.push(view.seqAt(pos));
  return out;
};

describe('log views', () => {
  it('shows every stored message at position = seq', () => {
    const store = new MessageStore({ maxMessages: 3, maxBytes: 1 << 20 });
    for (let i = 0; i < 5; i++) append(store, `t/${i}`);
    const view = new AllMessagesView(store);
    assert.deepEqual([view.first, view.next], [2, 5]);
    assert.deepEqual(seqsOf(view), [2, 3, 4]);
    assert.equal(view.seqAt(1), undefined, 'evicted');
  });

  /** Six messages, topics even/odd alternating (seq 0 even), filtered on "even", the store full. */
  const evenView = (): { store: MessageStore; view: FilteredView } => {
    const store = new MessageStore({ maxMessages: 6, maxBytes: 1 << 20 });
    for (let i = 0; i < 6; i++) append(store, i % 2 === 0 ? 'even' : 'odd');
    return { store, view: new FilteredView(store, compileMessageFilter({ topic: 'even' })) };
  };

  it('shows nothing of a filtered view until it has looked', () => {
    const { view } = evenView();
    assert.deepEqual([view.first, view.next], [0, 0]);
  });

  it('gives the matching messages consecutive positions', () => {
    const { view } = evenView();
    assert.equal(view.catchUp(50), true);
    assert.deepEqual([view.first, view.next], [0, 3]);
    assert.deepEqual(seqsOf(view), [0, 2, 4]);
  });

  it('follows new matches and drops evicted ones without reusing their positions', () => {
    const { store, view } = evenView();
    view.catchUp(50);
    append(store, 'even'); // seq 6; evicts seq 0
    append(store, 'odd'); // seq 7; evicts seq 1
    append(store, 'even'); // seq 8; evicts seq 2
    view.catchUp(50);
    assert.deepEqual([view.first, view.next], [2, 5]);
    assert.deepEqual(seqsOf(view), [4, 6, 8]);
  });

  it('shows nothing of a cleared log, and numbers new matches on from where it was', () => {
    const { store, view } = evenView();
    view.catchUp(50);
    store.clear();
    assert.deepEqual([view.first, view.next], [3, 3]);
    append(store, 'even');
    view.catchUp(50);
    assert.deepEqual([view.first, view.next], [3, 4]);
    assert.deepEqual(seqsOf(view), [6]);
  });

  it('applies a filter to a large store in bounded slices, reporting progress', () => {
    const store = new MessageStore({ maxMessages: 300_000, maxBytes: 1 << 30 });
    for (let i = 0; i < 300_000; i++) append(store, `t/${i % 10}`, `payload ${i}`);
    // A filter that makes every message cost something: case-insensitive text search.
    const view = new FilteredView(store, compileMessageFilter({ text: 'PAYLOAD 1' }));
    let slices = 0;
    while (!view.catchUp(5)) {
      slices++;
      const p = view.progress;
      assert.ok(p && p.scanned > 0 && p.scanned < p.total, JSON.stringify(p));
    }
    assert.ok(slices >= 2, `the first pass took several slices (${slices + 1})`);
    assert.equal(view.progress, undefined);
    // "payload 1", "payload 10"…"payload 19", "payload 100"… : 1 + 10 + 100 + 1000 + 10000 + 100000.
    assert.equal(view.next - view.first, 111_111);
  });

  it('stops a filter that backtracks catastrophically with a FilterError instead of freezing', function () {
    // V8 stops the slice after SLICE_TIMEOUT_MS (a vm timeout: a watchdog thread, which no fake
    // clock can drive). Without that stop this regular expression runs for days and the test never
    // ends; a stop that came very late still fails it, over mocha's timeout. No wall-clock figure
    // is asserted: the load of a shared machine must not decide the result.
    this.timeout(SLICE_TIMEOUT_MS + 9000);
    const store = new MessageStore({ maxMessages: 10, maxBytes: 1 << 20 });
    append(store, 't', 'ok');
    append(store, 't', `${'a'.repeat(40)}!`);
    const view = new FilteredView(store, compileMessageFilter({ text: '^(a+)+$', regex: true }));
    assert.throws(() => view.catchUp(10), (e: unknown) => e instanceof FilterError && /took more than .* on message #1/.test(e.message));
  });
});
