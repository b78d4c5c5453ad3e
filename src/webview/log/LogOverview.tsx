import { useRef } from 'preact/hooks';
import type { LogStore } from './logStore';
import { sameItems, useLogStore } from './useLogStore';

/** What the track shows: nothing while the whole log fits the list's window. */
function overviewSlice(s: LogStore): unknown[] {
  const { firstPos, nextPos } = s.counters;
  if (nextPos - firstPos <= s.windowSize) return [];
  const screen = s.onScreen;
  return [firstPos, nextPos, screen?.first, screen?.rows];
}

/**
 * A track beside the list standing for the whole log, for logs longer than the rows the list spans
 * at once (see logWindow.ts): its thumb shows where the screen is among every shown message, and
 * a click or drag jumps anywhere, as a native scrollbar would over a million rows.
 */
export function LogOverview({ store }: { store: LogStore }) {
  useLogStore(store, overviewSlice, sameItems);
  const track = useRef<HTMLDivElement>(null);
  const frame = useRef<number | undefined>(undefined);
  const { firstPos, nextPos } = store.counters;
  const shown = nextPos - firstPos;
  if (shown <= store.windowSize) return null;

  const screen = store.onScreen;
  const top = screen ? (screen.first - firstPos) / shown : 1;
  const height = Math.max((screen?.rows ?? 1) / shown, 0.01);

  /**
   * Jumps so that the row under the pointer is at the top: at once for a press, at most once per
   * frame while dragging.
   */
  const jump = (clientY: number, now = false): void => {
    const el = track.current;
    if (!el) return;
    const box = el.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (clientY - box.top) / Math.max(1, box.height)));
    // The track's last pixels stand for the tail (one pixel may be thousands of rows).
    const atEnd = clientY >= box.bottom - 3;
    const go = (): void => {
      frame.current = undefined;
      const pos = firstPos + Math.floor(fraction * shown);
      if (atEnd || pos >= nextPos - (store.onScreen?.rows ?? 1)) store.setFollowing(true);
      else store.jumpTo(pos);
    };
    if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    if (now) go();
    else frame.current = requestAnimationFrame(go);
  };

  return (
    <div
      ref={track}
      class="log-overview"
      role="scrollbar"
      aria-label="Position in the whole log"
      aria-orientation="vertical"
      aria-valuemin={firstPos}
      aria-valuemax={nextPos - 1}
      aria-valuenow={screen?.first ?? nextPos - 1}
      data-testid="log-overview"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        jump(e.clientY, true);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) jump(e.clientY);
      }}
    >
      <div class="log-overview-thumb" style={{ top: `${(Math.min(top, 1 - height) * 100).toFixed(3)}%`, height: `${(height * 100).toFixed(3)}%` }} />
    </div>
  );
}
