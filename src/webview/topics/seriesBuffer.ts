import uPlot from 'uplot';
import { MAX_SERIES_POINTS, type SeriesPoints } from '../../shared/topics/topicsProtocol';

/**
 * The points of the chart's fields, as uPlot wants them: x in seconds, one array per field. Arriving
 * points are appended in place (uPlot draws from the same arrays, no copy per update); past
 * `MAX_SERIES_POINTS` the oldest go, in batches, so dropping is not a copy per point either.
 */
export class SeriesBuffer {
  private readonly series = new Map<string, { t: number[]; v: number[]; lastSeq: number }>();

  constructor(readonly pointers: readonly string[]) {
    for (const p of pointers) this.series.set(p, { t: [], v: [], lastSeq: 0 });
  }

  /** Adds points of one field (stored ones first, then arriving ones); points already held are skipped by seq. */
  add(points: SeriesPoints): boolean {
    const s = this.series.get(points.pointer);
    if (!s || points.lastSeq <= s.lastSeq) return false;
    let last = s.t.at(-1) ?? -Infinity;
    points.t.forEach((ms, i) => {
      const t = ms / 1000;
      const v = points.v[i];
      // Out-of-order times (a clock step on the host) would make uPlot draw lines backwards.
      if (v === undefined || t < last) return;
      s.t.push(t);
      s.v.push(v);
      last = t;
    });
    s.lastSeq = points.lastSeq;
    const over = s.t.length - MAX_SERIES_POINTS;
    if (over > MAX_SERIES_POINTS / 8) {
      s.t.splice(0, over);
      s.v.splice(0, over);
    }
    return true;
  }

  lastSeq(pointer: string): number {
    return this.series.get(pointer)?.lastSeq ?? 0;
  }

  get size(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.t.length;
    return n;
  }

  /** The data for uPlot: one field as its own arrays; several joined on their times (gaps where a message lacked a field). */
  aligned(): uPlot.AlignedData {
    const all = this.pointers.map((p) => this.series.get(p) ?? { t: [], v: [] });
    const [only] = all;
    if (all.length === 1 && only) return [only.t, only.v];
    return uPlot.join(all.map((s) => [s.t, s.v] as uPlot.AlignedData));
  }
}
