import { strict as assert } from 'node:assert';
import { formatByteCount, formatPreview, showControls } from '../../src/shared/payload/payloadPreview';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('formatPreview', () => {
  it('shows a complete UTF-8 payload as text', () => {
    const bytes = utf8('{"temp": 21.5, "unit": "°C"} ✓');
    assert.deepEqual(formatPreview(bytes, bytes.length), {
      text: '{"temp": 21.5, "unit": "°C"} ✓',
      kind: 'text',
      truncated: false,
    });
  });

  it('shows an empty payload as empty text', () => {
    assert.deepEqual(formatPreview(new Uint8Array(0), 0), { text: '', kind: 'text', truncated: false });
  });

  it('makes control characters visible', () => {
    const bytes = utf8('a\nb\tc\r\0\x7f');
    assert.equal(formatPreview(bytes, bytes.length).text, 'a↵b␉c␍␀␡');
  });

  it('shows a CRLF line break as one ↵', () => {
    const bytes = utf8('a\r\nb');
    assert.equal(formatPreview(bytes, bytes.length).text, 'a↵b');
  });

  it('shows invalid UTF-8 as hex bytes', () => {
    const bytes = Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0xff);
    assert.deepEqual(formatPreview(bytes, bytes.length), { text: 'de ad be ef 00 ff', kind: 'binary', truncated: false });
  });

  it('marks a cut text preview with an ellipsis and the full size', () => {
    const bytes = utf8('x'.repeat(256));
    const preview = formatPreview(bytes, 123_456);
    assert.equal(preview.kind, 'text');
    assert.equal(preview.truncated, true);
    assert.equal(preview.text, `${'x'.repeat(256)}… (123,456 bytes)`);
  });

  it('keeps a text preview as text when the cut falls inside a multi-byte character', () => {
    const full = utf8('ab€'); // € is 3 bytes: e2 82 ac
    for (const cut of [3, 4]) {
      const preview = formatPreview(full.subarray(0, cut), full.length);
      assert.deepEqual(preview, { text: 'ab… (5 bytes)', kind: 'text', truncated: true }, `cut after ${cut} bytes`);
    }
  });

  it('treats an incomplete character at the end of a complete payload as binary', () => {
    const bytes = utf8('ab€').subarray(0, 4);
    assert.equal(formatPreview(bytes, bytes.length).kind, 'binary');
  });

  it('marks a cut binary preview', () => {
    const preview = formatPreview(Uint8Array.of(0xff, 0x00), 1000);
    assert.deepEqual(preview, { text: 'ff 00 … (1,000 bytes)', kind: 'binary', truncated: true });
  });
});

describe('showControls', () => {
  it('leaves ordinary text, emoji joiners and non-Latin scripts unchanged', () => {
    const text = 'sensors/温度/👩‍💻/ok';
    assert.equal(showControls(text), text);
  });

  it('escapes bidirectional overrides, zero-width and C1 characters', () => {
    assert.equal(showControls('a\u202Eb\u200Bc\u0085d\uFEFF'), 'a\\u202Eb\\u200Bc\\u0085d\\uFEFF');
  });
});

describe('formatByteCount', () => {
  it('groups digits and agrees in number', () => {
    assert.equal(formatByteCount(1), '1 byte');
    assert.equal(formatByteCount(999), '999 bytes');
    assert.equal(formatByteCount(1_234_567), '1,234,567 bytes');
  });
});
