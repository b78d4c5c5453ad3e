import { strict as assert } from 'node:assert';
import { topicsProtocol } from '../../src/shared/topics/topicsProtocol';

const { requests, notifications } = topicsProtocol;

describe('topics protocol validators', () => {
  it('accepts a children window of the root', () => {
    assert.deepEqual(requests['topics/children']({ path: null, sort: 'rate', offset: 0, limit: 50, extra: 1 }), { path: null, sort: 'rate', offset: 0, limit: 50 });
  });

  it('refuses an unknown sort', () => {
    assert.equal(requests['topics/children']({ path: 'a', sort: 'size', offset: 0, limit: 50 }), undefined);
  });

  it('refuses a negative offset', () => {
    assert.equal(requests['topics/search']({ query: 'a', sort: 'name', offset: -1, limit: 50 }), undefined);
  });

  it('refuses a JSON pointer that does not start with /', () => {
    assert.equal(requests['topics/series']({ topic: 't', pointer: 'temp', sinceSeq: 0, limit: 10 }), undefined);
  });

  it('accepts a watch without a chart', () => {
    assert.deepEqual(notifications['topics/watch']({ paths: ['a', 'a/b'] }), { paths: ['a', 'a/b'], chart: null });
  });

  it('refuses a watch with a path that is not text', () => {
    assert.equal(notifications['topics/watch']({ paths: ['a', 3], chart: null }), undefined);
  });

  it('accepts a chart watch with where each field\'s load ended', () => {
    assert.deepEqual(notifications['topics/watch']({ paths: [], chart: { topic: 's', pointers: ['/a', '/b'], from: [4, 7] } }), { paths: [], chart: { topic: 's', pointers: ['/a', '/b'], from: [4, 7] } });
  });

  it('refuses a chart watch whose `from` does not give one seq per field', () => {
    assert.equal(notifications['topics/watch']({ paths: [], chart: { topic: 's', pointers: ['/a', '/b'], from: [4] } }), undefined);
  });

  it('refuses a clear-retained without saying whether it is for the subtree', () => {
    assert.equal(requests['topics/clearRetained']({ path: 'a' }), undefined);
  });
});
