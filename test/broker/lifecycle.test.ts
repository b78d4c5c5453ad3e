import { strict as assert } from 'node:assert';
import mqtt from 'mqtt';
import { Connection, ConnectionError } from '../../src/extension/connection/connection';
import type { Profile } from '../../src/extension/profiles/profile';
import { limits, recordingLogger, storedMessages, testProfile, uniqueId, waitForPayload, waitForState } from '../harness/connectionHelpers';
import { startFaultProxy } from '../harness/faultProxy';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { startSilentServer } from '../harness/silentServer';
import { useTeardown } from '../harness/teardown';

/** Resolves with `promise`'s outcome, or rejects when it has not settled within `ms` (a hang is the bug). */
function settlesWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { reject(new Error(`${what} did not settle within ${ms} ms`)); }, ms);
  });
  return Promise.race([promise, hang]).finally(() => { clearTimeout(timer); });
}

/** Resolves once `condition` holds, checked whenever the connection changes. */
function whenever(connection: Connection, condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what} (state ${connection.state}: ${connection.detail ?? ''})`));
    }, timeoutMs);
    const sub = connection.onDidChange(() => {
      if (!condition()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
    if (condition()) {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}

/**
 * The edges of a connection's life (issue 22): disconnecting while reconnecting or connecting,
 * subscription changes while offline, a server closing before CONNACK, MQTT 5 sessions without an
 * expiry, topic aliases, shared subscriptions and two clients with one client id.
 */
describe('Connection lifecycle edges against mosquitto', function () {
  this.timeout(30_000);
  const suite = useTeardown('all');
  const teardown = useTeardown();
  let broker: Mosquitto;
  before(async () => {
    broker = suite.stoppable('mosquitto', await startMosquitto());
  });

  function connection(profile: Profile): Connection {
    return teardown.connection(new Connection({ source: 'user', profile }, limits, recordingLogger()));
  }

  it('disconnect while reconnecting with a queued QoS 1 publish settles and says 1 queued publish was discarded', async () => {
    const proxy = teardown.stoppable('fault proxy', await startFaultProxy(broker.port));
    const c = connection(testProfile(proxy.url, '3.1.1', { clean: false, clientId: uniqueId('dq') }));
    await c.connect(undefined);
    proxy.down(true);
    proxy.cut();
    await waitForState(c, 'reconnecting');
    assert.deepEqual(await c.publish({ topic: 'queued/x', payload: 'x', encoding: 'utf8', qos: 1, retain: false }), { queued: 1 });
    const result = await settlesWithin(c.disconnect(), 5_000, 'disconnect()');
    assert.deepEqual({ result, state: c.state, detail: c.detail }, { result: { discarded: 1 }, state: 'disconnected', detail: '1 queued publish was not sent (discarded).' });
  });

  it('disconnect during the first connect settles connect(): rejected as cancelled, in words', async () => {
    const silent = teardown.stoppable('silent server', await startSilentServer());
    const c = connection(testProfile(`mqtt://127.0.0.1:${silent.port}`, '5.0', { connectTimeout: 30 }));
    const connecting = c.connect(undefined);
    await settlesWithin(c.disconnect(), 5_000, 'disconnect()');
    const error = await settlesWithin(connecting.then(() => undefined, (e: unknown) => e), 5_000, 'connect()');
    assert.ok(error instanceof ConnectionError && error.kind === 'cancelled', `connect() rejected as cancelled, got ${String(error)}`);
  });

  for (const version of ['3.1.1', '5.0'] as const) {
    it(`MQTT ${version}: subscription changes made while reconnecting are applied when the broker resumes the session`, async () => {
      const proxy = teardown.stoppable('fault proxy', await startFaultProxy(broker.port));
      const id = uniqueId('os');
      const c = connection(
        testProfile(proxy.url, version, {
          clean: false,
          clientId: id,
          subscriptions: [{ topic: `${id}/old/#`, qos: 1 }],
          ...(version === '5.0' ? { mqtt5: { sessionExpiryInterval: 60 } } : {}),
        }),
      );
      await c.connect(undefined);
      proxy.down(true);
      proxy.cut();
      await waitForState(c, 'reconnecting');
      await c.subscribe({ topic: `${id}/new/#`, qos: 1 });
      await c.unsubscribe(`${id}/old/#`);
      proxy.down(false);
      await whenever(c, () => c.state === 'connected' && c.subscriptions.every((s) => s.granted !== undefined), 'connected with every subscription granted');
      assert.equal(c.detail, 'Session resumed');
      for (const topic of [`${id}/old/x`, `${id}/new/x`, `${id}/new/marker`]) mosquittoPub(broker.port, ['-t', topic, '-q', '1', '-m', topic]);
      await waitForPayload(c.store, `${id}/new/marker`);
      assert.deepEqual(storedMessages(c.store).map((m) => m.topic), [`${id}/new/x`, `${id}/new/marker`]);
    });
  }

  it('a server that closes the socket before CONNACK is reported at once, not after the connect timeout', async () => {
    const proxy = teardown.stoppable('fault proxy', await startFaultProxy(broker.port));
    proxy.down(true);
    const c = connection(testProfile(proxy.url, '5.0', { connectTimeout: 60 }));
    await assert.rejects(settlesWithin(c.connect(undefined), 10_000, 'connect()'), /closed the connection without answering \(no CONNACK\): is it an MQTT broker/);
    assert.equal(c.state, 'error');
  });

  it('the reconnecting detail punctuates a reason that ends in a question mark: "…on that port? Next attempt…"', async () => {
    const own = await startMosquitto();
    let stopped = false;
    teardown.add('second mosquitto', () => (stopped ? undefined : own.stop()));
    const c = connection(testProfile(own.url, '3.1.1', { reconnect: { enabled: true, period: 5_000 } }));
    await c.connect(undefined);
    await own.stop();
    stopped = true;
    await whenever(c, () => /^Connection refused/.test(c.detail ?? ''), 'a refused reconnection attempt', 15_000);
    assert.match(c.detail ?? '', /on that port\? Next attempt in/);
  });

  describe('topic aliases (MQTT 5; mosquitto allows 10)', () => {
    const send = (c: Connection, topic: string, topicAlias: number, payload: string): ReturnType<Connection['publish']> =>
      c.publish({ topic, payload, encoding: 'utf8', qos: 1, retain: false, properties: { topicAlias } });

    it('an empty topic with an alias this connection has not set up is refused in words, and nothing is sent', async () => {
      const id = uniqueId('al');
      const c = connection(testProfile(broker.url, '5.0', { subscriptions: [{ topic: `${id}/#`, qos: 1 }] }));
      await c.connect(undefined);
      await assert.rejects(send(c, '', 3, 'lost'), /Topic alias 3 is not set up on this connection: publish once with both the topic and alias 3/);
      mosquittoPub(broker.port, ['-t', `${id}/marker`, '-m', 'marker']);
      await waitForPayload(c.store, 'marker');
      assert.deepEqual({ state: c.state, payloads: storedMessages(c.store).map((m) => m.payload) }, { state: 'connected', payloads: ['marker'] });
    });

    it('an empty topic with an alias set up earlier on this connection is sent to the aliased topic', async () => {
      const id = uniqueId('al');
      const c = connection(testProfile(broker.url, '5.0', { subscriptions: [{ topic: `${id}/#`, qos: 1 }] }));
      await c.connect(undefined);
      await send(c, `${id}/aliased`, 2, 'first');
      await send(c, '', 2, 'second');
      await waitForPayload(c.store, 'second');
      assert.deepEqual(storedMessages(c.store), [{ topic: `${id}/aliased`, payload: 'first' }, { topic: `${id}/aliased`, payload: 'second' }]);
    });

    it("an alias above the broker's Topic Alias Maximum is refused in words before sending", async () => {
      const c = connection(testProfile(broker.url, '5.0'));
      await c.connect(undefined);
      await assert.rejects(send(c, 'a/b', 11, 'x'), /Topic alias 11 is above the broker's Topic Alias Maximum \(10\)/);
      assert.equal(c.state, 'connected');
    });
  });

  for (const version of ['3.1.1', '5.0'] as const) {
    it(`MQTT ${version}: messages of a shared subscription ($share/group/filter) are tagged with that subscription`, async () => {
      const id = uniqueId('sh');
      const c = connection(testProfile(broker.url, version, { subscriptions: [{ topic: `$share/g1/${id}/+/temp`, qos: 0 }] }));
      await c.connect(undefined);
      mosquittoPub(broker.port, ['-t', `${id}/kitchen/temp`, '-m', 'x']);
      await waitForPayload(c.store, 'x');
      assert.equal(c.store.get(c.store.firstSeq)?.sub, c.subscriptions[0]?.id);
    });
  }

  describe('two clients with one client id', () => {
    for (const version of ['3.1.1', '5.0'] as const) {
      it(`MQTT ${version}: a connection taken over twice within a minute stops in error and says another client took over its client id`, async () => {
        const clientId = uniqueId('to');
        const profile = testProfile(broker.url, version, { clientId, reconnect: { enabled: true, period: 100 } });
        const a = connection({ ...profile, name: 'a' });
        const b = connection({ ...profile, name: 'b' });
        await a.connect(undefined);
        await b.connect(undefined);
        // Either may be the one that gives up first; the other then keeps the session.
        const stopped = await Promise.race([a, b].map(async (c) => {
          await whenever(c, () => c.state === 'error', `"${c.name}" in error`, 20_000);
          return c;
        }));
        assert.deepEqual(
          { kind: stopped.errorKind, said: new RegExp(`^Another client connected with client id "${clientId}" and took over this session`).test(stopped.detail ?? '') },
          { kind: 'sessionTakenOver', said: true },
          stopped.detail,
        );
      });
    }

    it('MQTT 5.0: one takeover alone is survived: the connection comes back', async () => {
      const clientId = uniqueId('t1');
      const c = connection(testProfile(broker.url, '5.0', { clientId, reconnect: { enabled: true, period: 100 } }));
      await c.connect(undefined);
      const other = await mqtt.connectAsync(broker.url, { clientId, protocolVersion: 5, reconnectPeriod: 0 });
      teardown.add('the other client', () => other.endAsync(true));
      await waitForState(c, 'reconnecting');
      await waitForState(c, 'connected');
    });
  });
});
