import { useLayoutEffect, useReducer } from 'preact/hooks';
import type { LogStore } from './logStore';

/** Re-renders the calling component whenever the store changes (subscribed from the first commit on), and returns the store. */
export function useLogStore(store: LogStore): LogStore {
  const [, changed] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(
    () =>
      store.subscribe(() => {
        changed(0);
      }),
    [store],
  );
  return store;
}
