import uPlot from 'uplot';
import { MAX_SERIES_POINTS, type SeriesPoints } from '../../shared/topics/topicsProtocol';
import { decimateMinMax, lowerBound } from './decimateMinMax';

/** One field's points: times in seconds (ascending) and values, the first `size` of each array. */
export interface FieldPoints {
  t: Float64Array;
  v: Float64Array;
  size: number;
}

interface Field extends FieldPoints {
  lastSeq: number;
}

const FIRST_CAPACITY = 1024;

/**
 * The points of the chart's fields, x in seconds. Arriving points are appended in place into typed
 * arrays that grow by doubling, so an arrival costs its own points, never a copy of the series.
 * Past `bound` points the oldest go, in batches of a quarter of the bound (one `copyWithin` per
 * batch), so dropping is not a copy per point either.
 *
 * What uPlot draws is `drawn()`: each field decimated to the min and max of each pixel column of the
 * range shown, so drawing costs the chart's width, not the number of points. The exact points stay
 * here for the legend (`nearest`).
 */
export class SeriesBuffer {
  private readonly series = new Map<string, Field>();

  constructor(
    readonly pointers: readonly string[],
    private readonly bound = MAX_SERIES_POINTS,
  ) {
    for (const p of pointers) this.series.set(p, { t: new Float64Array(FIRST_CAPACITY), v: new Float64Array(FIRST_CAPACITY), size: 0, lastSeq: 0 });
  }

  /** Adds points of one field (stored ones first, then arriving ones); points already held are skipped by seq. */
  add(points: SeriesPoints): boolean {
    const s = this.series.get(points.pointer);
    if (!s || points.lastSeq <= s.lastSeq) return false;
    this.reserve(s, points.t.length);
    let last = s.size > 0 ? (s.t[s.size - 1] ?? -Infinity) : -Infinity;
    let n = s.size;
    for (let i = 0; i < points.t.length; i++) {
      const t = (points.t[i] ?? NaN) / 1000;
      const v = points.v[i];
      // Out-of-order times (a clock step on the host) would make uPlot draw lines backwards.
      if (v === undefined || !(t >= last)) continue;
      s.t[n] = t;
      s.v[n] = v;
      n++;
      last = t;
    }
    s.size = n;
    s.lastSeq = points.lastSeq;
    return true;
  }

  lastSeq(pointer: string): number {
    return this.series.get(pointer)?.lastSeq ?? 0;
  }

  /** Points held, all fields together. */
  get size(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.size;
    return n;
  }

  /** The points of one field (views of the live arrays: read them before the next `add`). */
  field(pointer: string): FieldPoints | undefined {
    return this.series.get(pointer);
  }

  /** The time span of every field's points, in seconds; undefined while there are none. */
  span(): { min: number; max: number } | undefined {
    let min = Infinity;
    let max = -Infinity;
    for (const s of this.series.values()) {
      if (s.size === 0) continue;
      min = Math.min(min, s.t[0] ?? Infinity);
      max = Math.max(max, s.t[s.size - 1] ?? -Infinity);
    }
    return min <= max ? { min, max } : undefined;
  }

  /**
   * What uPlot draws for the x range `min..max` on `columns` pixel columns: per field the min and
   * max point of each column (and the points just outside the range, so the line reaches the
   * edges); several fields joined on their times, with gaps where a field has no point.
   */
  drawn(min: number, max: number, columns: number): uPlot.AlignedData {
    const parts = this.pointers.map((p) => {
      const s = this.series.get(p);
      return s ? decimateMinMax(s, min, max, columns) : { t: [], v: [] };
    });
    const [only] = parts;
    if (parts.length === 1 && only) return [only.t, only.v];
    return uPlot.join(parts.map((d) => [d.t, d.v] as uPlot.AlignedData));
  }

  /** The point of `pointer` whose time is nearest `x` (seconds), exactly as received; undefined when it has none. */
  nearest(pointer: string, x: number): { t: number; v: number } | undefined {
    const s = this.series.get(pointer);
    if (!s || s.size === 0) return undefined;
    const i = lowerBound(s.t, s.size, x);
    const after = Math.min(i, s.size - 1);
    const before = Math.max(0, i - 1);
    const at = Math.abs((s.t[before] ?? Infinity) - x) <= Math.abs((s.t[after] ?? Infinity) - x) ? before : after;
    return { t: s.t[at] ?? NaN, v: s.v[at] ?? NaN };
  }

  /** Room for `more` points: drop the oldest past the bound, grow by doubling below it. */
  private reserve(s: Field, more: number): void {
    if (s.size + more > this.bound) {
      // Keep three quarters of the bound (or fewer when this batch alone is larger), so the next
      // drop is a quarter of the bound away.
      const keep = Math.max(0, Math.min(s.size, Math.floor((this.bound * 3) / 4), this.bound - more));
      s.t.copyWithin(0, s.size - keep, s.size);
      s.v.copyWithin(0, s.size - keep, s.size);
      s.size = keep;
    }
    const need = s.size + more;
    if (need <= s.t.length) return;
    let capacity = s.t.length;
    while (capacity < need) capacity *= 2;
    const t = new Float64Array(capacity);
    const v = new Float64Array(capacity);
    t.set(s.t.subarray(0, s.size));
    v.set(s.v.subarray(0, s.size));
    s.t = t;
    s.v = v;
  }
}
