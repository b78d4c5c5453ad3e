import { elementScroll, Virtualizer } from '@tanstack/virtual-core';
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
  /** Renders row `index` at `top` px (the element must carry a key unique in the list, such as what it shows). */
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
  /** The list's ARIA role: a `listbox` (the log) or a `tree` (the Topics pane). */
  role?: 'listbox' | 'tree';
  /** The id of the row the keyboard is on, for a list that keeps focus itself (`aria-activedescendant`). */
  activeDescendant?: string | undefined;
  /**
   * The viewport's height (px) to render the first rows for, before the resize observer has
   * measured it (at least as tall as the list will be, such as the window's): rows in the first
   * frame, and no layout read to get there.
   */
  initialHeight?: number;
}

/**
 * The viewport's size from a ResizeObserver alone. TanStack's `observeElementRect` also reads
 * `getBoundingClientRect()` as the list mounts, which forces a layout of the whole page (in
 * code-server, of the workbench around the webview too) in the middle of the first render; the
 * observer's first report comes after that layout, before the frame is painted.
 */
function observeRectAfterLayout(instance: Virtualizer<HTMLDivElement, HTMLDivElement>, cb: (rect: { width: number; height: number }) => void): (() => void) | undefined {
  const el = instance.scrollElement;
  if (!el) return undefined;
  const observer = new ResizeObserver((entries) => {
    const box = entries[0]?.borderBoxSize[0];
    if (box) cb({ width: Math.round(box.inlineSize), height: Math.round(box.blockSize) });
  });
  observer.observe(el, { box: 'border-box' });
  return () => {
    observer.disconnect();
  };
}

/**
 * The virtualizer's offsets (0 with the first row at the top) for a list scrolled from its end: the
 * list is a `column-reverse` scroller, whose `scrollTop` is 0 at the bottom and negative above it.
 */
function observeOffsetFromTop(instance: Virtualizer<HTMLDivElement, HTMLDivElement>, cb: (offset: number, isScrolling: boolean) => void): (() => void) | undefined {
  const el = instance.scrollElement;
  if (!el) return undefined;
  const report = (isScrolling: boolean) => (): void => {
    cb(el.scrollTop + el.scrollHeight - el.clientHeight, isScrolling);
  };
  const scrolling = report(true);
  const ended = report(false);
  el.addEventListener('scroll', scrolling, { passive: true });
  el.addEventListener('scrollend', ended, { passive: true });
  return () => {
    el.removeEventListener('scroll', scrolling);
    el.removeEventListener('scrollend', ended);
  };
}

/**
 * A vertical list with fixed row height that renders only the rows in view (plus overscan), built
 * on TanStack's framework-free `Virtualizer`. The DOM holds a spacer of the list's full height and
 * absolutely positioned rows; the work per frame depends on the viewport, not on `count`.
 *
 * The list scrolls from its end (`column-reverse`, see log.css): rows added at the end leave a list
 * at the end where it is, with no script. So following the tail writes no scroll position and reads
 * no layout: in code-server the webview is a frame of the workbench's page, and a layout read in it
 * first lays out the whole workbench. Every other position (reading older rows, a jump) is kept by
 * writing `scrollTop` when it has to change, computed from the row count and the viewport's height
 * as the virtualizer's resize observer reports it.
 */
