import { strict as assert } from 'node:assert';
import type { LogFilter } from '../../src/shared/log/logFilter';
import { SEARCHED_PAYLOAD_BYTES } from '../../src/extension/log/messageFilter';
import { payloadSearchExpression, previewWindowStart } from '../../src/shared/log/previewWindow';
import { PREVIEW_BYTES, type RowDto } from '../../src/shared/log/rowDto';
import { CONNECTED, LogWebview, logWebviewSuite, makeCounters } from '../harness/webviewPage';
import { makeRow } from '../harness/messageDto';

describe('filter matches in the log rows, in Chromium', function () {
  const suite = logWebviewSuite();
  let view: LogWebview;

  beforeEach(async function () {
    view = await suite.open();
  });

  afterEach(async function () {
    view.assertHealthy();
    await view.close();
  });

  /** A filtered snapshot of `rows` (positions 0…), as the host sends it once the filter is applied. */
  async function filtered(filter: LogFilter, rows: RowDto[]): Promise<void> {
    await view.send({
      kind: 'notify',
      method: 'log/snapshot',
      params: { filter, connection: CONNECTED, counters: makeCounters({ firstPos: 0, nextPos: rows.length, stored: 100 }), tail: rows },
    });
    await view.page.getByTestId('log-row').first().waitFor();
  }

  const marks = (cell: 'topic' | 'payload'): Promise<string[]> => view.page.locator(`[data-testid="log-row"] .${cell} mark.match`).allInnerTexts();

  it('marks the payload search in the preview', async function () {
    await filtered({ text: 'door' }, [makeRow(0, { payload: '{"status":"door open"}' })]);
    assert.deepEqual(await marks('payload'), ['door']);
    assert.equal(await view.page.locator('[data-testid="log-row"] .payload').innerText(), '{"status":"door open"}');
  });

  it('marks every match of the search in the preview, not only the first', async function () {
    await filtered({ text: 'ab' }, [makeRow(0, { payload: 'ab-ab-ab' })]);
    assert.deepEqual(await marks('payload'), ['ab', 'ab', 'ab']);
  });

  it('marks a case-insensitive search whatever the case in the payload', async function () {
    await filtered({ text: 'alarm' }, [makeRow(0, { payload: 'ALARM: Alarm' })]);
    assert.deepEqual(await marks('payload'), ['ALARM', 'Alarm']);
  });

  it('marks only the exact case with Match case', async function () {
    await filtered({ text: 'Alarm', matchCase: true }, [makeRow(0, { payload: 'ALARM: Alarm' })]);
    assert.deepEqual(await marks('payload'), ['Alarm']);
  });

  it('marks what a regular expression matched', async function () {
    await filtered({ text: '"temp":\\s*2\\d', regex: true }, [makeRow(0, { payload: '{"id":7,"temp": 23.5}' })]);
    assert.deepEqual(await marks('payload'), ['"temp": 23']);
  });

  it('marks the levels the topic filter names in the topic, not its wildcards', async function () {
    await filtered({ topic: 'sensors/+/temp' }, [makeRow(0, { topic: 'sensors/kitchen/temp' })]);
    assert.deepEqual(await marks('topic'), ['sensors', 'temp']);
    assert.equal(await view.page.locator('[data-testid="log-row"] .topic').innerText(), 'sensors/kitchen/temp');
  });

  it('starts the preview a little before a late match, after a "…", so the match is on screen', async function () {
    const payload = `{"padding":"${'x'.repeat(180)}","status":"alarm"}`;
    await filtered({ text: 'alarm' }, [makeRow(0, { payload })]);
    const cell = view.page.locator('[data-testid="log-row"] .payload');
    const text = await cell.innerText();
    assert.ok(text.startsWith('…'), text);
    assert.ok(text.indexOf('alarm') <= 1 + 16, `the match is near the start: ${text}`);
    const visible = await cell.locator('mark.match').evaluate((mark) => {
      const m = mark.getBoundingClientRect();
      const c = mark.parentElement!.getBoundingClientRect();
      return m.width > 0 && m.right <= c.right;
    });
    assert.equal(visible, true, 'the mark is inside the cell, not cut off');
  });

  it('shows and marks a match at byte 2,000 of a long JSON payload, in the preview the host cut around it after a "…"', async function () {
    const payload = new TextEncoder().encode(`{"pad":"${'x'.repeat(2000)}","status":"alarm","more":"${'y'.repeat(500)}"}`);
    // Cut as the host cuts it (logSession.ts), by the same function.
    const at = previewWindowStart(payload, payloadSearchExpression({ text: 'ALARM' })!, PREVIEW_BYTES, SEARCHED_PAYLOAD_BYTES);
    await filtered({ text: 'ALARM' }, [{ ...makeRow(0, { payload }), preview: payload.subarray(at, at + PREVIEW_BYTES), previewFrom: at }]);
    const cell = view.page.locator('[data-testid="log-row"] .payload');
    const text = await cell.innerText();
    const visible = await cell.locator('mark.match').evaluate((mark) => {
      const m = mark.getBoundingClientRect();
      const c = mark.parentElement!.getBoundingClientRect();
      return m.width > 0 && m.right <= c.right;
    });
    assert.deepEqual([await marks('payload'), text.startsWith('…'), text.indexOf('alarm') <= 1 + 16, visible], [['alarm'], true, true, true], text);
  });

  it('marks a match in the decoded text of a bound topic, not in its raw bytes', async function () {
    const row = makeRow(0, { payload: new Uint8Array([0xa1, 0x66, 0x73]), decoded: { format: 'cbor', text: '{"status":"alarm"}' } });
    await filtered({ text: 'alarm' }, [row]);
    assert.deepEqual(await marks('payload'), ['alarm']);
  });

  it('leaves a preview whose match is near the start as it is', async function () {
    await filtered({ text: 'status' }, [makeRow(0, { payload: '{"status":"ok"}' })]);
    assert.equal(await view.page.locator('[data-testid="log-row"] .payload').innerText(), '{"status":"ok"}');
  });

  it('renders marks as elements around text, so a hostile payload stays text', async function () {
    await filtered({ text: 'img' }, [makeRow(0, { payload: '<img src=x onerror=alert(1)>' })]);
    assert.deepEqual(await marks('payload'), ['img']);
    assert.equal(await view.page.locator('[data-testid="log-row"] img').count(), 0);
  });
});
