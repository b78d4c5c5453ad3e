import { strict as assert } from 'node:assert';
import { connectionNamed, importFixture } from './importFixtures';

describe('Import: MQTT Explorer settings.json (fixtures/import/mqtt-explorer-settings.json)', () => {
  const result = importFixture('mqtt-explorer-settings.json');
  const lab = connectionNamed(result, 'Lab broker (mutual TLS)');
  const old = connectionNamed(result, 'Old WebSocket');

  it('recognises the file by ConnectionManager_connections', () => {
    assert.equal(result.format, 'mqtt-explorer');
  });
  it('finds the three connections and ignores the other settings', () => {
    assert.deepEqual([result.connections.map((c) => c.profile.name), result.problems], [['mqtt.eclipseprojects.io', 'Lab broker (mutual TLS)', 'Old WebSocket'], []]);
  });
  it('turns encryption on as mqtts:// and certValidation false as insecureSkipVerify', () => {
    assert.deepEqual([lab.profile.url, lab.profile.tls?.insecureSkipVerify], ['mqtts://lab.example.net:8883', true]);
  });
  it('decodes the three inline certificates (base64) into PEM to write as files, with their names', () => {
    assert.deepEqual(
      lab.certificates.map((c) => [c.field, c.sourceName, c.pem.startsWith('-----BEGIN')]),
      [
        ['ca', 'lab-ca.crt', true],
        ['cert', 'client.crt', true],
        ['key', 'client.key', true],
      ],
    );
  });
  it('keeps the password out of the profile and hands it over for secret storage', () => {
    assert.deepEqual([lab.password, JSON.stringify(lab.raw).includes('lab-pass-42')], ['lab-pass-42', false]);
  });
  it('connects with MQTT 3.1.1, as MQTT Explorer does', () => {
    assert.equal(lab.profile.protocolVersion, '3.1.1');
  });
  it('reads ws with basePath as a WebSocket path with a leading slash', () => {
    assert.deepEqual([old.profile.url, old.profile.websocket], ['ws://192.168.1.20:9001', { path: '/ws' }]);
  });
  it('reads old-style subscriptions written as plain strings at QoS 0', () => {
    assert.deepEqual(old.profile.subscriptions, [
      { topic: 'home/#', qos: 0 },
      { topic: 'garden/+/moisture', qos: 0 },
    ]);
  });
});
