import { strict as assert } from 'node:assert';
import protobuf from 'protobufjs';
import { toJsonSafe } from '../../src/extension/decoders/jsonSafeValue';

/** protobufjs's Long class (its typings leave it unresolved here). */
const Long = protobuf.util.Long as unknown as { fromString(text: string, unsigned: boolean): object };

// 64-bit integers from protobufjs (Long) become numbers from their two halves while exact, else text.
describe('toJsonSafe: 64-bit integers', () => {
  it('gives 2^53 − 1 as a number', () => {
    assert.equal(toJsonSafe(Long.fromString('9007199254740991', true)), 9007199254740991);
  });

  it('gives 2^53 as text (beyond what a number holds exactly)', () => {
    assert.equal(toJsonSafe(Long.fromString('9007199254740992', true)), '9007199254740992');
  });

  it('gives a small negative int64 as a number', () => {
    assert.equal(toJsonSafe(Long.fromString('-5', false)), -5);
  });

  it('gives −(2^53 + 1) as text', () => {
    assert.equal(toJsonSafe(Long.fromString('-9007199254740993', false)), '-9007199254740993');
  });

  it('gives the largest uint64 as text', () => {
    assert.equal(toJsonSafe(Long.fromString('18446744073709551615', true)), '18446744073709551615');
  });
});
