import { strict as assert } from 'node:assert';
import { parseWebviewMessage } from '../../src/shared/protocol';

const req = (method: string, params: unknown, id: unknown = 1): unknown => ({ kind: 'request', id, method, params });
const accepted = (raw: unknown): unknown => {
  const r = parseWebviewMessage(raw);
  assert.ok('message' in r, `refused: ${'invalid' in r ? r.invalid : ''}`);
  return r.message;
};
const refused = (raw: unknown): string => {
  const r = parseWebviewMessage(raw);
  assert.ok('invalid' in r, `accepted: ${JSON.stringify(raw).slice(0, 200)}`);
  return r.invalid;
};

const PUBLISH = { topic: 'a/b', payload: 'x', encoding: 'utf8', qos: 1, retain: false };

// The host takes nothing a webview posts on trust: every message is checked, rebuilt from known
// fields only, and refused with a reason (which the host logs) when it does not fit.
describe('parseWebviewMessage (the host checks every webview message)', () => {
  it('accepts each known message and rebuilds it from its known fields only', () => {
    assert.deepEqual(accepted({ kind: 'notify', method: 'log/ready', params: { extra: 1 } }), { kind: 'notify', method: 'log/ready', params: {} });
    assert.deepEqual(accepted({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: true, x: 1 } }), { kind: 'notify', method: 'log/viewport', params: { rows: 20, following: true } });
    assert.deepEqual(accepted(req('log/page/get', { from: 0, count: 100 })), { kind: 'request', id: 1, method: 'log/page/get', params: { from: 0, count: 100 } });
    assert.deepEqual(accepted(req('mqtt/publish', { ...PUBLISH, sneaky: '__proto__', properties: { contentType: 'a', userProperties: [['k', 'v']], x: 1 } })), {
      kind: 'request',
      id: 1,
      method: 'mqtt/publish',
      params: { ...PUBLISH, properties: { contentType: 'a', userProperties: [['k', 'v']] } },
    });
    assert.deepEqual(accepted(req('mqtt/request', { publish: PUBLISH, timeoutMs: 5000 })), { kind: 'request', id: 1, method: 'mqtt/request', params: { publish: PUBLISH, timeoutMs: 5000 } });
    assert.deepEqual(accepted(req('mqtt/subscribe', { topic: 's/#', qos: 2, noLocal: true, retainHandling: 2, subscriptionIdentifier: 9 })), {
      kind: 'request',
      id: 1,
      method: 'mqtt/subscribe',
      params: { topic: 's/#', qos: 2, noLocal: true, retainHandling: 2, subscriptionIdentifier: 9 },
    });
    assert.deepEqual(accepted(req('log/filter/set', { filter: { topic: 'a/#', qos: [2, 0, 2], junk: true } })), { kind: 'request', id: 1, method: 'log/filter/set', params: { filter: { topic: 'a/#', qos: [0, 2] } } });
    for (const [method, params] of [
      ['log/clear', {}],
      ['log/message/get', { seq: 3 }],
      ['log/message/open', { seq: 3, view: 'hex' }],
      ['log/message/copy', { seq: 3, what: 'topic' }],
      ['log/export', { filtered: true }],
      ['log/record', { record: false }],
      ['mqtt/repeat/start', { publish: PUBLISH, count: 3, intervalMs: 10 }],
      ['mqtt/repeat/stop', {}],
      ['mqtt/clearRetained', { topic: 't' }],
      ['mqtt/unsubscribe', { topic: 't' }],
      ['mqtt/topics', { prefix: 'se' }],
      ['publish/history/get', {}],
      ['publish/templates/get', {}],
      ['publish/templates/save', { name: ' led ', publish: PUBLISH }],
      ['publish/templates/delete', { name: 'led' }],
    ] as const) {
      accepted(req(method, params));
    }
  });

  it('refuses malformed, oversized, unknown and hostile messages with a reason', () => {
    const reasons = [
      refused(null),
      refused('log/ready'),
      refused({ kind: 'notify', method: 'log/unknown' }),
      refused({ kind: 'request', method: 'log/page/get', params: { from: 0, count: 1 } }),
      refused(req('log/page/get', { from: -1, count: 1 })),
      refused(req('log/page/get', { from: 0, count: 1.5 })),
      refused(req('log/page/get', { from: 0, count: 1 }, 'x')),
      refused(req('mqtt/publish', { ...PUBLISH, qos: 3 })),
      refused(req('mqtt/publish', { ...PUBLISH, encoding: 'utf16' })),
      refused(req('mqtt/publish', { ...PUBLISH, payload: 'x'.repeat(16 * 1024 * 1024 + 1) })),
      refused(req('mqtt/publish', { ...PUBLISH, properties: { topicAlias: 0 } })),
      refused(req('mqtt/publish', { ...PUBLISH, properties: { messageExpiryInterval: 2 ** 32 } })),
      refused(req('mqtt/publish', { ...PUBLISH, properties: { userProperties: { k: 'v' } } })),
      refused(req('mqtt/request', { publish: PUBLISH, timeoutMs: 10 })),
      refused(req('mqtt/repeat/start', { publish: PUBLISH, count: 0, intervalMs: 10 })),
      refused(req('mqtt/subscribe', { topic: 's', qos: 1, subscriptionIdentifier: 0 })),
      refused(req('log/filter/set', { filter: { text: 'x'.repeat(5000) } })),
      refused(req('log/filter/set', { filter: { qos: ['1'] } })),
      refused(req('log/message/open', { seq: 1, view: 'html' })),
      refused(req('publish/templates/save', { name: '  ', publish: PUBLISH })),
      refused(req('command:workbench.action.quit', {})),
    ];
    for (const reason of reasons) assert.ok(reason.length > 0 && reason.length < 200, reason);
    assert.match(reasons.at(-1) ?? '', /^unknown request "command:workbench\.action\.quit"/);
  });

  it('builds what it accepts without prototype tricks', () => {
    const raw = JSON.parse('{"kind":"request","id":1,"method":"mqtt/publish","params":{"topic":"t","payload":"p","encoding":"utf8","qos":0,"retain":false,"__proto__":{"polluted":true}}}') as unknown;
    const message = accepted(raw) as { params: Record<string, unknown> };
    assert.equal(Object.getPrototypeOf(message.params), Object.prototype);
    assert.equal((message.params as { polluted?: unknown }).polluted, undefined);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });
});
