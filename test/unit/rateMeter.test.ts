import { strict as assert } from 'node:assert';
import { RATE_TAU_MS, RateMeter } from '../../src/extension/topics/rateMeter';

/** A clock the test moves by hand (the meter reads time only through it). */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('rate meter', () => {
  it('approaches a steady 100 msg/s when read every 100 ms', () => {
    const c = clock();
    const meter = new RateMeter(c.now);
    let count = 0;
    let rate = 0;
    const firstAt = c.now();
    for (let tick = 0; tick < 600; tick++) {
      c.advance(100);
      count += 10;
      rate = meter.read('t', { count, firstAt, lastAt: c.now() });
    }
    assert.ok(Math.abs(rate - 100) < 1, `rate ${rate}`);
  });

  it('decays towards 0 once a topic goes quiet', () => {
    const c = clock();
    const meter = new RateMeter(c.now);
    const firstAt = c.now();
    c.advance(10_000);
    const busy = meter.read('t', { count: 1000, firstAt, lastAt: c.now() });
    c.advance(5 * RATE_TAU_MS);
    const quiet = meter.read('t', { count: 1000, firstAt, lastAt: firstAt + 10_000 });
    assert.ok(quiet < busy / 100, `busy ${busy}, quiet ${quiet}`);
  });

  it('estimates a node never read before from its count over its life', () => {
    const c = clock();
    const meter = new RateMeter(c.now);
    // 500 messages over the last 5 s, the last one just now: 100 msg/s.
    assert.equal(meter.peek('t', { count: 500, firstAt: c.now() - 5000, lastAt: c.now() }), 100);
  });

  it('gives 0 for a node without messages', () => {
    const meter = new RateMeter(clock().now);
    assert.equal(meter.read('t', { count: 0, firstAt: 0, lastAt: 0 }), 0);
  });

  it('counts a burst that arrived at one instant instead of dividing by zero', () => {
    const c = clock();
    const meter = new RateMeter(c.now);
    meter.read('t', { count: 0, firstAt: 0, lastAt: 0 });
    const rate = meter.read('t', { count: 100, firstAt: c.now(), lastAt: c.now() });
    assert.ok(Number.isFinite(rate) && rate > 0, `rate ${rate}`);
  });

  it('does not remember a peeked node', () => {
    const c = clock();
    const meter = new RateMeter(c.now);
    meter.peek('t', { count: 500, firstAt: c.now() - 5000, lastAt: c.now() });
    c.advance(1000);
    // Read first now: an estimate from the inputs, as if never peeked.
    assert.equal(meter.read('t', { count: 500, firstAt: c.now() - 6000, lastAt: c.now() - 1000 }), meter.peek('u', { count: 500, firstAt: c.now() - 6000, lastAt: c.now() - 1000 }));
  });
});
