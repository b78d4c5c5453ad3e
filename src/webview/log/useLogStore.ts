import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import type { LogStore } from './logStore';

/**
 * The slice of the store that `select` picks, and a re-render of the calling component when that
 * slice changes (judged by `equal`; subscribed from the first commit on). A store change that leaves
 * the slice as it was renders nothing: a tail post that moves only the counters does not touch the
 * publish panel, the filter bar or the detail pane.
 */
export function useLogStore<T>(store: LogStore, select: (store: LogStore) => T, equal: (a: T, b: T) => boolean = Object.is): T {
  const [, changed] = useReducer((n: number) => n + 1, 0);
  const selected = select(store);
  // What this render selected, and how, for the listener (which outlives the render).
  const latest = useRef({ select, equal, selected });
  latest.current = { select, equal, selected };
  useLayoutEffect(
    () =>
      store.subscribe(() => {
        const last = latest.current;
        if (!last.equal(last.selected, last.select(store))) changed(0);
      }),
    [store],
  );
  return selected;
}

/** Equality of two slices given as arrays: the same length and the same items (`Object.is`), in order. */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
