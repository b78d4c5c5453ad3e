import { strict as assert } from 'node:assert';
import { clampWindow, recenterWindow, tailWindow } from '../../src/webview/log/logWindow';

// The window logic is pure; it runs here in Node, next to the browser tests of the list it drives.
describe('log window', () => {
  const size = 100;

  it('sits on the tail, at most `size` rows long', () => {
    assert.deepEqual(tailWindow({ firstPos: 0, nextPos: 0 }, size), { start: 0, count: 0 });
    assert.deepEqual(tailWindow({ firstPos: 10, nextPos: 50 }, size), { start: 10, count: 40 });
    assert.deepEqual(tailWindow({ firstPos: 0, nextPos: 1_000_000 }, size), { start: 999_900, count: 100 });
  });

  it('stays put while the user reads, growing to `size` and trimmed to what is stored', () => {
    const reading = { start: 500, count: 100 };
    assert.equal(clampWindow(reading, { firstPos: 0, nextPos: 2000 }, size), reading, 'unchanged object when nothing moved');
    assert.deepEqual(clampWindow(reading, { firstPos: 550, nextPos: 2000 }, size), { start: 550, count: 100 }, 'oldest rows evicted');
    assert.deepEqual(clampWindow({ start: 0, count: 30 }, { firstPos: 0, nextPos: 60 }, size), { start: 0, count: 60 }, 'grows with new rows');
    assert.deepEqual(clampWindow(reading, { firstPos: 900, nextPos: 900 }, size), { start: 900, count: 0 }, 'log cleared');
  });

  it('moves so the viewport is in its middle when the viewport nears an edge with more rows beyond', () => {
    const range = { firstPos: 0, nextPos: 10_000 };
    const w = { start: 5000, count: 100 };
    assert.equal(recenterWindow(w, range, 40, 60, size), w, 'viewport in the middle half: no move');
    assert.deepEqual(recenterWindow(w, range, 5, 25, size), { start: 4965, count: 100 }, 'near the top');
    assert.deepEqual(recenterWindow(w, range, 80, 99, size), { start: 5039, count: 100 }, 'near the bottom');
    const atOldest = { start: 0, count: 100 };
    assert.equal(recenterWindow(atOldest, range, 0, 20, size), atOldest, 'nothing older to move to');
    assert.deepEqual(recenterWindow({ start: 9890, count: 100 }, range, 85, 99, size), { start: 9900, count: 100 }, 'clamped at the tail');
  });
});
