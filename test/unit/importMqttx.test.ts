import { strict as assert } from 'node:assert';
import { connectionNamed, importFixture } from './importFixtures';

describe('Import: MQTTX desktop export (fixtures/import/mqttx-export.json, .yaml)', () => {
  const json = importFixture('mqttx-export.json');
  const factory = connectionNamed(json, 'Factory broker (MQTT 5)');
  const cloud = connectionNamed(json, 'Cloud TLS');
  const ws = connectionNamed(json, 'EMQX over WebSocket');

  it('recognises the JSON array as an MQTTX export', () => {
    assert.equal(json.format, 'mqttx-json');
  });
  it('finds all three connections with no problem', () => {
    assert.deepEqual([json.connections.length, json.problems], [3, []]);
  });
  it('builds the URL from protocol, host and port', () => {
    assert.equal(factory.profile.url, 'mqtt://broker.factory.example:1883');
  });
  it('carries client id, clean, keep-alive, connect timeout and MQTT version', () => {
    const p = factory.profile;
    assert.deepEqual([p.clientId, p.clean, p.keepalive, p.connectTimeout, p.protocolVersion], ['mqttx_3f2a9c1e', false, 30, 10, '5.0']);
  });
  it('carries reconnect and its period in milliseconds', () => {
    assert.deepEqual(factory.profile.reconnect, { enabled: true, period: 4000 });
  });
  it('keeps the user name in the profile and the password out of it', () => {
    assert.deepEqual([factory.profile.auth, JSON.stringify(factory.raw).includes('s3cret')], [{ username: 'line-7' }, false]);
  });
  it('hands the password over for secret storage', () => {
    assert.equal(factory.password, 's3cret-line-7');
  });
  it('carries the MQTT 5 CONNECT properties, a repeated user property with its first value', () => {
    assert.deepEqual(factory.profile.mqtt5, { sessionExpiryInterval: 600, receiveMaximum: 100, maximumPacketSize: 1048576, topicAliasMaximum: 10, requestResponseInformation: true, userProperties: { site: 'plant-2', team: 'iot' } });
  });
  it('carries the will with its delay, expiry and user properties', () => {
    assert.deepEqual(factory.profile.will, { topic: 'factory/line7/status', payload: 'offline', qos: 1, retain: true, delayInterval: 5, messageExpiryInterval: 3600, userProperties: { reason: 'lwt' } });
  });
  it('carries subscriptions with nl, rap, rh and the subscription identifier, leaving the disabled one out', () => {
    assert.deepEqual(factory.profile.subscriptions, [
      { topic: 'factory/line7/#', qos: 1, noLocal: true, retainAsPublished: true, retainHandling: 1, subscriptionIdentifier: 7 },
      { topic: 'factory/+/alarms', qos: 2 },
    ]);
  });
  it('names what does not carry over: the second user property value, the auth method, will extras, an alias and the disabled subscription', () => {
    assert.deepEqual(factory.notCarried, [
      'user property "team": only its first of 2 values',
      'authenticationMethod (TraceMQ has no enhanced authentication)',
      'will payloadFormatIndicator',
      'will contentType',
      'subscription alias "alarms"',
      'subscription "debug/#" (disabled in MQTTX)',
    ]);
  });
  it('reads certType "self" certificate paths and rejectUnauthorized false', () => {
    assert.deepEqual(cloud.profile.tls, { enabled: true, insecureSkipVerify: true, ca: '/home/ana/certs/ca.pem', cert: '/home/ana/certs/client.pem', key: '/home/ana/certs/client.key' });
  });
  it('names the ALPN list as not carried over', () => {
    assert.deepEqual(cloud.notCarried, ['ALPNProtocols (TraceMQ offers no ALPN list)']);
  });
  it('ignores an empty will topic and null MQTT 5 properties', () => {
    assert.deepEqual([cloud.profile.will, cloud.profile.mqtt5], [undefined, undefined]);
  });
  it('reads wss with its path and certType "server" as TLS with the system CAs', () => {
    assert.deepEqual([ws.profile.url, ws.profile.websocket, ws.profile.tls], ['wss://broker.emqx.io:8084', { path: '/mqtt' }, { enabled: true, insecureSkipVerify: false }]);
  });

  describe('YAML of the same shape', () => {
    const yaml = importFixture('mqttx-export.yaml');
    const staging = connectionNamed(yaml, 'Staging (YAML)');
    it('recognises YAML as an MQTTX export', () => {
      assert.equal(yaml.format, 'mqttx-yaml');
    });
    it('carries URL, version, will and subscriptions', () => {
      const p = staging.profile;
      assert.deepEqual([p.url, p.protocolVersion, p.will?.topic, p.subscriptions.map((s) => s.topic)], ['mqtt://10.0.4.17:1884', '3.1.1', 'staging/bye', ['staging/#', '$SYS/broker/uptime']]);
    });
    it('hands the quoted password over for secret storage', () => {
      assert.equal(staging.password, 'st@ging pass');
    });
  });
});
