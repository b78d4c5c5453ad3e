import { strict as assert } from 'node:assert';
import { traceLinkProtocol } from '../../src/shared/trace/traceLinkProtocol';
import { traceProtocol } from '../../src/shared/trace/traceProtocol';
import { recordingRouter } from '../harness/recordingRouter';

const { requests } = traceProtocol;
const rows = requests['trace/rows/get'];

describe('traceProtocol (what the host accepts from the trace view)', () => {
  it('accepts a rows request with a filter by type, direction, topic and packet id', () => {
    const params = { filter: { types: ['publish', 'tls'], dir: 'in', topic: 'a/', packetId: 7 }, from: 0, count: 50, tail: true };
    assert.deepEqual(rows(params), params);
  });

  it('refuses an unknown packet type in the filter', () => {
    assert.equal(rows({ filter: { types: ['connect', 'hack'] }, from: 0, count: 1, tail: false }), undefined);
  });

  it('refuses a packet id beyond 65535', () => {
    assert.equal(rows({ filter: { types: [], packetId: 70_000 }, from: 0, count: 1, tail: false }), undefined);
  });

  it('refuses more rows than a screen needs', () => {
    assert.equal(rows({ filter: { types: [] }, from: 0, count: 100_000, tail: false }), undefined);
  });

  it('rebuilds a filter from its known fields only', () => {
    assert.deepEqual(rows({ filter: { types: [], extra: 'x' }, from: 1, count: 1, tail: false }), { filter: { types: [] }, from: 1, count: 1, tail: false });
  });

  it('refuses an entry request without a whole id', () => {
    assert.equal(requests['trace/entry/get']({ id: 1.5 }), undefined);
  });

  it('answers a malformed rows request with an error in words, its handler never running', async () => {
    const r = recordingRouter(traceProtocol);
    await r.router.receive({ kind: 'request', id: 1, method: 'trace/rows/get', params: { filter: null } });
    assert.deepEqual([r.handled, r.posted], [[], [{ kind: 'response', id: 1, error: 'The extension refused a malformed "trace/rows/get" request.' }]]);
  });

  it('routes the log header’s trace/show to its handler', async () => {
    const r = recordingRouter(traceLinkProtocol);
    await r.router.receive({ kind: 'notify', method: 'trace/show', params: {} });
    assert.deepEqual(r.handled, [{ method: 'trace/show', params: {} }]);
  });
});
