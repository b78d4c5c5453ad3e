import { strict as assert } from 'node:assert';
import { countOf } from '../../src/shared/text/countOf';

describe('countOf', () => {
  it('says "1 message", not "1 messages"', () => {
    assert.equal(countOf(1, 'message'), '1 message');
  });
  it('says "0 messages"', () => {
    assert.equal(countOf(0, 'message'), '0 messages');
  });
  it('groups the digits of a large count', () => {
    assert.equal(countOf(12000, 'message'), '12,000 messages');
  });
  it('takes the plural of a noun that does not just add an s', () => {
    assert.equal(countOf(2, 'publish', 'publishes'), '2 publishes');
  });
});
