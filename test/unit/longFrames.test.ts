import { strict as assert } from 'node:assert';
import { longestOf, longFramesCell, type LongFrame } from '../../bench/longFrames';

function frame(ms: number, source = 'log.js'): LongFrame {
  return { ms, script_ms: ms / 2, forced_layout_ms: ms / 4, render_ms: ms / 3, style_layout_ms: 2, other_ms: 5, top_script: { invoker: 'event-listener DIV.onscroll', source, ms: ms / 2 } };
}

describe('bench long frames', () => {
  it('adds the counts of the runs and keeps the longest frame of any run', () => {
    const merged = longestOf([{ count: 2, longest: frame(80) }, null, { count: 3, longest: frame(130, 'workbench.js') }, { count: 0, longest: null }]);
    assert.ok(merged?.longest);
    assert.equal(merged.count, 5);
    assert.equal(merged.longest.ms, 130);
    assert.equal(merged.longest.top_script?.source, 'workbench.js');
  });

  it('says "not measured" when no run could measure, and 0 when nothing was long', () => {
    assert.equal(longestOf([null, null]), null);
    assert.equal(longFramesCell(null), 'not measured');
    assert.equal(longFramesCell({ count: 0, longest: null }), '0');
  });

  it('names the longest frame’s parts and its top script in the table cell', () => {
    assert.equal(
      longFramesCell({ count: 4, longest: frame(120, 'log.js onMessage') }),
      '4; 120 ms: scripts 60 (forced layout 30), rendering 40, other 5; top: event-listener DIV.onscroll, log.js',
    );
  });
});
