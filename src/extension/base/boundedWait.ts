/** How a bounded wait ended: the work settled in time, or the limit passed first. */
export type BoundedWaitOutcome = 'settled' | 'timedOut';

export interface BoundedWaitOptions {
  /** After this long, `onSlow` is called (once): time to show the user that something is going on. */
  slowAfterMs: number;
  /** The wait gives up after this long (the work itself goes on). */
  limitMs: number;
  /** Called when the work is slow, with a promise that settles when the wait ends (to hang a progress indicator on). */
  onSlow?: (ended: Promise<void>) => void;
}

/**
 * Waits for `work`, but at most `limitMs`. A command that must wait for something (the first read
 * of the profiles) waits here, so that it can neither hang forever nor act too early; `onSlow`
 * lets it show progress only when the wait is long enough to be noticed. Rejects with the work's
 * error when the work fails in time.
 */
export function boundedWait(work: Promise<unknown>, options: BoundedWaitOptions): Promise<BoundedWaitOutcome> {
  let endWait!: () => void;
  const ended = new Promise<void>((resolve) => (endWait = resolve));
  const slowTimer = setTimeout(() => options.onSlow?.(ended), options.slowAfterMs);
  let limitTimer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<BoundedWaitOutcome>((resolve) => (limitTimer = setTimeout(() => { resolve('timedOut'); }, options.limitMs)));
  return Promise.race([work.then((): BoundedWaitOutcome => 'settled'), limit]).finally(() => {
    clearTimeout(slowTimer);
    clearTimeout(limitTimer);
    endWait();
  });
}
