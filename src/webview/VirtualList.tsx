import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { ComponentChild } from 'preact';
import { useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

export interface VirtualListProps {
  count: number;
  /**
   * What row 0 is (for the log: its seq). When it changes by `d` and the list does not stick to the
   * end, the scroll position moves by `d` rows so that the rows on screen stay where they are.
   */
  origin: number;
  rowHeight: number;
  /** Rows rendered above and below the visible ones. */
  overscan: number;
  /** Keep the last row in view as rows are added. */
  stickToEnd: boolean;
  /**
   * A row that stays on screen when the list gets shorter (the selected one, as the detail pane
   * opens under the list): if it was on screen before, the list scrolls just enough to keep it.
   */
  keepInView?: number | undefined;
  /** Put row `index` at the top; applied once per `token`. */
  scrollTo?: { index: number; token: number } | undefined;
  /** Renders row `index` at `top` px (the element must carry `key={index}`). */
  renderRow: (index: number, top: number) => ComponentChild;
  /** Rows `first..last` (overscan included) of `origin` are rendered; `visibleRows` fit on screen. */
  onRangeChange: (origin: number, first: number, last: number, visibleRows: number) => void;
  /** The user scrolled away from the end while the list stuck to it. */
  onLeaveEnd: () => void;
  /** The user scrolled to the end while the list did not stick to it. */
  onReachEnd: () => void;
  onKeyDown?: (event: KeyboardEvent) => void;
  class?: string;
  label: string;
}

/**
 * A vertical list with fixed row height that renders only the rows in view (plus overscan), built
 * on TanStack's framework-free `Virtualizer`. The DOM holds a spacer of the list's full height and
 * absolutely positioned rows; the work per frame depends on the viewport, not on `count`.
 */
export function VirtualList(props: VirtualListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options = {
    count: props.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => props.rowHeight,
    overscan: props.overscan,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    onChange: () => {
      rerender(0);
    },
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLDivElement, HTMLDivElement>(options));
  virtualizer.setOptions(options);

  const last = useRef({ origin: props.origin, scrollToken: undefined as number | undefined, report: '' });
  /** The offset this component last wrote, so that its own scroll events are not taken for the user's. */
  const written = useRef<number | undefined>(undefined);
  /** Set when this commit moved the scroll position: the rendered range is stale until the scroll event re-renders. */
  const moved = useRef(false);
  /** The viewport's height (as the virtualizer's resize observer last saw it) at the last commit. */
  const lastHeight = useRef<number | undefined>(undefined);
  const writeScrollTop = (el: HTMLElement, top: number): void => {
    const before = el.scrollTop;
    el.scrollTop = top;
    written.current = el.scrollTop;
    moved.current = Math.abs(el.scrollTop - before) >= 1;
  };

  // A jump: this render already shows the target's rows. The virtualizer would keep the old scroll
  // offset until the scroll event, render the rows there first and the target's one frame later
  // (in code-server, a second render of ~40 new rows that the page request for them waited behind).
  const jumpPending = props.scrollTo !== undefined && props.scrollTo.token !== last.current.scrollToken;
  if (jumpPending && props.scrollTo) virtualizer.scrollOffset = props.scrollTo.index * props.rowHeight;

  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });

  // Keep the viewport where it belongs after each render: on an explicit jump, at the end, or on the same rows.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const shift = props.origin - last.current.origin;
    last.current.origin = props.origin;
    const height = virtualizer.scrollRect?.height;
    const heightBefore = lastHeight.current;
    lastHeight.current = height;
    if (props.scrollTo && props.scrollTo.token !== last.current.scrollToken) {
      last.current.scrollToken = props.scrollTo.token;
      writeScrollTop(el, props.scrollTo.index * props.rowHeight);
      // The offset as the element took it (clamped at the end): its scroll event then brings the
      // virtualizer nothing new, and the range rendered above is the one on screen.
      virtualizer.scrollOffset = el.scrollTop;
      moved.current = false;
    } else if (props.stickToEnd) {
      const end = el.scrollHeight - el.clientHeight;
      if (Math.abs(el.scrollTop - end) >= 1) writeScrollTop(el, end);
    } else if (shift !== 0) {
      writeScrollTop(el, el.scrollTop - shift * props.rowHeight);
    } else if (props.keepInView !== undefined && height !== undefined && heightBefore !== undefined && height < heightBefore) {
      // Read only when the list got shorter: the offset is a layout read, the rest is arithmetic.
      const top = el.scrollTop;
      const rowTop = props.keepInView * props.rowHeight;
      const rowBottom = rowTop + props.rowHeight;
      const wasOnScreen = rowTop >= top && rowBottom <= top + heightBefore;
      if (wasOnScreen && rowBottom > top + height) writeScrollTop(el, rowBottom - height);
    }
  });

  const items = virtualizer.getVirtualItems();

  // Tell the owner what is rendered, once per change (not a range the scroll position just left).
  useLayoutEffect(() => {
    if (moved.current) {
      moved.current = false;
      return;
    }
    const el = scrollRef.current;
    const first = items[0]?.index ?? 0;
    const lastIndex = items[items.length - 1]?.index ?? -1;
    const visibleRows = el ? Math.max(1, Math.ceil(el.clientHeight / props.rowHeight)) : 0;
    const report = `${props.origin}:${first}:${lastIndex}:${visibleRows}`;
    if (report === last.current.report || visibleRows === 0) return;
    last.current.report = report;
    props.onRangeChange(props.origin, first, lastIndex, visibleRows);
  });

  // Scrolling up with the wheel stops following at once, before the scroll itself lands. Passive, so
  // that the compositor never waits for this page to scroll.
  const latest = useRef(props);
  latest.current = props;
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent): void => {
      if (e.deltaY < 0 && el.scrollTop > 0 && latest.current.stickToEnd) latest.current.onLeaveEnd();
    };
    el.addEventListener('wheel', onWheel, { passive: true });
    return () => {
      el.removeEventListener('wheel', onWheel);
    };
  }, []);

  const onScroll = (): void => {
    const el = scrollRef.current;
    if (!el) return;
    if (written.current !== undefined && Math.abs(el.scrollTop - written.current) < 1) {
      written.current = undefined;
      return;
    }
    written.current = undefined;
    const atEnd = el.scrollHeight - el.clientHeight - el.scrollTop < props.rowHeight / 2;
    if (props.stickToEnd && !atEnd) props.onLeaveEnd();
    else if (!props.stickToEnd && atEnd && props.count > 0) props.onReachEnd();
  };

  return (
    <div
      ref={scrollRef}
      class={`vlist ${props.class ?? ''}`}
      tabIndex={0}
      role="listbox"
      aria-label={props.label}
      // Registered before the virtualizer's own scroll listener (which re-renders), so that leaving
      // the end is known before that render could scroll back to it.
      onScroll={onScroll}
      onKeyDown={props.onKeyDown}
    >
      <div class="vlist-spacer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {items.map((item) => props.renderRow(item.index, item.start))}
      </div>
    </div>
  );
}
