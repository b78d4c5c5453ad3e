import { strict as assert } from 'node:assert';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { brokerEndpoint, buildClientOptions, generateClientId } from '../../src/extension/connection/mqttOptions';
import type { Profile } from '../../src/extension/profiles/profile';
import { DEFAULT_SESSION_EXPIRY_S } from '../../src/shared/mqtt/sessionExpiry';

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
    assert.equal(o.connectTimeout, 4000, 'a second after our own connect timer');
    assert.equal(o.reconnectPeriod, 0);
    assert.equal(o.username, 'alice');
    assert.ok(Buffer.isBuffer(o.password), 'the password travels as bytes');
    assert.equal(o.password.toString('utf8'), 's3cret');
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

  it('applies the WebSocket path and handshake headers only to ws:// and wss://', () => {
    const websocket = { path: '/custom', headers: { 'X-Api-Key': 'k' } };
    const ws = buildClientOptions({ ...base, url: 'ws://h:8083/mqtt', websocket }, undefined, 'x');
    assert.equal(ws.protocol, 'ws');
    assert.equal(ws.path, '/custom');
    assert.deepEqual(ws.wsOptions, { headers: { 'X-Api-Key': 'k' } });
    const tcp = buildClientOptions({ ...base, websocket }, undefined, 'x');
    assert.equal(tcp.wsOptions, undefined);
    assert.equal(tcp.path, undefined);
  });

  it('applies TLS material, verification and scheme upgrades', () => {
    const ca = Buffer.from('CA');
    const cert = Buffer.from('CERT');
    const key = Buffer.from('KEY');
    const o = buildClientOptions(
      { ...base, url: 'mqtt://h:8883', tls: { enabled: true, ca: 'ca.pem', cert: 'c.pem', key: 'k.pem', insecureSkipVerify: false } },
      undefined,
      'x',
      { ca, cert, key },
    );
    assert.equal(o.protocol, 'mqtts');
    assert.equal(o.port, 8883);
    assert.equal(o.ca, ca);
    assert.equal(o.cert, cert);
    assert.equal(o.key, key);
    assert.equal(o.rejectUnauthorized, true);
    const insecure = buildClientOptions({ ...base, url: 'ssl://h', tls: { enabled: false, insecureSkipVerify: true } }, undefined, 'x');
    assert.equal(insecure.protocol, 'mqtts', 'ssl:// is spelled mqtts for mqtt.js');
    assert.equal(insecure.rejectUnauthorized, false);
    assert.equal(buildClientOptions({ ...base, url: 'tls://h' }, undefined, 'x').protocol, 'mqtts');
    assert.equal(buildClientOptions({ ...base, url: 'ws://h/mqtt', tls: { enabled: true, insecureSkipVerify: false } }, undefined, 'x').protocol, 'wss');
    // TLS off: nothing of it reaches mqtt.js, even when files were given.
    const plain = buildClientOptions({ ...base, tls: { enabled: false, insecureSkipVerify: true } }, undefined, 'x', { ca });
    assert.equal(plain.protocol, 'mqtt');
    assert.equal('ca' in plain || 'rejectUnauthorized' in plain, false);
  });

  it('opens an encrypted client key itself: the key is handed over decrypted, with no passphrase', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const encrypted = Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'open-sesame-42' }));
    const o = buildClientOptions({ ...base, url: 'mqtts://h' }, undefined, 'x', { key: encrypted, passphrase: 'open-sesame-42' });
    assert.equal('passphrase' in o, false);
    assert.ok(Buffer.isBuffer(o.key));
    assert.doesNotMatch(o.key.toString(), /ENCRYPTED/);
    // The same key: it opens without a passphrase and equals the original.
    assert.deepEqual(createPrivateKey(o.key).export({ type: 'pkcs8', format: 'der' }), privateKey.export({ type: 'pkcs8', format: 'der' }));
  });

  it('holds no secret as a string: what VS Code logs of tls.connect options (at trace level) shows none', () => {
    // mqtt.js hands its options to tls.connect; VS Code's proxy support (@vscode/proxy-agent) logs
    // them with JSON.stringify, where strings show and Buffers become "[object Object]".
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const passphrase = 'passphrase-in-unit-test-7';
    const encrypted = Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }));
    const password = 'password-in-unit-test-9';
    const o = buildClientOptions({ ...base, url: 'mqtts://h', auth: { username: 'alice' } }, password, 'x', { ca: Buffer.from('CA'), key: encrypted, passphrase });
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) for (const x of Object.values(v)) walk(x);
    };
    walk(o);
    assert.ok(strings.includes('alice'), 'strings were collected');
    for (const secret of [password, passphrase]) {
      assert.ok(!strings.some((s) => s.includes(secret)), `${secret} is a string in the options`);
      assert.ok(!JSON.stringify(o).includes(secret), `${secret} shows in JSON.stringify`);
    }
  });

  const mqtt5 = { sessionExpiryInterval: 300, receiveMaximum: 10, maximumPacketSize: 2048, topicAliasMaximum: 4, requestResponseInformation: true, userProperties: { team: 'iot' } };
  const will = { topic: 'clients/x/status', payload: 'offline', qos: 1 as const, retain: true, delayInterval: 5, messageExpiryInterval: 60, userProperties: { reason: 'lwt' } };

  it('sends MQTT 5 CONNECT properties and will properties with MQTT 5 only', () => {
    const o = buildClientOptions({ ...base, mqtt5, will }, undefined, 'x');
    assert.deepEqual(o.properties, mqtt5);
    assert.deepEqual(o.will, {
      topic: 'clients/x/status',
      payload: Buffer.from('offline'),
      qos: 1,
      retain: true,
      properties: { willDelayInterval: 5, messageExpiryInterval: 60, userProperties: { reason: 'lwt' } },
    });
    for (const v of ['3.1', '3.1.1'] as const) {
      const o3 = buildClientOptions({ ...base, protocolVersion: v, mqtt5, will }, undefined, 'x');
      assert.equal(o3.properties, undefined);
      assert.deepEqual(o3.will, { topic: 'clients/x/status', payload: Buffer.from('offline'), qos: 1, retain: true });
    }
  });

  it('MQTT 5 with clean session off and no expiry asks for the documented default session expiry', () => {
    assert.deepEqual(buildClientOptions({ ...base, clean: false }, undefined, 'x').properties, { sessionExpiryInterval: DEFAULT_SESSION_EXPIRY_S });
  });

  it('MQTT 5 with clean session on and no expiry sends no session expiry (the session ends with the connection)', () => {
    assert.equal(buildClientOptions({ ...base, clean: true }, undefined, 'x').properties, undefined);
  });

  it('MQTT 5 with clean session off sends an expiry written in the profile as written, 0 too', () => {
    assert.deepEqual(buildClientOptions({ ...base, clean: false, mqtt5: { sessionExpiryInterval: 0 } }, undefined, 'x').properties, { sessionExpiryInterval: 0 });
  });
});
