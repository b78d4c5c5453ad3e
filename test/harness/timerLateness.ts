import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What `watchTimerLateness` returns: the worst lateness seen so far, and a way to stop watching. */
export interface TimerLateness {
  /** The longest a 10 ms timer of this process ran late since the watch began, in ms. */
  maxMs(): number;
  stop(): void;
}

/**
 * Watches how late this process's timers run. A timing assertion's upper bound ("noticed within
 * 3.6 s") adds this to its allowance: on a loaded CI machine a timer that our code set on time may
 * fire a second late (CPU starvation and GC pauses delay every timer of the process alike), and
 * the test must hold the code to its schedule, not the machine to its speed. Lower bounds need no
 * such allowance: timers never fire early.
 */
export function watchTimerLateness(): TimerLateness {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    maxMs: () => Math.round(histogram.max / 1e6),
    stop: () => { histogram.disable(); },
  };
}
