import { strict as assert } from 'node:assert';
import { importProfiles } from '../../src/extension/import/importProfiles';
import { connectionNamed, importFixture } from './importFixtures';

describe('Import: command lines (fixtures/import/commands.sh)', () => {
  const result = importFixture('commands.sh');
  const sub = connectionNamed(result, 'broker.factory.example:1883');
  const pub = connectionNamed(result, 'secure.example:8883');
  const mqttx = connectionNamed(result, 'broker.emqx.io:8084');

  it('recognises the commands, a continued line and a "$ " prompt included', () => {
    assert.deepEqual([result.format, result.connections.length, result.problems], ['command-line', 3, []]);
  });
  it('mosquitto_sub: carries client id, version, clean session off, session expiry and keep-alive', () => {
    const p = sub.profile;
    assert.deepEqual([p.clientId, p.protocolVersion, p.clean, p.mqtt5?.sessionExpiryInterval, p.keepalive], ['gw-monitor', '5.0', false, 300, 30]);
  });
  it('mosquitto_sub: every -t becomes a subscription at the -q QoS, quoted topics included', () => {
    assert.deepEqual(sub.profile.subscriptions, [
      { topic: 'factory/+/status', qos: 1 },
      { topic: 'factory/line 7/#', qos: 1 },
    ]);
  });
  it('mosquitto_sub: a password written as $MQTT_PASSWORD is not a password, and is named as not carried over', () => {
    assert.deepEqual([sub.password, sub.notCarried.some((n) => n.includes('$MQTT_PASSWORD'))], [undefined, true]);
  });
  it('mosquitto_pub -L: user and password come out of the URL, the password for secret storage', () => {
    assert.deepEqual([pub.profile.auth, pub.password, pub.profile.url], [{ username: 'alice' }, 'wonder land', 'mqtts://secure.example:8883']);
  });
  it('mosquitto_pub: --cafile turns TLS on with the CA file, and the message is named as not carried over', () => {
    assert.deepEqual([pub.profile.tls?.ca, pub.notCarried.length], ['/etc/ssl/certs/ca.pem', 1]);
  });
  it('mosquitto: MQTT 3.1.1 unless -V says otherwise', () => {
    assert.equal(pub.profile.protocolVersion, '3.1.1');
  });
  it('mqttx sub: -l wss with --path, user and password', () => {
    const p = mqttx.profile;
    assert.deepEqual([p.url, p.websocket?.path, p.auth?.username, mqttx.password], ['wss://broker.emqx.io:8084', '/mqtt', 'bob', 'hunter2']);
  });
  it('mqttx sub: variadic -t, -q, -nl and -rh pair up by position', () => {
    assert.deepEqual(mqttx.profile.subscriptions, [
      { topic: 'sensors/#', qos: 1, noLocal: true, retainHandling: 2 },
      { topic: 'alerts/#', qos: 2 },
    ]);
  });
  it('mqttx sub: carries session expiry and the will', () => {
    assert.deepEqual([mqttx.profile.mqtt5?.sessionExpiryInterval, mqttx.profile.will], [120, { topic: 'clients/mqttx_cli_1', payload: 'offline', qos: 1, retain: true }]);
  });
  it('mqttx sub: names --alpn as not carried over', () => {
    assert.deepEqual(mqttx.notCarried, ['the alpn option']);
  });
  it('mosquitto_sub -c on MQTT 5 without -x keeps the session forever, as mosquitto does', () => {
    const [c] = importProfiles('mosquitto_sub -V 5 -c -i keep -t a').connections;
    assert.equal(c?.profile.mqtt5?.sessionExpiryInterval, 0xffffffff);
  });
  it('finds the mosquitto_pub of a printf pipeline', () => {
    assert.equal(importProfiles("printf 'x' | mosquitto_pub -h h1 -t t -s").connections[0]?.profile.url, 'mqtt://h1');
  });
  it('mosquitto -D connect and -D will properties carry over', () => {
    const [c] = importProfiles('mosquitto_sub -V mqttv5 -t a -D connect receive-maximum 5 -D connect user-property k "v w" --will-topic w -D will will-delay-interval 3').connections;
    assert.deepEqual([c?.profile.mqtt5, c?.profile.will?.delayInterval], [{ receiveMaximum: 5, userProperties: { k: 'v w' } }, 3]);
  });
  it('refuses a host written as a shell variable, in words', () => {
    assert.match(importProfiles('mosquitto_sub -h "$BROKER" -t a').problems[0] ?? '', /shell expansion/);
  });
  it('refuses an unterminated quote with its line', () => {
    assert.match(importProfiles("mosquitto_sub -h b\n  -t 'a").problems[0] ?? '', /^Line 2: A single quote/);
  });
  it('refuses mqttx commands other than sub, pub and conn', () => {
    assert.match(importProfiles('mqttx bench sub -c 10').problems[0] ?? '', /mqttx sub/);
  });
});
