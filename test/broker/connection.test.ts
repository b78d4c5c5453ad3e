import { strict as assert } from 'node:assert';
import { Connection, ConnectionError } from '../../src/extension/connection/connection';
import { ConnectionManager } from '../../src/extension/connection/connectionManager';
import type { ProtocolVersion } from '../../src/extension/profiles/profile';
import { limits, recordingLogger, testProfile as profile, waitForMessages } from '../harness/connectionHelpers';
import { freePort } from '../harness/freePort';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { mosquittoSub } from '../harness/mosquittoSub';
import { useTeardown } from '../harness/teardown';

/** mosquitto's connect log names the protocol: p1 = 3.1, p2 = 3.1.1, p5 = 5.0. */
const MOSQUITTO_PROTOCOL: Record<ProtocolVersion, string> = { '3.1': 'p1', '3.1.1': 'p2', '5.0': 'p5' };

describe('Connection against mosquitto', function () {
  let broker: Mosquitto;
  const suite = useTeardown('all');
  const teardown = useTeardown();

  before(async () => {
    broker = suite.stoppable('mosquitto', await startMosquitto({ users: { alice: 'correct horse' }, websockets: true }));
  });

  // The same checks for every protocol version over each transport.
  const transports = [
    { name: 'TCP', url: () => broker.url },
    { name: 'WebSocket', url: () => `ws://127.0.0.1:${String(broker.wsPort)}/mqtt` },
  ];
  for (const version of ['3.1', '3.1.1', '5.0'] as const) {
    describe(`MQTT ${version}`, () => {
      for (const transport of transports) {
        it(`connects over ${transport.name} with the asked protocol and credentials, subscribes, receives, publishes and disconnects cleanly`, async () => {
          const clientId = `it-${transport.name.slice(0, 2)}-${version.replace(/\./g, '')}-${Date.now() % 100000}`;
          const log = recordingLogger();
          const connection = new Connection(
            { source: 'workspace', profile: profile(transport.url(), version, { clientId, keepalive: 42, auth: { username: 'alice' }, subscriptions: [{ topic: 'sensors/#', qos: 1 }] }) },
            limits,
            log,
          );
          teardown.add('connection', () => { connection.dispose(); });
          await connection.connect('correct horse');
          assert.equal(connection.state, 'connected');
          const connectLine = await broker.waitForLog(new RegExp(`New client connected from \\S+ as ${clientId} \\(${MOSQUITTO_PROTOCOL[version]}, c1, k42, u'alice'\\)`));
          assert.ok(connectLine);
          await broker.waitForLog(new RegExp(`${clientId} 1 sensors/#`));
          assert.deepEqual(
            connection.subscriptions.map((s) => [s.topic, s.qos, s.granted]),
            [['sensors/#', 1, 1]],
          );

          // Receive what the C reference client publishes.
          mosquittoPub(broker.port, ['-u', 'alice', '-P', 'correct horse', '-t', 'sensors/t1', '-m', '{"c":21.5}', '-q', '1', '-V', version === '5.0' ? '5' : version === '3.1' ? '31' : '311']);
          await waitForMessages(connection.store, 1);
          const m = connection.store.get(connection.store.firstSeq)!;
          assert.equal(m.topic, 'sensors/t1');
          assert.equal(Buffer.from(m.payload).toString(), '{"c":21.5}');
          assert.equal(m.qos, 1);
          assert.equal(m.retain, false);

          // Subscribe to more at run time; then publish and see it at a mosquitto_sub.
          await connection.subscribe({ topic: 'cmd/+', qos: 0 });
          assert.deepEqual(
            connection.subscriptions.map((s) => s.topic),
            ['sensors/#', 'cmd/+'],
          );
          const sub = await mosquittoSub(broker, 'out/#', { user: { username: 'alice', password: 'correct horse' }, verbose: true });
          teardown.add('sub', () => { sub.stop(); });
          await connection.publish({ topic: 'out/x', payload: `hello ${version}`, encoding: 'utf8', qos: 1, retain: false });
          assert.deepEqual(await sub.lines(), [`out/x hello ${version}`]);

          await connection.unsubscribe('cmd/+');
          assert.deepEqual(
            connection.subscriptions.map((s) => s.topic),
            ['sensors/#'],
          );

          await connection.disconnect();
          assert.equal(connection.state, 'disconnected');
          // A clean DISCONNECT (not a dropped socket).
          await broker.waitForLog(new RegExp(`Client ${clientId} disconnected\\.`));
          assert.ok(!log.lines.some((l) => l.includes('correct horse')), 'the password never reaches the log');
        });
      }

      it('refuses a wrong password with a clear reason and does not retry', async () => {
        const clientId = `bad-${version.replace(/\./g, '')}-${Date.now() % 100000}`;
        const connection = new Connection(
          { source: 'workspace', profile: profile(broker.url, version, { clientId, auth: { username: 'alice' } }) },
          limits,
          recordingLogger(),
        );
        const logStart = broker.log().length;
        teardown.add('connection', () => { connection.dispose(); });
        await assert.rejects(connection.connect('wrong'), (e: unknown) => {
          assert.ok(e instanceof ConnectionError);
          // mosquitto answers a wrong password with "not authorized" (3.x code 5, MQTT 5 0x87).
          assert.match(e.message, version === '5.0' ? /Bad user name or password \(0x86\)|Not authorized \(0x87\)/ : /Bad user name or password \(return code 4\)|Not authorized \(return code 5\)/);
          return true;
        });
        assert.equal(connection.state, 'error');
        assert.match(connection.detail ?? '', /refused/);
        // With a 200 ms reconnect period a storm would show several attempts within a second.
        await new Promise((r) => setTimeout(r, 1000));
        const attempts = broker.log().slice(logStart).split('New connection from').length - 1;
        assert.equal(attempts, 1, `expected one connection attempt, saw ${attempts}`);
      });
    });
  }

  it('explains a refused TCP connection in words', async () => {
    const port = await freePort(); // nothing listens there
    const connection = new Connection({ source: 'user', profile: profile(`mqtt://127.0.0.1:${port}`, '5.0') }, limits, recordingLogger());
    teardown.add('connection', () => { connection.dispose(); });
    await assert.rejects(connection.connect(undefined), /Connection refused by 127\.0\.0\.1:\d+: is the broker running/);
    assert.equal(connection.state, 'error');
  });

  it('keeps several profiles connected at once through the manager', async () => {
    const manager = new ConnectionManager(() => limits, recordingLogger());
    teardown.add('manager', () => { manager.dispose(); });
    const a = manager.getOrCreate({ source: 'workspace', profile: profile(broker.url, '5.0', { name: 'A', auth: { username: 'alice' }, subscriptions: [{ topic: 'multi/a', qos: 0 }] }) });
    const b = manager.getOrCreate({ source: 'workspace', profile: profile(broker.url, '3.1.1', { name: 'B', auth: { username: 'alice' }, subscriptions: [{ topic: 'multi/#', qos: 0 }] }) });
    await Promise.all([a.connect('correct horse'), b.connect('correct horse')]);
    assert.deepEqual(
      manager.all().map((c) => c.state),
      ['connected', 'connected'],
    );
    await a.publish({ topic: 'multi/a', payload: 'one', encoding: 'utf8', qos: 1, retain: false });
    await Promise.all([waitForMessages(a.store, 1), waitForMessages(b.store, 1)]);
    assert.equal(b.store.get(b.store.firstSeq)?.topic, 'multi/a');
    await manager.disconnectAll();
    assert.deepEqual(
      manager.all().map((c) => c.state),
      ['disconnected', 'disconnected'],
    );
  });

  it('refuses invalid topics before sending', async () => {
    const connection = new Connection({ source: 'workspace', profile: profile(broker.url, '5.0', { auth: { username: 'alice' } }) }, limits, recordingLogger());
    teardown.connection(connection);
    await connection.connect('correct horse');
    await assert.rejects(connection.publish({ topic: 'a/+/b', payload: 'x', encoding: 'utf8', qos: 0, retain: false }), /Wildcards/);
    await assert.rejects(connection.subscribe({ topic: 'a/#/b', qos: 0 }), /'#' must be/);
  });

  it('tags each message with the subscription it matched, also for subscriptions added later', async () => {
    const connection = new Connection(
      { source: 'workspace', profile: profile(broker.url, '5.0', { auth: { username: 'alice' }, subscriptions: [{ topic: 'colour/a/+', qos: 0 }] }) },
      limits,
      recordingLogger(),
    );
    teardown.connection(connection);
    await connection.connect('correct horse');
    const added = await connection.subscribe({ topic: 'colour/b/#', qos: 1 });
    const [first] = connection.subscriptions;
    assert.ok(first && first.id !== added.id, 'each subscription has its own id');
    assert.deepEqual(connection.info.subscriptions.map((s) => [s.id, s.topic]), [[first.id, 'colour/a/+'], [added.id, 'colour/b/#']]);
    for (const topic of ['colour/a/1', 'colour/b/x/y', 'colour/a/2']) mosquittoPub(broker.port, ['-u', 'alice', '-P', 'correct horse', '-t', topic, '-m', topic]);
    await waitForMessages(connection.store, 3);
    const store = connection.store;
    const tagged = [0, 1, 2].map((i) => store.get(store.firstSeq + i)).map((m) => [m?.topic, m?.sub]);
    assert.deepEqual(tagged, [['colour/a/1', first.id], ['colour/b/x/y', added.id], ['colour/a/2', first.id]]);
  });
});
