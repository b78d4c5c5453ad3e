import { strict as assert } from 'node:assert';
import { publishProtocol } from '../../src/shared/publish/publishProtocol';

const PUBLISH = { topic: 'a/b', payload: 'x', encoding: 'utf8', qos: 1, retain: false } as const;
const { requests } = publishProtocol;

describe('publishProtocol (what the host accepts from the publish panel)', () => {
  it('accepts a publish to encode through the topic\'s binding', () => {
    assert.deepEqual(requests['mqtt/publish']({ ...PUBLISH, payload: '{}', encode: true }), { ...PUBLISH, payload: '{}', encode: true });
  });

  it('refuses a publish to encode whose payload is written in hex', () => {
    assert.equal(requests['mqtt/publish']({ ...PUBLISH, encoding: 'hex', payload: 'ff', encode: true }), undefined);
  });

  it('accepts the question of which format a topic is bound to', () => {
    assert.deepEqual(requests['publish/binding/get']({ topic: 'a/b', x: 1 }), { topic: 'a/b' });
  });

  it('rebuilds a publish from its known fields only, its properties too', () => {
    assert.deepEqual(requests['mqtt/publish']({ ...PUBLISH, sneaky: '__proto__', properties: { contentType: 'a', userProperties: [['k', 'v']], x: 1 } }), {
      ...PUBLISH,
      properties: { contentType: 'a', userProperties: [['k', 'v']] },
    });
  });

  it('accepts a request with its time-out', () => {
    assert.deepEqual(requests['mqtt/request']({ publish: PUBLISH, timeoutMs: 5000 }), { publish: PUBLISH, timeoutMs: 5000 });
  });

  it('accepts every other publish request, and trims a template name', () => {
    const accepted = [
      requests['mqtt/repeat/start']({ publish: PUBLISH, count: 3, intervalMs: 10 }),
      requests['mqtt/repeat/stop']({}),
      requests['mqtt/clearRetained']({ topic: 't' }),
      requests['mqtt/topics']({ prefix: 'se' }),
      requests['publish/history/get']({}),
      requests['publish/templates/get']({}),
      requests['publish/templates/delete']({ name: 'led' }),
    ];
    assert.ok(accepted.every((params) => params !== undefined));
    assert.equal(requests['publish/templates/save']({ name: ' led ', publish: PUBLISH })?.name, 'led');
  });

  it('refuses a publish with a bad QoS, encoding, size or property', () => {
    const refused = [
      { ...PUBLISH, qos: 3 },
      { ...PUBLISH, encoding: 'utf16' },
      { ...PUBLISH, payload: 'x'.repeat(16 * 1024 * 1024 + 1) },
      { ...PUBLISH, properties: { topicAlias: 0 } },
      { ...PUBLISH, properties: { messageExpiryInterval: 2 ** 32 } },
      { ...PUBLISH, properties: { userProperties: { k: 'v' } } },
    ].map((params) => requests['mqtt/publish'](params));
    assert.deepEqual(refused, refused.map(() => undefined));
  });

  it('refuses a request time-out under 100 ms and a repeat of nothing', () => {
    assert.equal(requests['mqtt/request']({ publish: PUBLISH, timeoutMs: 10 }), undefined);
    assert.equal(requests['mqtt/repeat/start']({ publish: PUBLISH, count: 0, intervalMs: 10 }), undefined);
  });

  it('refuses a template without a name', () => {
    assert.equal(requests['publish/templates/save']({ name: '  ', publish: PUBLISH }), undefined);
  });

  it('builds what it accepts without prototype tricks', () => {
    const raw = JSON.parse('{"topic":"t","payload":"p","encoding":"utf8","qos":0,"retain":false,"__proto__":{"polluted":true}}') as unknown;
    const params = requests['mqtt/publish'](raw);
    assert.ok(params);
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
    assert.equal((params as { polluted?: unknown }).polluted, undefined);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });
});
