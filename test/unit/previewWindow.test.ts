import { strict as assert } from 'node:assert';
import { decodedPreviewWindow, payloadSearchExpression, previewWindowStart, PREVIEW_CONTEXT } from '../../src/shared/log/previewWindow';
import { PREVIEW_BYTES } from '../../src/shared/log/rowDto';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const SEARCHED = 1024 * 1024;

/** The preview the host would post: PREVIEW_BYTES from where the window starts. */
function windowOf(payload: string, filter: Parameters<typeof payloadSearchExpression>[0]): { at: number; shown: string } {
  const b = bytes(payload);
  const at = previewWindowStart(b, payloadSearchExpression(filter)!, PREVIEW_BYTES, SEARCHED);
  return { at, shown: text(b.subarray(at, at + PREVIEW_BYTES)) };
}

/** A JSON payload whose `status` field sits past byte 2,000. */
const LATE = `{"pad":"${'x'.repeat(2000)}","status":"door open"}`;

describe('the payload preview cut around a filter match (beyond the first PREVIEW_BYTES)', () => {
  it('starts PREVIEW_CONTEXT bytes before a "contains" match at byte 2,000', () => {
    const { at, shown } = windowOf(LATE, { text: 'door' });
    assert.deepEqual([at, shown.indexOf('door')], [LATE.indexOf('door') - PREVIEW_CONTEXT, PREVIEW_CONTEXT]);
  });

  it('finds a case-insensitive match whatever the case in the payload', () => {
    assert.equal(windowOf(LATE, { text: 'DOOR' }).shown.indexOf('door'), PREVIEW_CONTEXT);
  });

  it('finds nothing to centre on with Match case when only another case is there', () => {
    assert.equal(windowOf(LATE, { text: 'DOOR', matchCase: true }).at, 0);
  });

  it('centres on what a regular expression matched', () => {
    const { shown } = windowOf(LATE, { text: '"status":\\s*"d\\w+', regex: true });
    assert.equal(shown.indexOf('"status":"door'), PREVIEW_CONTEXT);
  });

  it('leaves the preview at the start when the match ends within the first PREVIEW_BYTES', () => {
    assert.equal(windowOf(`{"status":"door"}${'x'.repeat(3000)}`, { text: 'door' }).at, 0);
  });

  it('moves past the start of the payload a match that straddles byte PREVIEW_BYTES', () => {
    const payload = `${'x'.repeat(PREVIEW_BYTES - 2)}door${'y'.repeat(500)}`;
    assert.equal(windowOf(payload, { text: 'door' }).at, PREVIEW_BYTES - 2 - PREVIEW_CONTEXT);
  });

  it('leaves the preview at the start when nothing matches', () => {
    assert.equal(windowOf(LATE, { text: 'window' }).at, 0);
  });

  it('starts on a whole UTF-8 character when the context would cut one (3-byte characters before the match)', () => {
    // '€' is 3 bytes: 32 bytes of context start inside one, and the window moves forward to the next.
    const payload = `${'€'.repeat(1000)}door`;
    const { at, shown } = windowOf(payload, { text: 'door' });
    const b = bytes(payload);
    assert.deepEqual([(b[at]! & 0xc0) !== 0x80, shown.startsWith('€'), shown.includes('\uFFFD'), shown.endsWith('door')], [true, true, false, true]);
  });

  it('counts 4-byte characters (surrogate pairs) before the match right', () => {
    const payload = `${'😀'.repeat(600)}door`;
    const { shown } = windowOf(payload, { text: 'door' });
    assert.equal(shown, `${'😀'.repeat(PREVIEW_CONTEXT / 4)}door`);
  });

  it('does not cut a payload that is not clean UTF-8 before the match (the row shows it as hex)', () => {
    const b = new Uint8Array([...bytes('x'.repeat(300)), 0xff, ...bytes('x'.repeat(300)), ...bytes('door')]);
    assert.equal(previewWindowStart(b, payloadSearchExpression({ text: 'door' })!, PREVIEW_BYTES, SEARCHED), 0);
  });

  it('looks no further than the bytes the filter searches', () => {
    const b = bytes(LATE);
    assert.equal(previewWindowStart(b, payloadSearchExpression({ text: 'door' })!, PREVIEW_BYTES, 1000), 0);
  });

  it('skips empty matches of a regular expression and centres on the first real one', () => {
    assert.equal(windowOf(LATE, { text: 'd*oor', regex: true }).shown.indexOf('door'), PREVIEW_CONTEXT);
  });
});

describe('a decoded preview cut around a filter match', () => {
  const decoded = `{"pad":"${'x'.repeat(600)}","status":"door open","more":"${'y'.repeat(600)}"}`;

  it('shows the match after a leading "…", with PREVIEW_CONTEXT characters before it, within the length', () => {
    const window = decodedPreviewWindow(decoded, payloadSearchExpression({ text: 'DOOR' })!, 256)!;
    assert.deepEqual([window.startsWith('…'), window.endsWith('…'), window.indexOf('door'), window.length], [true, true, 1 + PREVIEW_CONTEXT, 256]);
  });

  it('is not needed when the match is within the usual preview', () => {
    assert.equal(decodedPreviewWindow(`{"status":"door"}${'x'.repeat(600)}`, payloadSearchExpression({ text: 'door' })!, 256), undefined);
  });

  it('does not cut a surrogate pair at its start', () => {
    const text = `${'😀'.repeat(300)}door${'x'.repeat(300)}`;
    const window = decodedPreviewWindow(text, payloadSearchExpression({ text: 'door' })!, 256)!;
    assert.ok(!/^…[\udc00-\udfff]/.test(window), window.slice(0, 3));
  });
});
