import { strict as assert } from 'node:assert';
import { Connection } from '../../src/extension/connection/connection';
import type { Profile, ProtocolVersion } from '../../src/extension/profiles/profile';
import { limits, recordingLogger, sleep, storedMessages, testProfile, uniqueId, waitForMessages, waitForPayload, waitForState } from '../harness/connectionHelpers';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { startRecordingProxy } from '../harness/recordingProxy';
import { startSilentServer } from '../harness/silentServer';
import { watchTimerLateness } from '../harness/timerLateness';
import { useTeardown } from '../harness/teardown';

describe('Sessions, keepalive, timeouts and reconnect against mosquitto', function () {
  let broker: Mosquitto;
  const suite = useTeardown('all');
  const teardown = useTeardown();
  before(async () => {
    broker = suite.stoppable('mosquitto', await startMosquitto());
  });

  /**
   * Connects and subscribes at QoS 1, disconnects, has the C reference client publish two QoS 1
   * messages while we are offline, connects again with the same client id, then publishes a
   * marker: what arrived before the marker is what the broker kept for us.
   */
  async function offlineDelivery(version: ProtocolVersion, extra: Partial<Profile>): Promise<{ payloads: string[]; resumed: boolean }> {
    const clientId = uniqueId('sess');
    const topic = `queue/${clientId}`;
    const entry = { source: 'user' as const, profile: testProfile(broker.url, version, { clientId, subscriptions: [{ topic, qos: 1 }], ...extra }) };
    const first = new Connection(entry, limits, recordingLogger());
    await first.connect(undefined);
    await first.disconnect();
    first.dispose();
    const pubVersion = version === '5.0' ? '5' : '311';
    mosquittoPub(broker.port, ['-V', pubVersion, '-t', topic, '-q', '1', '-m', 'while-offline-1']);
    mosquittoPub(broker.port, ['-V', pubVersion, '-t', topic, '-q', '1', '-m', 'while-offline-2']);
    const second = new Connection(entry, limits, recordingLogger());
    teardown.connection(second);
    await second.connect(undefined);
    const resumed = second.detail === 'Session resumed';
    mosquittoPub(broker.port, ['-V', pubVersion, '-t', topic, '-q', '1', '-m', 'marker']);
    await waitForPayload(second.store, 'marker');
    return { payloads: storedMessages(second.store).map((m) => m.payload), resumed };
  }

  it('clean=false (MQTT 3.1.1) resumes the session: QoS 1 messages published while offline arrive on reconnect', async () => {
    assert.deepEqual(await offlineDelivery('3.1.1', { clean: false }), { payloads: ['while-offline-1', 'while-offline-2', 'marker'], resumed: true });
  });

  it('clean=true (MQTT 3.1.1) starts afresh: nothing queued while offline arrives', async () => {
    assert.deepEqual(await offlineDelivery('3.1.1', { clean: true }), { payloads: ['marker'], resumed: false });
  });

  it('MQTT 5 session expiry interval > 0 with clean=false keeps the session across the disconnect', async () => {
    assert.deepEqual(await offlineDelivery('5.0', { clean: false, mqtt5: { sessionExpiryInterval: 300 } }), {
      payloads: ['while-offline-1', 'while-offline-2', 'marker'],
      resumed: true,
    });
  });

  it('MQTT 5 clean=false without a session expiry resumes the session (TraceMQ asks for the documented default expiry)', async () => {
    assert.deepEqual(await offlineDelivery('5.0', { clean: false }), { payloads: ['while-offline-1', 'while-offline-2', 'marker'], resumed: true });
  });

  it('MQTT 5 session expiry interval 0 ends the session at disconnect, even with clean=false', async () => {
    assert.deepEqual(await offlineDelivery('5.0', { clean: false, mqtt5: { sessionExpiryInterval: 0 } }), { payloads: ['marker'], resumed: false });
  });

  it('sends the keepalive to the broker and detects a dead link within ~1.5 × keepalive', async () => {
    const proxy = await startRecordingProxy(broker.port);
    const clientId = uniqueId('ka');
    const connection = new Connection({ source: 'user', profile: testProfile(proxy.url, '5.0', { clientId, keepalive: 2 }) }, limits, recordingLogger());
    teardown.add('connection and proxy', async () => { connection.dispose(); await proxy.close(); });
    await connection.connect(undefined);
    await broker.waitForLog(new RegExp(`as ${clientId} \\(p5, c1, k2\\)`));
    // The link goes silent both ways with the sockets still open: only keepalive can notice.
    const lateness = watchTimerLateness();
    proxy.freeze();
    const elapsed = await waitForState(connection, 'reconnecting', 8000).finally(() => { lateness.stop(); });
    const late = lateness.maxMs();
    assert.ok(elapsed <= 3000 + 600 + late, `dead link noticed after ${elapsed} ms; keepalive 2 s allows ~3 s (timers ran up to ${late} ms late)`);
    assert.ok(elapsed >= 1000, `noticed after ${elapsed} ms, before any keepalive could have expired`);
  });

  it('fires the connect timeout against a server that accepts TCP but never answers', async () => {
    const silent = await startSilentServer();
    const connection = new Connection({ source: 'user', profile: testProfile(`mqtt://127.0.0.1:${silent.port}`, '3.1.1', { connectTimeout: 1 }) }, limits, recordingLogger());
    const lateness = watchTimerLateness();
    const start = Date.now();
    teardown.add('lateness watch, connection, silent server', async () => { lateness.stop(); connection.dispose(); await silent.close(); });
    await assert.rejects(connection.connect(undefined), /No CONNACK from mqtt:\/\/127\.0\.0\.1:\d+ within 1 s/);
    const elapsed = Date.now() - start;
    const late = lateness.maxMs();
    assert.ok(elapsed >= 900 && elapsed < 2500 + late, `gave up after ${elapsed} ms (timers ran up to ${late} ms late)`);
    assert.equal(connection.state, 'error');
    assert.equal(silent.accepted(), 1, 'the TCP connection itself was accepted');
  });

  describe('after the broker restarts on the same port', () => {
    it('reconnects when reconnect is enabled and makes its subscriptions again', async () => {
      let own = await startMosquitto();
      const port = own.port;
      const clientId = uniqueId('re-on');
      const connection = new Connection(
        { source: 'user', profile: testProfile(own.url, '3.1.1', { clientId, reconnect: { enabled: true, period: 200 }, subscriptions: [{ topic: 'restart/#', qos: 1 }] }) },
        limits,
        recordingLogger(),
      );
      teardown.add('connection and its broker', async () => { connection.dispose(); await own.stop(); });
      await connection.connect(undefined);
      const lost = waitForState(connection, 'reconnecting');
      await own.stop();
      await lost;
      own = await startMosquitto({ port });
      await waitForState(connection, 'connected');
      // A fresh broker knows nothing of us: the subscription was made again.
      await own.waitForLog(new RegExp(`${clientId} 1 restart/#`));
      mosquittoPub(port, ['-t', 'restart/x', '-q', '1', '-m', 'after restart']);
      await waitForMessages(connection.store, 1);
      assert.deepEqual(storedMessages(connection.store), [{ topic: 'restart/x', payload: 'after restart' }]);
    });

    it('stays disconnected, in words, when reconnect is disabled', async () => {
      let own = await startMosquitto();
      const port = own.port;
      const connection = new Connection(
        { source: 'user', profile: testProfile(own.url, '3.1.1', { clientId: uniqueId('re-off'), reconnect: { enabled: false, period: 200 } }) },
        limits,
        recordingLogger(),
      );
      teardown.add('connection and its broker', async () => { connection.dispose(); await own.stop(); });
      await connection.connect(undefined);
      const lost = waitForState(connection, 'error');
      await own.stop();
      await lost;
      assert.match(connection.detail ?? '', /Connection lost|reset|closed/i);
      own = await startMosquitto({ port });
      // With reconnection on (period 200 ms) it would be back well within this.
      await sleep(1000);
      assert.equal(connection.state, 'error');
      assert.doesNotMatch(own.log(), /New connection from/);
    });
  });
});
