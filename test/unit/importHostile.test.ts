import { strict as assert } from 'node:assert';
import { importProfiles } from '../../src/extension/import/importProfiles';
import { MAX_IMPORT_CONNECTIONS } from '../../src/extension/import/mqttxImport';
import { MAX_IMPORT_CHARS } from '../../src/extension/import/sourceDocument';

/** A valid MQTTX connection, changed by `extra`. */
const mqttx = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'c', clientId: 'id', host: 'h', port: 1883, mqttVersion: '5.0', ssl: false, ...extra });
const json = (v: unknown): string => JSON.stringify(v, null, 2);

describe('Import: hostile and malformed input', () => {
  it('refuses empty text', () => {
    assert.deepEqual(importProfiles('  \n').problems, ['The text is empty.']);
  });
  it('refuses JSON of an unknown shape, naming the formats it reads', () => {
    assert.match(importProfiles('{"profiles": []}').problems[0] ?? '', /MQTTX export.*MQTT Explorer.*vsmqtt/);
  });
  it('refuses plain prose', () => {
    assert.equal(importProfiles('Hello, this is not an export.').connections.length, 0);
  });
  it('locates a JSON syntax error by line and column and imports nothing', () => {
    const result = importProfiles('[\n  { "name": "a", "host": "h", "clientId": "x",\n ]');
    assert.deepEqual([result.connections.length, /^Line 3, column \d+: Invalid JSON/.test(result.problems[0] ?? '')], [0, true]);
  });
  it('refuses text over the size limit without parsing it', () => {
    const result = importProfiles(`[${' '.repeat(MAX_IMPORT_CHARS)}]`);
    assert.match(result.problems[0] ?? '', /at most 5 MB/);
  });
  it('refuses JSON nested 100,000 deep in words, without overflowing the stack', () => {
    const result = importProfiles(`[${'['.repeat(100_000)}${']'.repeat(100_000)}]`);
    assert.match(result.problems.join(' '), /Nested deeper than 64 levels/);
  });
  it('refuses YAML nested 100,000 deep in words, without overflowing the stack', () => {
    const result = importProfiles(`- name: a\n  host: h\n  clientId: x\n  will: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    assert.deepEqual([result.connections.length, result.problems.length > 0], [0, true]);
  });
  it('refuses a YAML alias bomb (billion laughs)', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`), '- name: x\n  host: h\n  clientId: c'].join('\n');
    assert.equal(importProfiles(bomb).connections.length, 0);
  });
  it('refuses YAML with a key written twice', () => {
    assert.match(importProfiles('- name: a\n  name: b\n  host: h\n  clientId: x\n').problems[0] ?? '', /unique|duplicate/i);
  });
  it('refuses a connection with a password in an unexpected place (a user property), naming where', () => {
    const result = importProfiles(json([mqttx({ properties: { userProperties: { password: 'hunter2' } } })]));
    assert.deepEqual([result.connections.length, /\[0\]\.properties\.userProperties\.password/.test(result.problems[0] ?? '')], [0, true]);
  });
  it('never repeats the misplaced secret in its message', () => {
    const result = importProfiles(json([mqttx({ will: { lastWillTopic: 't', token: 'tok-123456' } })]));
    assert.ok(!result.problems.join(' ').includes('tok-123456'));
  });
  it('refuses an MQTT Explorer connection with a token inside a subscription', () => {
    const result = importProfiles(json({ ConnectionManager_connections: { x: { name: 'x', host: 'h', port: 1883, protocol: 'mqtt', subscriptions: [{ topic: 'a', qos: 0, token: 'abc' }] } } }));
    assert.match(result.problems[0] ?? '', /subscriptions\[0\]\.token/);
  });
  it('refuses a vsmqtt profile with a password inside a nested object', () => {
    assert.equal(importProfiles(json({ 'vsmqtt.brokerProfiles': [{ name: 'v', host: 'h', port: 1, auth: { password: 'p' } }] })).connections.length, 0);
  });
  it('refuses an MQTT Explorer certificate that is not PEM, saying so', () => {
    const result = importProfiles(json({ ConnectionManager_connections: { x: { name: 'x', host: 'h', port: 8883, protocol: 'mqtt', encryption: true, subscriptions: [], selfSignedCertificate: { name: 'ca.der', data: Buffer.from('not a certificate').toString('base64') } } } }));
    assert.match(result.problems[0] ?? '', /selfSignedCertificate\.data.*is not a PEM CA certificate/);
  });
  it('refuses a vsmqtt CA that looks like PEM but does not open, with the parser\'s reason', () => {
    const result = importProfiles(json({ 'vsmqtt.brokerProfiles': [{ name: 'v', host: 'h', port: 8883, protocol: 'mqtts', ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }] }));
    assert.match(result.problems[0] ?? '', /is not a valid PEM CA certificate/);
  });
  it('imports the valid connections of a file whose other connection is broken, and none half-way', () => {
    const result = importProfiles(json([mqttx({ name: 'good' }), mqttx({ name: 'bad', keepalive: 'often' })]));
    assert.deepEqual([result.connections.map((c) => c.profile.name), result.problems.length], [['good'], 1]);
  });
  it('locates a bad field by its path and line', () => {
    const result = importProfiles(json([mqttx({ name: 'bad', keepalive: 'often' })]));
    assert.match(result.problems[0] ?? '', /MQTTX connection "bad" \(\[0\]\.keepalive, line 9\): must be a whole number from 0 to 65,535 \(got "often"\)\./);
  });
  it('refuses an unknown MQTTX protocol', () => {
    assert.match(importProfiles(json([mqttx({ protocol: 'quic' })])).problems[0] ?? '', /"mqtt", "mqtts", "ws" or "wss"/);
  });
  it('refuses a host holding a URL path or credentials', () => {
    assert.match(importProfiles(json([mqttx({ host: 'user@h/x' })])).problems[0] ?? '', /is not a host name/);
  });
  it('refuses a mistyped MQTT version', () => {
    assert.match(importProfiles(json([mqttx({ mqttVersion: '4' })])).problems[0] ?? '', /"3\.1", "3\.1\.1" or "5\.0"/);
  });
  it('refuses an invalid subscription topic through the profile validator', () => {
    assert.match(importProfiles(json([mqttx({ subscriptions: [{ topic: 'a/#/b', qos: 0 }] })])).problems[0] ?? '', /#/);
  });
  it('does not let a __proto__ user property reach any prototype', () => {
    importProfiles('[{"name":"p","clientId":"i","host":"h","port":1,"mqttVersion":"5.0","properties":{"userProperties":{"__proto__":{"polluted":"yes"}}}}]');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
  it(`reads at most ${MAX_IMPORT_CONNECTIONS} connections and says so`, () => {
    const result = importProfiles(json(Array.from({ length: MAX_IMPORT_CONNECTIONS + 5 }, (_, i) => mqttx({ name: `c${i}` }))));
    assert.deepEqual([result.connections.length, result.problems.some((p) => p.includes(`more than ${MAX_IMPORT_CONNECTIONS}`))], [MAX_IMPORT_CONNECTIONS, true]);
  });
  it('refuses a vsmqtt Unix socket profile in words', () => {
    assert.match(importProfiles(json({ 'vsmqtt.brokerProfiles': [{ name: 'u', protocol: 'mqtt', path: '/run/m.sock', unixSocket: true }] })).problems[0] ?? '', /Unix socket/);
  });
});
