import { strict as assert } from 'node:assert';
import { workPerPost } from '../../bench/rendererWork';

describe('bench renderer work per post', () => {
  const before = { TaskDuration: 10, ScriptDuration: 2, LayoutDuration: 1, RecalcStyleDuration: 0.5, LayoutCount: 100, RecalcStyleCount: 300 };

  it('adds what ran within each span (between two readings) and divides by the posts, durations in milliseconds', () => {
    const after = { TaskDuration: 12.5, ScriptDuration: 2.2, LayoutDuration: 1.2, RecalcStyleDuration: 0.6, LayoutCount: 200, RecalcStyleCount: 500 };
    // A second span later on, after work that is not counted (the counters went on meanwhile).
    const before2 = { TaskDuration: 20, ScriptDuration: 5, LayoutDuration: 3, RecalcStyleDuration: 2, LayoutCount: 900, RecalcStyleCount: 1000 };
    const after2 = { TaskDuration: 21, ScriptDuration: 5.2, LayoutDuration: 3.15, RecalcStyleDuration: 2.2, LayoutCount: 1000, RecalcStyleCount: 1110 };
    assert.deepEqual(
      workPerPost(
        [
          { before, after },
          { before: before2, after: after2 },
        ],
        100,
      ),
      { task_ms: 35, script_ms: 4, layout_ms: 3.5, style_ms: 3, layouts: 2, style_recalcs: 3.1 },
    );
  });

  it('fails when Chromium did not report a metric rather than showing a made-up zero', () => {
    const { LayoutDuration: _, ...after } = before;
    assert.throws(() => workPerPost([{ before, after }], 10), /no LayoutDuration metric/);
  });
});
