import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '../../src/extension/connection/connection';
import type { Profile, ProfileEntry } from '../../src/extension/profiles/profile';
import { KeyLogTap } from '../../src/extension/trace/keyLogTap';
import { DEFAULT_TRACE_SETTINGS, ProtocolTrace } from '../../src/extension/trace/protocolTrace';
import { toTraceNdjsonLine } from '../../src/extension/trace/traceNdjson';
import type { TraceEntry } from '../../src/shared/trace/traceEntry';
import { generateCerts, type TestCerts } from '../harness/certs';
import { limits, recordingLogger, testProfile, uniqueId, waitForPayload } from '../harness/connectionHelpers';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { useTeardown } from '../harness/teardown';

const PASSWORD = 'pw-hunter2-in-the-trace';

describe('Protocol trace against mosquitto', function () {
  let broker: Mosquitto;
  let certs: TestCerts;
  const suite = useTeardown('all');
  const teardown = useTeardown();

  before(async () => {
    certs = generateCerts();
    suite.add('certificates', () => { certs.remove(); });
    broker = suite.stoppable('mosquitto', await startMosquitto({ users: { alice: PASSWORD }, websockets: true, tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey } }));
  });

  /** A connected connection with a trace from its first byte. */
  async function traced(url: string, extra: Partial<Profile> = {}): Promise<{ connection: Connection; trace: ProtocolTrace; clientId: string }> {
    const clientId = uniqueId('trace');
    const profile = testProfile(url, '5.0', { clientId, auth: { username: 'alice' }, ...extra });
    const entry: ProfileEntry = { source: 'workspace', folder: certs.dir, profile };
    const connection = new Connection(entry, limits, recordingLogger());
    teardown.connection(connection);
    const trace = new ProtocolTrace(DEFAULT_TRACE_SETTINGS, { nextSeq: () => connection.store.nextSeq });
    teardown.add('trace', () => { trace.dispose(); });
    connection.addTap(trace);
    await connection.connect(PASSWORD);
    return { connection, trace, clientId };
  }

  /** Resolves with the first entry that matches (woken by the trace's changes, no polling). */
  function entryWhere(trace: ProtocolTrace, match: (e: TraceEntry) => boolean, what: string): Promise<TraceEntry> {
    return new Promise((resolve, reject) => {
      const find = (): boolean => {
        for (const e of trace.entries()) {
          if (match(e)) {
            clearTimeout(timer);
            sub.dispose();
            resolve(e);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`no ${what} in the trace: ${[...trace.entries()].map((e) => `${e.dir} ${e.type} ${e.summary}`).join(' | ')}`));
      }, 10_000);
      const sub = trace.onDidChange(() => { find(); });
      find();
    });
  }

  it('records the CONNECT as mosquitto logged it (client id, protocol, clean, keep alive, user)', async () => {
    const { trace, clientId } = await traced(broker.url, { keepalive: 42 });
    await broker.waitForLog(new RegExp(`as ${clientId} \\(p5, c1, k42, u'alice'\\)`));
    const connect = await entryWhere(trace, (e) => e.type === 'connect', 'CONNECT');
    assert.deepEqual([connect.dir, connect.fields.clientId, connect.fields.protocolVersion, connect.fields.clean, connect.fields.keepalive, connect.fields.username], ['out', clientId, 5, true, 42, 'alice']);
  });

  it('records the TCP connection with the local port mosquitto saw', async () => {
    const { trace, clientId } = await traced(broker.url);
    const line = await broker.waitForLog(new RegExp(`New client connected from 127\\.0\\.0\\.1:(\\d+) as ${clientId}`));
    const tcp = await entryWhere(trace, (e) => e.type === 'tcp', 'TCP event');
    assert.deepEqual([tcp.fields.remotePort, tcp.fields.localPort], [broker.port, Number(/:(\d+) /.exec(line)?.[1])]);
  });

  it('records the CONNACK in words, paired with the CONNECT', async () => {
    const { trace } = await traced(broker.url);
    const connack = await entryWhere(trace, (e) => e.type === 'connack', 'CONNACK');
    assert.deepEqual([connack.reason, connack.answers], ['Success (0x00)', 0 + [...trace.entries()].findIndex((e) => e.type === 'connect')]);
  });

  it('keeps the password out of the trace and its export', async () => {
    const { trace } = await traced(broker.url);
    await entryWhere(trace, (e) => e.type === 'connack', 'CONNACK');
    const exported = [...trace.entries()].map(toTraceNdjsonLine).join('\n');
    const bytes = trace.bytesOf(0);
    assert.deepEqual(
      [JSON.stringify([...trace.entries()]).includes(PASSWORD), exported.includes(PASSWORD), Buffer.from(bytes?.bytes ?? []).includes(PASSWORD), exported.includes('"password":"set"')],
      [false, false, false, true],
    );
  });

  it('records a SUBSCRIBE and the QoS its SUBACK granted', async () => {
    const { connection, trace } = await traced(broker.url);
    await connection.subscribe({ topic: 'trace/sub', qos: 2 });
    const suback = await entryWhere(trace, (e) => e.type === 'suback', 'SUBACK');
    assert.deepEqual(suback.fields.granted, [{ code: 2, words: 'Granted QoS 2' }]);
  });

  it('pairs an UNSUBSCRIBE with its UNSUBACK', async () => {
    const { connection, trace } = await traced(broker.url);
    await connection.subscribe({ topic: 'trace/unsub', qos: 0 });
    await connection.unsubscribe('trace/unsub');
    const unsubscribe = await entryWhere(trace, (e) => e.type === 'unsubscribe' && e.ackMs !== undefined, 'answered UNSUBSCRIBE');
    assert.deepEqual(unsubscribe.acks?.map((a) => a.type), ['unsuback']);
  });

  it('pairs the four steps of a QoS 2 publish we send', async () => {
    const { connection, trace } = await traced(broker.url);
    await connection.publish({ topic: 'trace/q2', payload: 'two', encoding: 'utf8', qos: 2, retain: false });
    const publish = await entryWhere(trace, (e) => e.type === 'publish' && e.dir === 'out' && e.ackMs !== undefined, 'completed QoS 2 publish');
    assert.deepEqual(publish.acks?.map((a) => a.type), ['pubrec', 'pubrel', 'pubcomp']);
  });

  it('pairs the four steps of a QoS 2 publish we receive and links it to the stored message', async () => {
    const { connection, trace, clientId } = await traced(broker.url, { subscriptions: [{ topic: 'trace/in2', qos: 2 }] });
    await broker.waitForLog(new RegExp(`${clientId} 2 trace/in2`));
    mosquittoPub(broker.port, ['-u', 'alice', '-P', PASSWORD, '-t', 'trace/in2', '-q', '2', '-m', 'in two']);
    await waitForPayload(connection.store, 'in two');
    const publish = await entryWhere(trace, (e) => e.type === 'publish' && e.dir === 'in' && e.ackMs !== undefined, 'completed incoming QoS 2 publish');
    assert.deepEqual([publish.acks?.map((a) => a.type), connection.store.get(publish.seq ?? -1)?.topic], [['pubrec', 'pubrel', 'pubcomp'], 'trace/in2']);
  });

  it('records our DISCONNECT and the close of the socket by the client', async () => {
    const { connection, trace } = await traced(broker.url);
    await connection.disconnect();
    const close = await entryWhere(trace, (e) => e.type === 'close', 'close');
    assert.deepEqual([[...trace.entries()].some((e) => e.type === 'disconnect' && e.dir === 'out'), close.fields.by], [true, 'client']);
  });

  it('gives a ping its round-trip time', async () => {
    const { trace } = await traced(broker.url, { keepalive: 1 });
    const ping = await entryWhere(trace, (e) => e.type === 'pingreq' && e.ackMs !== undefined, 'answered PINGREQ');
    assert.deepEqual(ping.acks?.map((a) => a.type), ['pingresp']);
  });

  it('records the TLS handshake with the server certificate verified by the CA', async () => {
    const { trace } = await traced(`mqtts://127.0.0.1:${broker.tlsPort!}`, { tls: { enabled: true, insecureSkipVerify: false, ca: certs.ca } });
    const tls = await entryWhere(trace, (e) => e.type === 'tls', 'TLS event');
    const chain = tls.fields.chain as { subject: string; subjectAltNames?: string[] }[];
    assert.deepEqual([tls.fields.authorized, chain[0]?.subjectAltNames?.includes('IP Address:127.0.0.1'), typeof tls.fields.cipher, /^TLSv1\.[23]$/.test(tls.fields.protocol as string)], [true, true, 'string', true]);
  });

  it('records the WebSocket upgrade with its status and the secret header masked', async () => {
    const { trace } = await traced(`ws://127.0.0.1:${broker.wsPort!}/mqtt`, { websocket: { headers: { Authorization: 'Bearer very-secret', 'X-Team': 'iot' } } });
    const ws = await entryWhere(trace, (e) => e.type === 'websocket', 'WebSocket upgrade');
    const headers = ws.fields.requestHeaders as Record<string, string>;
    assert.deepEqual([ws.fields.status, ws.fields.path, headers.authorization, headers['x-team']], [101, '/mqtt', 'set', 'iot']);
  });

  describe('TLS key log', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'tracemq-keylog-'));
      teardown.add('key log folder', () => { rmSync(dir, { recursive: true, force: true }); });
    });

    it('appends the session keys in the SSLKEYLOGFILE format when asked for', async () => {
      const file = join(dir, 'keys.log');
      const profile = testProfile(`mqtts://127.0.0.1:${broker.tlsPort!}`, '5.0', { clientId: uniqueId('keylog'), auth: { username: 'alice' }, tls: { enabled: true, insecureSkipVerify: false, ca: certs.ca } });
      const connection = teardown.connection(new Connection({ source: 'workspace', folder: certs.dir, profile }, limits, recordingLogger()));
      connection.addTap(new KeyLogTap(file, () => undefined));
      await connection.connect(PASSWORD);
      assert.match(readFileSync(file, 'utf8'), /^(CLIENT_RANDOM|CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET) [0-9a-f]{64} [0-9a-f]+$/m);
    });

    it('writes nothing more once the connect it was asked for has ended (the next connect is not logged)', async () => {
      const file = join(dir, 'keys.log');
      const profile = testProfile(`mqtts://127.0.0.1:${broker.tlsPort!}`, '5.0', { clientId: uniqueId('keylog'), auth: { username: 'alice' }, tls: { enabled: true, insecureSkipVerify: false, ca: certs.ca } });
      const connection = teardown.connection(new Connection({ source: 'workspace', folder: certs.dir, profile }, limits, recordingLogger()));
      let ended = 0;
      const tap = connection.addTap(new KeyLogTap(file, () => { ended++; tap.dispose(); }));
      await connection.connect(PASSWORD);
      await connection.disconnect();
      const before = readFileSync(file, 'utf8');
      await connection.connect(PASSWORD);
      assert.deepEqual([readFileSync(file, 'utf8') === before, ended], [true, 1]);
    });

    it('writes no key log when not asked for', async () => {
      const { connection } = await traced(`mqtts://127.0.0.1:${broker.tlsPort!}`, { tls: { enabled: true, insecureSkipVerify: false, ca: certs.ca } });
      assert.deepEqual([connection.state, existsSync(join(dir, 'keys.log'))], ['connected', false]);
    });
  });
});
