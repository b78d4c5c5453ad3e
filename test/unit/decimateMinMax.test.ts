import { strict as assert } from 'node:assert';
import { decimateMinMax } from '../../src/webview/topics/decimateMinMax';

/** `n` points one second apart from t = 0, values from a seeded generator (so a failure repeats). */
function randomSeries(n: number, seed = 7): { t: Float64Array; v: Float64Array; size: number } {
  let s = seed;
  const next = (): number => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = i;
    v[i] = (next() - 0.5) * 1000;
  }
  return { t, v, size: n };
}

/** The column of time `x` of `columns` spanning `min..max`, as the decimation counts them. */
const columnOf = (x: number, min: number, max: number, columns: number): number => Math.min(columns - 1, Math.floor(((x - min) * columns) / (max - min)));

describe('decimateMinMax', function () {
  it('returns at most 2 × columns + 2 points of a 100,000-point series', function () {
    const points = randomSeries(100_000);
    assert.ok(decimateMinMax(points, 0, 99_999, 600).t.length <= 1202);
  });

  it('keeps the lowest and the highest value of every column', function () {
    const points = randomSeries(100_000);
    const columns = 600;
    const drawn = decimateMinMax(points, 0, 99_999, columns);
    const lost: string[] = [];
    const lo = new Array<number>(columns).fill(Infinity);
    const hi = new Array<number>(columns).fill(-Infinity);
    for (let i = 0; i < points.size; i++) {
      const c = columnOf(points.t[i]!, 0, 99_999, columns);
      lo[c] = Math.min(lo[c]!, points.v[i]!);
      hi[c] = Math.max(hi[c]!, points.v[i]!);
    }
    const kept = new Set(drawn.v);
    for (let c = 0; c < columns; c++) if (!kept.has(lo[c]!) || !kept.has(hi[c]!)) lost.push(`column ${c}`);
    assert.deepEqual(lost, []);
  });

  it('keeps a single spike among 100,000 flat points', function () {
    const points = randomSeries(100_000);
    points.v.fill(0);
    points.v[77_777] = 5e6;
    assert.ok(decimateMinMax(points, 0, 99_999, 300).v.includes(5e6));
  });

  it('draws the points in time order', function () {
    const { t } = decimateMinMax(randomSeries(50_000), 0, 49_999, 400);
    assert.ok(t.every((x, i) => i === 0 || x > t[i - 1]!));
  });

  it('starts with the first point and ends with the last of the series shown whole', function () {
    const points = randomSeries(10_000);
    const { t } = decimateMinMax(points, 0, 9_999, 100);
    assert.deepEqual([t[0], t.at(-1)], [0, 9_999]);
  });

  it('decimates only the zoomed range, with the point just before and just after it', function () {
    const { t } = decimateMinMax(randomSeries(100_000), 40_000.5, 60_000.5, 500);
    assert.deepEqual([t[0], t[1]! >= 40_000.5, t.at(-2)! <= 60_000.5, t.at(-1)], [40_000, true, true, 60_001]);
  });

  it('returns a range of few points as it is', function () {
    const points = randomSeries(100);
    assert.deepEqual(decimateMinMax(points, 0, 99, 600).v, [...points.v]);
  });
});
