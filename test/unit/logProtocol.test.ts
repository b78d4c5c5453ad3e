import { strict as assert } from 'node:assert';
import { logProtocol } from '../../src/shared/log/logProtocol';

// The host takes nothing a webview posts on trust: the params of every log message are checked and
// rebuilt from their known fields only (the envelope is checked by the router: webviewRouter.test.ts).
const { requests, notifications } = logProtocol;

describe('logProtocol (what the host accepts from the log view)', () => {
  it('rebuilds log/ready without the fields it does not know', () => {
    assert.deepEqual(notifications['log/ready']({ extra: 1 }), {});
  });

  it('keeps the embedded snapshot id log/ready names', () => {
    assert.deepEqual(notifications['log/ready']({ embedded: 'a1b2' }), { embedded: 'a1b2' });
  });

  it('drops an embedded snapshot id of log/ready that is not a short string', () => {
    assert.deepEqual([notifications['log/ready']({ embedded: 7 }), notifications['log/ready']({ embedded: 'x'.repeat(65) })], [{}, {}]);
  });

  it('rebuilds log/viewport without the fields it does not know', () => {
    assert.deepEqual(notifications['log/viewport']({ rows: 20, following: true, x: 1 }), { rows: 20, following: true });
  });

  it('accepts a page request', () => {
    assert.deepEqual(requests['log/page/get']({ from: 0, count: 100 }), { from: 0, count: 100 });
  });

  it('rebuilds a filter from its known fields, its QoS levels once each and sorted', () => {
    assert.deepEqual(requests['log/filter/set']({ filter: { topic: 'a/#', qos: [2, 0, 2], junk: true } }), { filter: { topic: 'a/#', qos: [0, 2] } });
  });

  it('accepts every other log request', () => {
    const accepted = [
      requests['log/clear']({}),
      requests['log/message/get']({ seq: 3 }),
      requests['log/message/open']({ seq: 3, view: 'hex' }),
      requests['log/message/copy']({ seq: 3, what: 'topic' }),
      requests['log/export']({ filtered: true }),
      requests['log/record']({ record: false }),
    ];
    assert.ok(accepted.every((params) => params !== undefined));
  });

  it('refuses pages at negative or fractional positions', () => {
    assert.equal(requests['log/page/get']({ from: -1, count: 1 }), undefined);
    assert.equal(requests['log/page/get']({ from: 0, count: 1.5 }), undefined);
  });

  it('refuses an oversized or mistyped filter', () => {
    assert.equal(requests['log/filter/set']({ filter: { text: 'x'.repeat(5000) } }), undefined);
    assert.equal(requests['log/filter/set']({ filter: { qos: ['1'] } }), undefined);
  });

  it('refuses a payload view it does not know', () => {
    assert.equal(requests['log/message/open']({ seq: 1, view: 'html' }), undefined);
  });
});
