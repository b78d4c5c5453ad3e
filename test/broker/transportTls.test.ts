import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { Connection, ConnectionError } from '../../src/extension/connection/connection';
import type { Profile, ProfileEntry, TlsOptions } from '../../src/extension/profiles/profile';
import { generateCerts, type TestCerts } from '../harness/certs';
import { limits, recordingLogger, testProfile, uniqueId, waitForPayload } from '../harness/connectionHelpers';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { startWsHeaderProxy } from '../harness/wsHeaderProxy';
import { useTeardown } from '../harness/teardown';

describe('Transports and TLS against mosquitto', function () {
  let broker: Mosquitto;
  let certs: TestCerts;
  const suite = useTeardown('all');
  const teardown = useTeardown();

  before(async () => {
    certs = generateCerts();
    suite.add('certificates', () => { certs.remove(); });
    broker = suite.stoppable('mosquitto', await startMosquitto({ websockets: true, tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey } }));
  });

  /** A workspace profile whose folder is the certificates' folder, so relative paths are tried too. */
  const entry = (url: string, tls: Partial<TlsOptions> | undefined, extra: Partial<Profile> = {}): ProfileEntry => {
    const profile = testProfile(url, '5.0', { clientId: uniqueId('tls'), ...extra });
    if (tls) profile.tls = { enabled: true, insecureSkipVerify: false, ...tls };
    return { source: 'workspace', folder: certs.dir, profile };
  };

  /** Connects, then proves the link carries messages both ways from the broker to us. */
  async function connectAndReceive(e: ProfileEntry, secrets?: { passphrase?: string }): Promise<void> {
    const topic = `t/${e.profile.clientId ?? 'x'}`;
    e.profile.subscriptions = [{ topic, qos: 1 }];
    const connection = new Connection(e, limits, recordingLogger());
    teardown.connection(connection);
    await connection.connect({ password: undefined, passphrase: secrets?.passphrase });
    assert.equal(connection.state, 'connected');
    await broker.waitForLog(new RegExp(`${e.profile.clientId ?? ''} 1 ${topic}`));
    mosquittoPub(broker.port, ['-t', topic, '-q', '1', '-m', 'over the link']);
    await waitForPayload(connection.store, 'over the link');
  }

  async function connectFails(e: ProfileEntry, pattern: RegExp, secrets?: { passphrase?: string }): Promise<string> {
    const connection = new Connection(e, limits, recordingLogger());
    teardown.add('connection', () => { connection.dispose(); });
    let message = '';
    await assert.rejects(connection.connect({ passphrase: secrets?.passphrase }), (err: unknown) => {
      assert.ok(err instanceof ConnectionError, String(err));
      message = err.message;
      assert.match(err.message, pattern);
      return true;
    });
    assert.equal(connection.state, 'error');
    assert.equal(connection.detail, message, 'the tree shows the same words');
    return message;
  }

  it('sends the WebSocket path and custom headers in the handshake', async () => {
    const proxy = await startWsHeaderProxy(broker.wsPort!);
    teardown.add('proxy', async () => { await proxy.close(); });
    const e = entry(`ws://127.0.0.1:${proxy.port}/from-the-url`, undefined, {
      websocket: { path: '/mqtt-custom', headers: { 'X-Api-Key': 'k-123', 'X-Team': 'iot' } },
    });
    await connectAndReceive(e);
    assert.equal(proxy.handshakes.length, 1);
    const hs = proxy.handshakes[0]!;
    assert.equal(hs.path, '/mqtt-custom', 'websocket.path overrides the URL path');
    assert.equal(hs.headers['x-api-key'], 'k-123');
    assert.equal(hs.headers['x-team'], 'iot');
    assert.equal(hs.headers['sec-websocket-protocol'], 'mqtt');
  });

  it('connects over wss:// verified by the CA (relative path from the workspace folder)', async () => {
    await connectAndReceive(entry(`wss://127.0.0.1:${broker.wssPort!}/mqtt`, { ca: basename(certs.ca) }));
  });

  for (const scheme of ['mqtts', 'ssl', 'tls'] as const) {
    it(`connects over ${scheme}:// with the server verified by the given CA`, async () => {
      await connectAndReceive(entry(`${scheme}://127.0.0.1:${broker.tlsPort!}`, { ca: basename(certs.ca) }));
    });
  }

  it('upgrades mqtt:// to TLS when tls.enabled is true', async () => {
    await connectAndReceive(entry(`mqtt://127.0.0.1:${broker.tlsPort!}`, { ca: certs.ca }));
  });

  it('fails in words when the server certificate is signed by another CA, or by none the system knows', async () => {
    await connectFails(entry(`mqtts://127.0.0.1:${broker.tlsPort!}`, { ca: certs.otherCa }), /not signed by a known certificate authority: set "tls\.ca"/);
    await connectFails(entry(`mqtts://127.0.0.1:${broker.tlsPort!}`, {}), /not signed by a known certificate authority|self-signed/);
  });

  it('connects to an untrusted server when insecureSkipVerify is on', async () => {
    await connectAndReceive(entry(`mqtts://127.0.0.1:${broker.tlsPort!}`, { ca: certs.otherCa, insecureSkipVerify: true }));
  });

  it('fails in words when the certificate is for another host name', async () => {
    const server = createTlsServer({ cert: readFileSync(certs.wrongHostCert), key: readFileSync(certs.wrongHostKey) }, (s) => s.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    teardown.add('server', () => { server.close(); });
    const port = (server.address() as { port: number }).port;
    await connectFails(entry(`mqtts://127.0.0.1:${port}`, { ca: certs.ca }), /certificate of 127\.0\.0\.1:\d+ is for another host name/);
  });

  it('does mutual TLS against require_certificate, and explains a missing client certificate', async () => {
    await connectAndReceive(entry(`mqtts://127.0.0.1:${broker.mtlsPort!}`, { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey }));
    await connectFails(entry(`mqtts://127.0.0.1:${broker.mtlsPort!}`, { ca: certs.ca }), /requires a client certificate/);
  });

  it('opens an encrypted client key with the passphrase from secret storage, and explains a wrong or missing one', async () => {
    const tls = { ca: certs.ca, cert: certs.clientCert, key: certs.clientKeyEncrypted };
    await connectAndReceive(entry(`mqtts://127.0.0.1:${broker.mtlsPort!}`, tls), { passphrase: certs.passphrase });
    const start = broker.log().length;
    await connectFails(entry(`mqtts://127.0.0.1:${broker.mtlsPort!}`, tls), /cannot be decrypted: the key passphrase is wrong/, { passphrase: 'wrong' });
    await connectFails(entry(`mqtts://127.0.0.1:${broker.mtlsPort!}`, tls), /is encrypted: set its passphrase/);
    assert.doesNotMatch(broker.log().slice(start), /New connection from/, 'a key that cannot be opened never reaches the broker');
  });

  it('names the file and the field when a certificate file cannot be read', async () => {
    const start = broker.log().length;
    await connectFails(
      entry(`mqtts://127.0.0.1:${broker.mtlsPort!}`, { ca: certs.ca, cert: certs.clientCert, key: 'keys/missing.key' }),
      /^TLS client key keys\/missing\.key \(tls\.key\) cannot be read: ENOENT \(no such file\)/,
    );
    await connectFails(entry(`mqtts://127.0.0.1:${broker.tlsPort!}`, { ca: '.' }), /^TLS CA file \. \(tls\.ca\) cannot be read: EISDIR/);
    const user: ProfileEntry = { source: 'user', profile: { ...entry(`mqtts://127.0.0.1:${broker.tlsPort!}`, { ca: 'ca.pem' }).profile } };
    await connectFails(user, /relative path, but this profile has no workspace folder/);
    assert.doesNotMatch(broker.log().slice(start), /New connection from/);
  });
});
