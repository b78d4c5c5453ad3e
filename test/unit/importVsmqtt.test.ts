import { strict as assert } from 'node:assert';
import { connectionNamed, importFixture } from './importFixtures';

describe('Import: vsmqtt profiles (fixtures/import/vsmqtt-settings.json)', () => {
  const result = importFixture('vsmqtt-settings.json');

  it('recognises a settings.json with comments and trailing commas by vsmqtt.brokerProfiles', () => {
    assert.equal(result.format, 'vsmqtt');
  });
  it('finds the four profiles with no problem', () => {
    assert.deepEqual([result.connections.length, result.problems], [4, []]);
  });
  it('carries host, port, client id and saved subscriptions', () => {
    const p = connectionNamed(result, 'local mosquitto').profile;
    assert.deepEqual([p.url, p.clientId, p.subscriptions], ['mqtt://localhost:1883', 'vsmqtt_client', [{ topic: 'test/#', qos: 0 }]]);
  });
  it('hands the password over for secret storage and keeps it out of the profile', () => {
    const c = connectionNamed(result, 'client with password');
    assert.deepEqual([c.password, c.profile.auth, JSON.stringify(c.raw).includes('securepassword')], ['securepassword', { username: 'user01' }, false]);
  });
  it('reads a scheme written in host, with the WebSocket path', () => {
    const p = connectionNamed(result, 'broker.emqx.io').profile;
    assert.deepEqual([p.url, p.websocket], ['ws://broker.emqx.io:8083', { path: '/mqtt' }]);
  });
  it('takes a CA written as PEM text as an inline certificate to write as a file', () => {
    const c = connectionNamed(result, 'client with tls');
    assert.deepEqual([c.profile.url, c.certificates.map((x) => x.field), c.profile.tls?.ca?.endsWith('.pem')], ['mqtts://broker.emqx.io:8883', ['ca'], true]);
  });
  it('names insecure and defaultsForPublish as not carried over', () => {
    assert.equal(connectionNamed(result, 'client with tls').notCarried.length, 2);
  });
});
