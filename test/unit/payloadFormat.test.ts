import { strict as assert } from 'node:assert';
import { autoViewNote, detectView, formatPayload, hexDump, jsonDepth, prettyJson, toBase64 } from '../../src/shared/payload/payloadFormat';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('payload views', () => {
  it('detects JSON, text and binary', () => {
    assert.equal(detectView(utf8('{"a":1}')), 'json');
    assert.equal(detectView(utf8(' [1,2]')), 'json');
    assert.equal(detectView(utf8('{not json')), 'text');
    assert.equal(detectView(utf8('hello')), 'text');
    assert.equal(detectView(new Uint8Array([0xff, 0xfe, 0x00])), 'hex');
  });

  it('pretty-prints JSON', () => {
    const r = prettyJson('{"a":[1,{"b":"x"}]}');
    assert.deepEqual(r, { ok: true, text: '{\n  "a": [\n    1,\n    {\n      "b": "x"\n    }\n  ]\n}' });
  });

  it('refuses absurdly deep JSON before parsing it, without recursion trouble', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    assert.equal(jsonDepth(deep, 64), 65, 'the scan stops just past the limit');
    const r = prettyJson(deep);
    assert.deepEqual(r, { ok: false, limit: true, reason: 'Nested deeper than 64 levels; shown as text.' });
    assert.equal(detectView(utf8(deep)), 'text');
    assert.match(autoViewNote(utf8(deep)) ?? '', /Nested deeper than 64 levels/);
    assert.equal(autoViewNote(utf8('{not json')), undefined, 'plain invalid JSON is just text');
    assert.equal(autoViewNote(utf8('hello')), undefined);
  });

  it('ignores brackets inside strings when measuring depth', () => {
    assert.equal(jsonDepth('{"a":"[[[[\\"[[["}', 10), 1);
  });

  it('refuses to pretty-print JSON over the size limit', () => {
    const r = prettyJson(JSON.stringify({ a: 'x'.repeat(100) }), { maxJsonBytes: 50, maxJsonDepth: 64, maxHexBytes: 10 });
    assert.equal(r.ok, false);
  });

  it('dumps hex with offsets and ASCII, bounded', () => {
    const r = hexDump(utf8('ABCDEFGHIJKLMNOPQ\u0000'));
    assert.ok(r.ok);
    assert.equal(r.text.split('\n')[0], '00000000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP');
    assert.equal(r.text.split('\n')[1], `00000010  51 00 ${' '.repeat(3 * 14 + 1)} Q.`);
    const cut = hexDump(new Uint8Array(100), { maxJsonBytes: 1, maxJsonDepth: 1, maxHexBytes: 32 });
    assert.ok(cut.ok);
    assert.equal(cut.text.split('\n').length, 2);
    assert.equal(cut.note, '68 more bytes not shown.');
  });

  it('encodes base64 like Node does', () => {
    for (const bytes of [new Uint8Array([]), new Uint8Array([1]), new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]), new Uint8Array(20_000).map((_, i) => i * 7)]) {
      assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
    }
  });

  it('explains why a view does not apply', () => {
    const bin = new Uint8Array([0xc3, 0x28]);
    const text = formatPayload(bin, 'text');
    assert.deepEqual(text, { ok: false, reason: 'Not valid UTF-8 text; use Hex or Base64.' });
    assert.deepEqual(formatPayload(utf8('plain'), 'text'), { ok: true, text: 'plain' });
    assert.equal(formatPayload(utf8('plain'), 'json').ok, false);
  });
});
