import { useLayoutEffect, useRef } from 'preact/hooks';
import type { LogStore } from './logStore';
import { LogOverview } from './LogOverview';
import { LogRow, MissingLogRow } from './LogRow';
import { PausedBanner } from './PausedBanner';
import type { UiStateStore } from './uiStateStore';
import { sameItems, useLogStore } from './useLogStore';
import { VirtualList } from '../virtualList/VirtualList';

/** Must match `--row-height` in log.css. */
export const ROW_HEIGHT = 22;
/** Rows rendered above and below the screen while the user reads older rows, ready for the next scroll. */
const OVERSCAN = 10;
/**
 * The same while following the tail. Nothing lies below the newest row, and every tail post replaces
 * every rendered row, so rows kept above the screen cost each post their text layout and style
 * without being seen. Scrolling up stops following and renders the full overscan from the rows the
 * tail already brought (the host sends `OVERSCAN` more than fit); these few only cover that scroll's
 * first frame.
 */
const FOLLOWING_OVERSCAN = 3;

export interface LogListProps {
  store: LogStore;
  ui: UiStateStore;
}

/** What the list shows: it renders again when one of these changes (a counters-only post changes none while paused). */
function listSlice(s: LogStore): unknown[] {
  const empty = s.loaded && s.shown === 0;
  return [s.window, s.loaded, empty, s.filter, s.selectedPos, s.following, s.scrollTarget, s.rowsVersion, empty ? s.counters.filtering : undefined, empty ? s.counters.stored : undefined];
}

/**
 * Keeps the rows' box a whole number of rows high (`--whole-rows-height` on the list, read by
 * log.css). The list scrolls from its end, so the newest row sits on the bottom edge and the spare
 * pixels of a height that is not a multiple of the row height fell at the top, where the topmost
 * row showed half hidden under the column titles. Written straight to the style on resize: no
 * render, and the list's own height does not depend on it (it fills what the layout gives it).
 */
function useWholeRows(ref: { current: HTMLElement | null }): void {
  useLayoutEffect(() => {
    const section = ref.current;
    if (!section) return undefined;
    const fit = (): void => {
      const columns = section.querySelector<HTMLElement>('.log-columns')?.offsetHeight ?? 0;
      const room = section.clientHeight - columns;
      const rows = Math.max(1, Math.floor(room / ROW_HEIGHT));
      section.style.setProperty('--whole-rows-height', `${rows * ROW_HEIGHT}px`);
    };
    // The observer's first report comes after the first layout: reading the heights now would
    // force a layout of the whole page (in code-server, of the workbench around it too).
    const observer = new ResizeObserver(fit);
    observer.observe(section);
    return () => {
      observer.disconnect();
    };
  }, [ref]);
}

/** The message log: column titles over a virtual list of the store's window. */
export function LogList({ store, ui }: LogListProps) {
  useLogStore(store, listSlice, sameItems);
  const window = store.window;
  const empty = store.loaded && store.shown === 0;
  const filtered = store.filter !== null;
  const selected = store.selectedPos === undefined ? undefined : store.selectedPos - window.start;
  const sectionRef = useRef<HTMLElement>(null);
  useWholeRows(sectionRef);
  return (
    <section
      ref={sectionRef}
      class="log-list"
      aria-label="Messages"
      data-testid="log-list"
      onClick={(e) => {
        // One delegated handler rather than a closure per row: a click selects and opens the detail.
        const row = (e.target as Element | null)?.closest<HTMLElement>('.log-row[data-pos]');
        if (row?.dataset.pos !== undefined) store.select(Number(row.dataset.pos), true);
      }}
    >
      <div class="log-columns" aria-hidden="true">
        <span class="time">Time</span>{' '}
        <span class="topic">Topic</span>{' '}
        <span class="qos" title="Quality of service">QoS</span>{' '}
        <span class="retain" title="Flags: R retained, D duplicate (redelivery)">R/D</span>{' '}
        <span class="payload">Payload</span>
      </div>
      <VirtualList
        class="log-rows"
        label="Received messages"
        count={window.count}
        origin={window.start}
        rowHeight={ROW_HEIGHT}
        overscan={store.following ? FOLLOWING_OVERSCAN : OVERSCAN}
        stickToEnd={store.following}
        // The window's height, which the list never exceeds: the first rows are in the first frame.
        initialHeight={globalThis.innerHeight}
        keepInView={selected !== undefined && selected >= 0 && selected < window.count ? selected : undefined}
        scrollTo={store.scrollTarget}
        renderRow={(index, top) => {
          const pos = window.start + index;
          const row = store.row(pos);
          // Keyed by position: as the window moves on with the tail, a row already on screen keeps
          // its element and is only moved, and its cells are not rendered again.
          return row ? (
            <LogRow key={pos} row={row} top={top} selected={pos === store.selectedPos} filter={store.filter} />
          ) : (
            <MissingLogRow key={`missing ${pos}`} pos={pos} state={store.missingRowState(pos)} top={top} />
          );
        }}
        onRangeChange={(origin, first, last, visibleRows) => {
          store.setViewport(window.start === origin ? window : { start: origin, count: window.count }, first, last, visibleRows);
          if (!store.following) ui.update({ topPos: origin + (first === 0 ? 0 : first + OVERSCAN) });
        }}
        onLeaveEnd={() => {
          store.setFollowing(false);
        }}
        onReachEnd={() => {
          store.followIfAtTail();
        }}
        onKeyDown={(e) => {
          if (e.key === 'End') store.setFollowing(true);
          else if (e.key === 'Home') store.jumpTo(store.counters.firstPos);
          else if (e.key === 'ArrowDown') store.moveSelection(1);
          else if (e.key === 'ArrowUp') store.moveSelection(-1);
          else if (e.key === 'PageDown') store.moveSelection(store.pageSize);
          else if (e.key === 'PageUp') store.moveSelection(-store.pageSize);
          else if (e.key === 'Enter') store.setDetailOpen(true);
          else if (e.key === 'Escape') store.setDetailOpen(false);
          else return;
          e.preventDefault();
        }}
      />
      <LogOverview store={store} />
      <PausedBanner store={store} />
      {!store.loaded && <p class="log-empty">Waiting for the extension…</p>}
      {empty && !filtered && <p class="log-empty">No messages yet. Messages received on this connection's subscriptions appear here.</p>}
      {empty && filtered && (
        <p class="log-empty" data-testid="filter-empty">
          {store.counters.filtering ? 'Filtering…' : `No message matches the filter (${store.counters.stored.toLocaleString('en-US')} stored).`}
        </p>
      )}
    </section>
  );
}
