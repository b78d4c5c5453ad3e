import { strict as assert } from 'node:assert';
import { mock } from 'node:test';
import { boundedWait } from '../../src/extension/base/boundedWait';

/** Lets the promise callbacks queued by a fake timer run. */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** A promise settled by hand. */
function pending(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// Node's own fake timers (node:test MockTimers): the wait's timers run when the test ticks them.
describe('boundedWait (a command waiting for the first read of the profiles)', () => {
  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => {
    mock.timers.reset();
  });

  it('ends "settled" when the work finishes before the limit', async () => {
    const work = pending();
    const wait = boundedWait(work.promise, { slowAfterMs: 1000, limitMs: 10_000 });
    mock.timers.tick(500);
    work.resolve();
    assert.equal(await wait, 'settled');
  });

  it('does not call onSlow when the work finishes within slowAfterMs', async () => {
    const work = pending();
    let slow = 0;
    const wait = boundedWait(work.promise, { slowAfterMs: 1000, limitMs: 10_000, onSlow: () => slow++ });
    mock.timers.tick(999);
    work.resolve();
    await wait;
    mock.timers.tick(20_000);
    assert.equal(slow, 0);
  });

  it('calls onSlow once when slowAfterMs has passed and the work is still running', async () => {
    const work = pending();
    let slow = 0;
    const wait = boundedWait(work.promise, { slowAfterMs: 1000, limitMs: 10_000, onSlow: () => slow++ });
    mock.timers.tick(1000);
    assert.equal(slow, 1);
    work.resolve();
    await wait;
  });

  it('settles the promise given to onSlow when the wait ends (the progress notification closes)', async () => {
    const work = pending();
    let ended: Promise<void> | undefined;
    let endedDone = false;
    const wait = boundedWait(work.promise, { slowAfterMs: 1000, limitMs: 10_000, onSlow: (e) => { ended = e; } });
    mock.timers.tick(1000);
    void ended?.then(() => (endedDone = true));
    await flush();
    assert.equal(endedDone, false, 'still waiting');
    work.resolve();
    await wait;
    await flush();
    assert.equal(endedDone, true);
  });

  it('ends "timedOut" after limitMs when the work never finishes', async () => {
    const work = pending();
    const wait = boundedWait(work.promise, { slowAfterMs: 1000, limitMs: 10_000 });
    let outcome: string | undefined;
    void wait.then((o) => (outcome = o));
    mock.timers.tick(9_999);
    await flush();
    assert.equal(outcome, undefined, 'not before the limit');
    mock.timers.tick(1);
    await flush();
    assert.equal(outcome, 'timedOut');
  });

  it('rejects with the error of work that fails in time', async () => {
    const work = pending();
    const wait = boundedWait(work.promise, { slowAfterMs: 1000, limitMs: 10_000 });
    work.reject(new Error('cannot read .tracemq.json'));
    await assert.rejects(wait, /cannot read \.tracemq\.json/);
  });
});
