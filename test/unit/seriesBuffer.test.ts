import { strict as assert } from 'node:assert';
import type { SeriesPoints } from '../../src/shared/topics/topicsProtocol';
import { SeriesBuffer } from '../../src/webview/topics/seriesBuffer';

/** `n` points of field `/v`, one a second from second `from`, each value its second; seqs end at `lastSeq`. */
function points(from: number, n: number, lastSeq: number): SeriesPoints {
  const t = Array.from({ length: n }, (_, i) => (from + i) * 1000);
  return { topic: 'a', pointer: '/v', t, v: t.map((ms) => ms / 1000), lastSeq };
}

const held = (buffer: SeriesBuffer): number[] => {
  const f = buffer.field('/v')!;
  return [...f.v.subarray(0, f.size)];
};

describe('SeriesBuffer', function () {
  it('keeps every point appended across its growth, in order', function () {
    const buffer = new SeriesBuffer(['/v']);
    for (let k = 0; k < 50; k++) buffer.add(points(k * 100, 100, k + 1));
    assert.deepEqual(held(buffer), Array.from({ length: 5000 }, (_, i) => i));
  });

  it('skips points whose seq it already holds', function () {
    const buffer = new SeriesBuffer(['/v']);
    buffer.add(points(0, 10, 10));
    assert.equal(buffer.add(points(0, 10, 10)), false);
  });

  it('skips a point older than the last one held', function () {
    const buffer = new SeriesBuffer(['/v']);
    buffer.add(points(10, 1, 1));
    buffer.add(points(5, 1, 2));
    assert.deepEqual(held(buffer), [10]);
  });

  it('drops the oldest points past its bound and keeps the newest', function () {
    const buffer = new SeriesBuffer(['/v'], 1000);
    for (let k = 0; k < 30; k++) buffer.add(points(k * 100, 100, k + 1));
    const kept = held(buffer);
    assert.deepEqual([kept.length <= 1000, kept.at(-1), kept.every((x, i) => i === 0 || x === kept[i - 1]! + 1)], [true, 2999, true]);
  });

  it('finds the exact point nearest a time', function () {
    const buffer = new SeriesBuffer(['/v']);
    buffer.add(points(0, 100_000, 1));
    assert.deepEqual(buffer.nearest('/v', 54_321.4), { t: 54_321, v: 54_321 });
  });

  it('draws two fields joined on their times, with a gap where one has no point', function () {
    const buffer = new SeriesBuffer(['/a', '/b']);
    buffer.add({ topic: 'x', pointer: '/a', t: [1000, 2000], v: [1, 2], lastSeq: 2 });
    buffer.add({ topic: 'x', pointer: '/b', t: [2000, 3000], v: [20, 30], lastSeq: 3 });
    assert.deepEqual(
      buffer.drawn(1, 3, 100).map((column) => [...column]),
      [
        [1, 2, 3],
        [1, 2, undefined],
        [undefined, 20, 30],
      ],
    );
  });
});