export function VirtualList(props: VirtualListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  /** The resize observer has measured the viewport: until then the range is not reported. */
  const measured = useRef(false);
  const options = {
    count: props.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => props.rowHeight,
    overscan: props.overscan,
    scrollToFn: elementScroll,
    initialRect: { width: 0, height: props.initialHeight ?? 0 },
    observeElementRect: (instance: Virtualizer<HTMLDivElement, HTMLDivElement>, cb: (rect: { width: number; height: number }) => void) =>
      observeRectAfterLayout(instance, (rect) => {
        measured.current = true;
        cb(rect);
        // Render again even when the rows stay the same: the range is reported once measured.
        rerender(0);
      }),
    observeElementOffset: observeOffsetFromTop,
    onChange: () => {
      rerender(0);
    },
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLDivElement, HTMLDivElement>(options));
  virtualizer.setOptions(options);

  const last = useRef({ origin: props.origin, scrollToken: undefined as number | undefined, report: '', height: undefined as number | undefined });
  /** The element's `scrollTop` (0 at the end, negative above), as its scroll events and this component's writes left it. */
  const scrollTop = useRef(0);
  /** The `scrollTop` this component last wrote, so that its own scroll events are not taken for the user's. */
  const written = useRef<number | undefined>(undefined);

  // Where the viewport's top belongs in this render (0: the first row at the top), set before the
  // virtualizer computes the range, so that the rows rendered are the ones that will be on screen.
  const height = virtualizer.scrollRect?.height ?? props.initialHeight ?? 0;
  const maxOffset = Math.max(0, virtualizer.getTotalSize() - height);
  const clampOffset = (offset: number): number => Math.max(0, Math.min(maxOffset, offset));
  const jump = props.scrollTo !== undefined && props.scrollTo.token !== last.current.scrollToken ? props.scrollTo : undefined;
  let offset: number;
  if (jump) offset = clampOffset(jump.index * props.rowHeight);
  else if (props.stickToEnd) offset = maxOffset;
  else {
    // Reading: the same rows stay on screen when the window moves by `shift` rows...
    offset = (virtualizer.scrollOffset ?? 0) - (props.origin - last.current.origin) * props.rowHeight;
    // ...and, when the list gets shorter (the detail pane opens), so does the row to keep in view.
    const before = last.current.height;
    if (props.keepInView !== undefined && before !== undefined && height < before) {
      const rowTop = props.keepInView * props.rowHeight;
      const rowBottom = rowTop + props.rowHeight;
      if (rowTop >= offset && rowBottom <= offset + before && rowBottom > offset + height) offset = rowBottom - height;
    }
    offset = clampOffset(offset);
  }
  virtualizer.scrollOffset = offset;

  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });

  // Put the element where this render placed the viewport. While following that is the end, where a
  // list scrolled from its end already is: nothing to write, nothing to read.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    last.current.origin = props.origin;
    last.current.height = height;
    if (jump) last.current.scrollToken = jump.token;
    const top = offset - maxOffset;
    if (Math.abs(scrollTop.current - top) < 1) return;
    el.scrollTop = top;
    scrollTop.current = el.scrollTop;
    written.current = scrollTop.current;
  });

  const items = virtualizer.getVirtualItems();

  // Tell the owner what is rendered, once per change.
  useLayoutEffect(() => {
    const first = items[0]?.index ?? 0;
    const lastIndex = items[items.length - 1]?.index ?? -1;
    // Nothing to tell before the resize observer has measured the viewport.
    const visibleRows = height > 0 ? Math.ceil(height / props.rowHeight) : 0;
    const report = `${props.origin}:${first}:${lastIndex}:${visibleRows}`;
    if (report === last.current.report || visibleRows === 0 || !measured.current) return;
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
      if (e.deltaY < 0 && latest.current.stickToEnd && -el.scrollTop < el.scrollHeight - el.clientHeight) latest.current.onLeaveEnd();
    };
    el.addEventListener('wheel', onWheel, { passive: true });
    return () => {
      el.removeEventListener('wheel', onWheel);
    };
  }, []);

  const onScroll = (): void => {
    const el = scrollRef.current;
    if (!el) return;
    const top = el.scrollTop;
    scrollTop.current = top;
    if (written.current !== undefined && Math.abs(top - written.current) < 1) {
      written.current = undefined;
      return;
    }
    written.current = undefined;
    const atEnd = -top < props.rowHeight / 2;
    if (props.stickToEnd && !atEnd) props.onLeaveEnd();
    else if (!props.stickToEnd && atEnd && props.count > 0) props.onReachEnd();
  };

  return (
    <div
      ref={scrollRef}
      class={`vlist ${props.class ?? ''}`}
      tabIndex={0}
      role={props.role ?? 'listbox'}
      aria-label={props.label}
      aria-activedescendant={props.activeDescendant}
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
