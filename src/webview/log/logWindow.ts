/**
 * Which slice of the log the virtual list scrolls through.
 *
 * The store may hold millions of rows. A virtual list's layout work grows with its row count each
 * time that count changes (and browsers cap how tall an element can be), so the list never spans the
 * whole log: it spans a window of at most `WINDOW_ROWS` rows. While following, the window sits on
 * the tail and keeps its size, so new messages cost the list nothing but re-rendering the visible
 * rows; while the user reads older rows, the window stays put and is moved (keeping the rows on
 * screen in place) when the viewport comes near one of its edges.
 */

/** Row `i` of the list shows the message at position `start + i` of the view (see `RowDto`). */
export interface LogWindow {
  readonly start: number;
  readonly count: number;
}

/** The positions the view shows: [firstPos, nextPos). */
export interface PosRange {
  readonly firstPos: number;
  readonly nextPos: number;
}

export const WINDOW_ROWS = 20_000;

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

const storedCount = (range: PosRange): number => Math.max(0, range.nextPos - range.firstPos);

/** The window that ends with the newest stored row. */
export function tailWindow(range: PosRange, size = WINDOW_ROWS): LogWindow {
  const count = Math.min(storedCount(range), size);
  return { start: range.nextPos - count, count };
}

/** The same window (the user is reading it) after the stored range moved: trimmed to what is stored, grown up to `size`. */
export function clampWindow(window: LogWindow, range: PosRange, size = WINDOW_ROWS): LogWindow {
  const count = Math.min(storedCount(range), size);
  const start = clamp(window.start, range.firstPos, range.nextPos - count);
  return start === window.start && count === window.count ? window : { start, count };
}

/**
 * Moves the window so that the viewport (rows `first..last` of the window) lands in its middle,
 * when the viewport is within a quarter window of an edge beyond which more rows are stored.
 */
export function recenterWindow(window: LogWindow, range: PosRange, first: number, last: number, size = WINDOW_ROWS): LogWindow {
  const margin = Math.floor(size / 4);
  const nearTop = first < margin && window.start > range.firstPos;
  const nearBottom = last >= window.count - margin && window.start + window.count < range.nextPos;
  if (!nearTop && !nearBottom) return window;
  const middlePos = window.start + Math.floor((first + last) / 2);
  const start = clamp(middlePos - Math.floor(window.count / 2), range.firstPos, range.nextPos - window.count);
  return start === window.start ? window : { start, count: window.count };
}
