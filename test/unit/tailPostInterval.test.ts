import { strict as assert } from 'node:assert';
import { CALM_RATE, FAST_POST_INTERVAL_MS, FAST_RATE, MIN_POST_INTERVAL_MS, tailPostInterval } from '../../src/extension/log/tailPostInterval';

describe('tailPostInterval', () => {
  it('keeps ~30 tail posts a second up to CALM_RATE messages a second', () => {
    for (const rate of [0, 1, 1000, CALM_RATE]) assert.equal(tailPostInterval(rate), MIN_POST_INTERVAL_MS, `at ${rate} msg/s`);
  });

  it('slows to ten posts a second from FAST_RATE on', () => {
    for (const rate of [FAST_RATE, 50_000, 100_000, 1e9]) assert.equal(tailPostInterval(rate), FAST_POST_INTERVAL_MS, `at ${rate} msg/s`);
  });

  it('climbs steadily in between', () => {
    const mid = tailPostInterval((CALM_RATE + FAST_RATE) / 2);
    assert.equal(mid, Math.round((MIN_POST_INTERVAL_MS + FAST_POST_INTERVAL_MS) / 2));
    let previous = MIN_POST_INTERVAL_MS;
    for (let rate = CALM_RATE; rate <= FAST_RATE; rate += 500) {
      const interval = tailPostInterval(rate);
      assert.ok(interval >= previous, `${interval} ms at ${rate} msg/s after ${previous} ms`);
      previous = interval;
    }
  });

  it('treats a rate it cannot read (negative after a filter change, NaN) as calm', () => {
    assert.equal(tailPostInterval(-500), MIN_POST_INTERVAL_MS);
    assert.equal(tailPostInterval(Number.NaN), MIN_POST_INTERVAL_MS);
  });
});
