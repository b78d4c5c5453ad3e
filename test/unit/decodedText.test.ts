import { strict as assert } from 'node:assert';
import { decodedText } from '../../src/extension/decoders/decodedText';

describe('decoded text (log preview and filters)', () => {
  it('is compact JSON of the value', () => {
    assert.equal(decodedText({ format: 'cbor', value: { t: 21.5, tags: ['a'] } }), '{"t":21.5,"tags":["a"]}');
  });

  it('is cut to the preview length with an ellipsis', () => {
    assert.equal(decodedText({ format: 'cbor', value: 'abcdefghij' }, 6), '"abcd…');
  });

  it('never cuts a surrogate pair in two', () => {
    assert.equal(decodedText({ format: 'cbor', value: 'a😀b' }, 4), '"a…');
  });

  it('reads a failed decode as its error', () => {
    assert.equal(decodedText({ format: 'protobuf', error: 'truncated' }), 'protobuf decode error: truncated');
  });
});
