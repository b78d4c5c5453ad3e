import { useRef } from 'preact/hooks';
import { clampPaneSize } from './paneLayout';
import type { PaneOrientation } from './usePaneOrientation';

/** One arrow key press moves a splitter by this share of the area; with Shift, by four times as much. */
const KEY_STEP = 0.02;

export interface SplitterProps {
  /** How the panes around it stand: side by side ('row', the splitter is a vertical bar) or stacked. */
  orientation: PaneOrientation;
  /** The share (0..1) of the pane it sizes. */
  size: number;
  /**
   * The sized pane is before the splitter (left or above): dragging towards the end grows it. A pane
   * after the splitter (the detail pane) grows when dragged towards the start.
   */
  paneBefore: boolean;
  onSize: (size: number) => void;
  /** Collapses the pane (Enter, or a double click): it comes back from its toggle. */
  onCollapse: () => void;
  /** What the pane is, for a screen reader: "Resize the Topics pane". */
  label: string;
  testId: string;
}

/**
 * A drag handle between two panes, a focusable ARIA `separator` with its value, moved with the
 * pointer or the arrow keys (Home and End to the smallest and largest size). The area's size is
 * read once when a drag starts, not per move.
 */
export function Splitter({ orientation, size, paneBefore, onSize, onCollapse, label, testId }: SplitterProps) {
  const drag = useRef<{ start: number; size: number; extent: number } | undefined>(undefined);
  const row = orientation === 'row';
  const sign = paneBefore ? 1 : -1;
  return (
    <div
      class={`splitter ${row ? 'vertical' : 'horizontal'}`}
      role="separator"
      tabIndex={0}
      aria-label={label}
      // A separator's orientation is that of the bar: side by side panes have a vertical one.
      aria-orientation={row ? 'vertical' : 'horizontal'}
      aria-valuemin={10}
      aria-valuemax={60}
      aria-valuenow={Math.round(size * 100)}
      data-testid={testId}
      onPointerDown={(e) => {
        const area = (e.currentTarget as HTMLElement).parentElement;
        if (!area) return;
        const rect = area.getBoundingClientRect();
        drag.current = { start: row ? e.clientX : e.clientY, size, extent: row ? rect.width : rect.height };
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        e.preventDefault();
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d || d.extent <= 0) return;
        const moved = (row ? e.clientX : e.clientY) - d.start;
        onSize(clampPaneSize(d.size + (sign * moved) / d.extent));
      }}
      onPointerUp={(e) => {
        drag.current = undefined;
        (e.currentTarget as HTMLElement).releasePointerCapture(e.pointerId);
      }}
      onDblClick={onCollapse}
      onKeyDown={(e) => {
        const step = e.shiftKey ? KEY_STEP * 4 : KEY_STEP;
        const grow = row ? (paneBefore ? 'ArrowRight' : 'ArrowLeft') : paneBefore ? 'ArrowDown' : 'ArrowUp';
        const shrink = row ? (paneBefore ? 'ArrowLeft' : 'ArrowRight') : paneBefore ? 'ArrowUp' : 'ArrowDown';
        if (e.key === grow) onSize(clampPaneSize(size + step));
        else if (e.key === shrink) onSize(clampPaneSize(size - step));
        else if (e.key === 'Home') onSize(clampPaneSize(0));
        else if (e.key === 'End') onSize(clampPaneSize(1));
        else if (e.key === 'Enter') onCollapse();
        else return;
        e.preventDefault();
      }}
    />
  );
}
