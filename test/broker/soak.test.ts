import { strict as assert } from 'node:assert';
import { runSoak, soakProblems, steadyGrowth } from '../harness/soak';

/**
 * The short soak (the full one is `npm run soak`, 10 minutes): 40 s at 20k msg/s from a publisher
 * process through a real mosquitto into the host pipeline (Connection, MessageStore, a LogSession
 * posting to a stand-in webview), with a store budget that fills in a few seconds. No timing
 * assertions; the leak checks of `soakProblems`: nothing lost, counts add up, and no growth in
 * listeners, timers, sockets or heap once the store is full.
 */
describe('soak, short: 40 s at 20k msg/s into the host pipeline', function () {
  this.timeout(240_000);

  it('loses nothing; received = stored + evicted; listeners, timers, sockets and heap stay flat', async () => {
    const result = await runSoak({ durationMs: 40_000, rate: 20_000, payloadBytes: 100, maxMessages: 50_000, maxBytes: 256 * 1024 * 1024, sampleEveryMs: 2000 });
    const heap = steadyGrowth(result, (s) => s.heapUsedMb);
    const rss = steadyGrowth(result, (s) => s.rssMb);
    console.log(
      `      published ${result.published} in ${result.publishSeconds.toFixed(1)} s, received ${result.received}, stored ${result.stored}, evicted ${result.evicted}, ` +
        `broker dropped ${result.brokerDropped}, lost ${result.lost}; store full at ${String(result.filledAtS)} s; heap ${heap.early} → ${heap.late} MB, ` +
        `RSS ${rss.early} → ${rss.late} MB; ${result.posts} posts to the view`,
    );
    assert.deepEqual(soakProblems(result), []);
    assert.ok(result.posts > 0, 'the log view was fed');
  });
});
