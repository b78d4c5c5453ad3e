import { strict as assert } from 'node:assert';
import { mock } from 'node:test';
import type { RequestMessage } from '../../src/shared/ipc/envelope';
import { RequestError, RequestTracker } from '../../src/shared/ipc/requestTracker';

// The request time-out with Node's fake timers (node:test's MockTimers): time moves only by
// `tick`, so the test says exactly when a request gives up, whatever the machine's load.

type Requests = { 'test/echo': { params: { text: string }; result: string } };

const TIMEOUT_MS = 1000;

describe('RequestTracker time-out (fake timers)', () => {
  let posted: RequestMessage[];
  let tracker: RequestTracker<Requests>;
  /** The request's outcome so far, read without awaiting it. */
  let outcome: { value?: unknown; error?: unknown } | undefined;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    posted = [];
    outcome = undefined;
    tracker = new RequestTracker<Requests>((m) => posted.push(m), TIMEOUT_MS);
    void tracker.request('test/echo', { text: 'hi' }).then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    );
  });

  afterEach(() => {
    tracker.dispose();
    mock.timers.reset();
  });

  /** Lets the promise callbacks of a settled request run. */
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('still waits for the answer 1 ms before the time-out', async () => {
    mock.timers.tick(TIMEOUT_MS - 1);
    await settle();
    assert.equal(outcome, undefined);
  });

  it('rejects an unanswered request, in words, once the time-out has passed', async () => {
    mock.timers.tick(TIMEOUT_MS);
    await settle();
    assert.ok(outcome?.error instanceof RequestError, String(outcome?.error));
    assert.equal(outcome.error.message, 'test/echo timed out after 1 s');
  });

  it('forgets a timed-out request, so that a late answer settles nothing', async () => {
    mock.timers.tick(TIMEOUT_MS);
    await settle();
    assert.equal(tracker.handleResponse({ kind: 'response', id: posted[0]!.id, result: 'late' }), false);
  });

  it('keeps the answer of a request answered in time when its time-out would have passed', async () => {
    tracker.handleResponse({ kind: 'response', id: posted[0]!.id, result: 'hi' });
    mock.timers.tick(TIMEOUT_MS);
    await settle();
    assert.deepEqual(outcome, { value: 'hi' });
  });
});
