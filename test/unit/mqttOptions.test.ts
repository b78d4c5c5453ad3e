import { strict as assert } from 'node:assert';
import { brokerEndpoint, buildClientOptions, generateClientId } from '../../src/extension/mqttOptions';
import type { Profile } from '../../src/extension/profile';

const base: Profile = {
  name: 'p',
  url: 'mqtt://h:1883',
  protocolVersion: '5.0',
  clean: true,
  keepalive: 60,
  connectTimeout: 10,
  reconnect: { enabled: true, period: 1000 },
  subscriptions: [],
};

describe('buildClientOptions', () => {
  it('maps protocol versions to mqtt.js numbers and protocol ids', () => {
    assert.deepEqual(
      (['3.1', '3.1.1', '5.0'] as const).map((v) => {
        const o = buildClientOptions({ ...base, protocolVersion: v }, undefined, 'id');
        return [o.protocolVersion, o.protocolId];
      }),
      [
        [3, 'MQIsdp'],
        [4, 'MQTT'],
        [5, 'MQTT'],
      ],
    );
  });

  it('passes client id, clean, keepalive, timeouts, reconnect and credentials', () => {
    const o = buildClientOptions(
      { ...base, clean: false, keepalive: 15, connectTimeout: 3, reconnect: { enabled: false, period: 500 }, auth: { username: 'alice' } },
      's3cret',
      'client-7',
    );
    assert.equal(o.clientId, 'client-7');
    assert.equal(o.clean, false);
    assert.equal(o.keepalive, 15);
    assert.equal(o.connectTimeout, 3000);
    assert.equal(o.reconnectPeriod, 0);
    assert.equal(o.username, 'alice');
    assert.equal(o.password, 's3cret');
  });

  it('sends no password when none is stored', () => {
    assert.equal('password' in buildClientOptions(base, undefined, 'x'), false);
    assert.equal('password' in buildClientOptions(base, '', 'x'), false);
  });

  it('generates client ids that fit MQTT 3.1 (at most 23 characters)', () => {
    const id = generateClientId();
    assert.match(id, /^tracemq-[0-9a-f]{12}$/);
    assert.ok(id.length <= 23);
    assert.notEqual(generateClientId(), id);
  });

  it('turns the broker URL into endpoint options without url.parse', () => {
    assert.deepEqual(brokerEndpoint('mqtt://localhost:1884'), { protocol: 'mqtt', host: 'localhost', port: 1884 });
    assert.deepEqual(brokerEndpoint('tcp://10.0.0.1'), { protocol: 'tcp', host: '10.0.0.1' });
    assert.deepEqual(brokerEndpoint('ws://[::1]:8083/mqtt?x=1'), { protocol: 'ws', host: '::1', port: 8083, path: '/mqtt?x=1' });
    assert.deepEqual(brokerEndpoint('wss://broker.example'), { protocol: 'wss', host: 'broker.example', path: '/' });
  });
});
