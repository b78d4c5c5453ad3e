import { useEffect, useState } from 'preact/hooks';
import { markStartup } from './startupMarks';

/**
 * Most time a pane waits for the first frame: a page in the background gets no animation frames,
 * and its panes must not wait for it to be shown.
 */
const LONGEST_WAIT_MS = 500;

/**
 * False in the first render, true once the frame after it has been painted. The log renders its
 * list (with the snapshot's rows) first and mounts what is not needed to see them (the publish
 * panel, the filter bar's fields, the Topics pane) after: their toolkit elements are most of a
 * first render's work, and the rows are what the user opened the log for.
 */
export function useAfterFirstPaint(): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (): void => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
      markStartup('deferred');
      setAfter(true);
    };
    // An animation frame callback runs before its frame is painted; a task queued from it runs after.
    const frame = requestAnimationFrame(() => {
      clearTimeout(timer);
      timer = setTimeout(done, 0);
    });
    timer = setTimeout(done, LONGEST_WAIT_MS);
    return () => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
    };
  }, []);
  return after;
}
