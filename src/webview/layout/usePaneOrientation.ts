import { useLayoutEffect, useState, type MutableRef } from 'preact/hooks';

export type PaneOrientation = 'row' | 'column';

/**
 * Panes stand side by side when their area is at least this wide: below it a log row beside a tree
 * and a detail pane would show too little of its payload, so they stack instead.
 */
export const SIDE_BY_SIDE_MIN_WIDTH = 900;

/**
 * Whether the element's panes stand side by side ('row') or stacked ('column'), from its width as a
 * ResizeObserver reports it: the observer hands over the size it already computed, so this reads no
 * layout of its own (a layout read in a code-server webview first lays out the whole workbench).
 */
export function usePaneOrientation(ref: MutableRef<HTMLElement | null>): PaneOrientation {
  const [orientation, setOrientation] = useState<PaneOrientation>('row');
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const observer = new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width ?? 0;
      setOrientation(width >= SIDE_BY_SIDE_MIN_WIDTH ? 'row' : 'column');
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
    };
  }, [ref]);
  return orientation;
}
