/** Points as a chart series holds them: ascending times and their values, the first `size` of each. */
export interface SortedPoints {
  readonly t: ArrayLike<number>;
  readonly v: ArrayLike<number>;
  readonly size: number;
}

/** The first index whose time is ≥ `x` (`size` when none is). */
export function lowerBound(t: ArrayLike<number>, size: number, x: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t[mid] ?? Infinity) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose time is > `x` (`size` when none is). */
function upperBound(t: ArrayLike<number>, size: number, x: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t[mid] ?? Infinity) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The points to draw of a series on `columns` pixel columns spanning `min..max`: per column its
 * lowest and its highest point, in time order, so a one-point spike or dip is never lost (the M4
 * idea, less the first and last of each column, which a line at pixel width does not need); plus
 * the last point before the range and the first after it, so the line runs to the plot's edges.
 * At most 2 × columns + 2 points whatever the series holds; a range with that few points is
 * returned as it is.
 *
 * uPlot's own line path does the same min/max per pixel while it draws, but over every point of the
 * range, on every redraw, after scanning them all again for the y range: this hands it the few.
 */
export function decimateMinMax(points: SortedPoints, min: number, max: number, columns: number): { t: number[]; v: number[] } {
  const { t, v, size } = points;
  const first = Math.max(0, lowerBound(t, size, min) - 1);
  const end = Math.min(size, upperBound(t, size, max) + 1);
  const cols = Math.max(1, Math.floor(columns));
  const outT: number[] = [];
  const outV: number[] = [];
  const push = (i: number): void => {
    outT.push(t[i] ?? NaN);
    outV.push(v[i] ?? NaN);
  };
  if (end - first <= 2 * cols + 2 || !(max > min)) {
    for (let i = first; i < end; i++) push(i);
    return { t: outT, v: outV };
  }
  const perSecond = cols / (max - min);
  let column = -2;
  let lo = -1;
  let hi = -1;
  const flush = (): void => {
    if (lo < 0) return;
    if (lo === hi) push(lo);
    else if (lo < hi) {
      push(lo);
      push(hi);
    } else {
      push(hi);
      push(lo);
    }
  };
  for (let i = first; i < end; i++) {
    const x = t[i] ?? NaN;
    // The first and last points (those just outside the range, or the range's own ends) are columns
    // of their own, so the line starts and ends where the series does.
    const c = i === first || x < min ? -1 : i === end - 1 || x > max ? cols : Math.min(cols - 1, Math.floor((x - min) * perSecond));
    const y = v[i] ?? NaN;
    if (c !== column) {
      flush();
      column = c;
      lo = i;
      hi = i;
    } else if (y < (v[lo] ?? NaN)) lo = i;
    else if (y > (v[hi] ?? NaN)) hi = i;
  }
  flush();
  return { t: outT, v: outV };
}
