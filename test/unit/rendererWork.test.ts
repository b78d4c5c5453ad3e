import { strict as assert } from 'node:assert';
import { workPerPost } from '../../bench/rendererWork';

describe('bench renderer work per post', () => {
  const before = { TaskDuration: 10, ScriptDuration: 2, LayoutDuration: 1, RecalcStyleDuration: 0.5, LayoutCount: 100, RecalcStyleCount: 300 };

  it('divides what ran between two readings by the posts, durations in milliseconds', () => {
    const after = { TaskDuration: 13.5, ScriptDuration: 2.4, LayoutDuration: 1.35, RecalcStyleDuration: 0.8, LayoutCount: 300, RecalcStyleCount: 610 };
    assert.deepEqual(workPerPost(before, after, 100), { task_ms: 35, script_ms: 4, layout_ms: 3.5, style_ms: 3, layouts: 2, style_recalcs: 3.1 });
  });

  it('fails when Chromium did not report a metric rather than showing a made-up zero', () => {
    const { LayoutDuration: _, ...after } = before;
    assert.throws(() => workPerPost(before, after, 10), /no LayoutDuration metric/);
  });
});
