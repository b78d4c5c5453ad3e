import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { IPublishPacket, ISubscribePacket } from 'mqtt-packet';
import { Connection } from '../../src/extension/connection/connection';
import type { Profile } from '../../src/extension/profiles/profile';
import { LogViewHost } from '../../src/extension/log/logViewHost';
import { RepeatPublisher } from '../../src/extension/publish/repeatPublisher';
import { sendRequest } from '../../src/extension/publish/requestResponse';
import type { PublishParams } from '../../src/shared/mqtt/publishShapes';
import type { RepeatStatus } from '../../src/shared/publish/publishProtocol';
import { limits, recordingLogger, storedMessages, testProfile, uniqueId, waitForMessages, waitForPayload, waitForState } from '../harness/connectionHelpers';
import { dynamicSecurity, mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { mosquittoSub, type MosquittoSub, type MosquittoSubOptions } from '../harness/mosquittoSub';
import { startRecordingProxy } from '../harness/recordingProxy';
import { useTeardown } from '../harness/teardown';

const PASSWORD = 'mqtt5-pw';
const ADMIN_PASSWORD = 'admin-pw';
const text = (topic: string, payload: string, extra: Partial<PublishParams> = {}): PublishParams => ({ topic, payload, encoding: 'utf8', qos: 1, retain: false, ...extra });

/**
 * MQTT 5 both ways against mosquitto: what TraceMQ publishes and subscribes with is checked on the
 * wire (mosquitto_sub's format codes, a recording proxy), the broker's behaviour for each
 * subscription option is checked as the spec describes it, and its refusals come back in words.
 */
describe('MQTT 5 publish and subscribe against mosquitto', function () {
  let broker: Mosquitto;
  let aclDir: string;
  const suite = useTeardown('all');
  const teardown = useTeardown();

  before(async () => {
    // Dynamic security: alice may publish and subscribe under lab/ only (its ACLs refuse a
    // SUBSCRIBE too, which acl_file never does); admin may use the plugin's control topic.
    aclDir = mkdtempSync(join(tmpdir(), 'tracemq-dynsec-'));
    suite.add('security folder', () => { rmSync(aclDir, { recursive: true, force: true }); });
    const security = dynamicSecurity(
      aclDir,
      [
        { username: 'alice', password: PASSWORD, roles: ['lab'] },
        { username: 'admin', password: ADMIN_PASSWORD, roles: ['admin'] },
      ],
      [
        { rolename: 'lab', acls: [{ acltype: 'publishClientSend', topic: 'lab/#', allow: true }, { acltype: 'subscribePattern', topic: 'lab/#', allow: true }] },
        { rolename: 'admin', acls: [{ acltype: 'publishClientSend', topic: '$CONTROL/dynamic-security/#', allow: true }, { acltype: 'subscribePattern', topic: '$CONTROL/dynamic-security/#', allow: true }] },
      ],
    );
    broker = suite.stoppable('mosquitto', await startMosquitto({ extraConfig: [...security, 'max_topic_alias 4'] }));
  });

  async function connected(extra: Partial<Profile> = {}, url = broker.url): Promise<Connection> {
    const c = new Connection({ source: 'user', profile: testProfile(url, '5.0', { clientId: uniqueId('m5'), auth: { username: 'alice' }, ...extra }) }, limits, recordingLogger());
    teardown.connection(c);
    await c.connect(PASSWORD);
    return c;
  }
  const sub = (topic: string, options: MosquittoSubOptions = {}): Promise<MosquittoSub> => mosquittoSub(broker, topic, { user: { username: 'alice', password: PASSWORD }, version: '5', ...options });

  it('sends every publish property as set: mosquitto_sub sees content type, correlation data, expiry, format, user properties, response topic', async () => {
    const c = await connected();
    const s = await sub('lab/props', { qos: 1, format: '%C|%D|%E|%F|%P|%R|%q|%x' });
    await c.publish(
      text('lab/props', '{"on":true}', {
        properties: {
          contentType: 'application/json',
          payloadFormatIndicator: 1,
          messageExpiryInterval: 300,
          responseTopic: 'lab/props/ack',
          correlationData: 'req-7',
          userProperties: [['origin', 'tracemq'], ['origin', 'again'], ['team', 'iot']],
        },
      }),
    );
    const [contentType, correlation, expiry, format, user, response, qos, hex] = await s.fields();
    assert.deepEqual([contentType, correlation, format, response, qos], ['application/json', 'req-7', '1', 'lab/props/ack', '1']);
    assert.ok(Number(expiry) > 290 && Number(expiry) <= 300, `expiry ${expiry}`);
    assert.equal(user, 'origin:tracemq origin:again team:iot', 'repeated names kept, in order');
    assert.equal(hex, Buffer.from('{"on":true}').toString('hex'));
  });

  it('publishes binary payloads from hex and base64, and hex correlation data', async () => {
    const c = await connected();
    const s = await sub('lab/bin', { count: 2, format: '%x|%D' });
    await c.publish(text('lab/bin', '00 ff 10', { encoding: 'hex', properties: { correlationData: '61 62', correlationDataEncoding: 'hex' } }));
    await c.publish(text('lab/bin', '/wA=', { encoding: 'base64' }));
    assert.deepEqual(await s.lines(), ['00ff10|ab', 'ff00|']);
  });

  it('uses a topic alias within the broker\'s maximum, and refuses one above it before sending', async () => {
    const p = await startRecordingProxy(broker.port);
    teardown.stoppable('recording proxy', p);
    const c = await connected({}, p.url);
    assert.equal(c.server?.properties.topicAliasMaximum, 4, 'the CONNACK says how many aliases the broker takes');
    const s = await sub('lab/alias', { count: 2, verbose: true });
    await c.publish(text('lab/alias', 'first', { properties: { topicAlias: 2 } }));
    await c.publish(text('', 'second', { properties: { topicAlias: 2 } }));
    assert.deepEqual(await s.lines(), ['lab/alias first', 'lab/alias second']);
    const publishes = p.packets.filter((x) => x.from === 'client' && x.packet.cmd === 'publish').map((x) => x.packet as IPublishPacket);
    assert.deepEqual(publishes.map((x) => [x.topic, x.properties?.topicAlias]), [['lab/alias', 2], ['', 2]], 'the second PUBLISH carried only the alias');
    await assert.rejects(c.publish(text('lab/alias', 'x', { properties: { topicAlias: 5 } })), /Topic alias 5 is above the broker's Topic Alias Maximum \(4\)/);
  });

  it('sends the subscription options on the wire and the broker applies them: no local, retain handling, retain as published, identifier', async () => {
    const p = await startRecordingProxy(broker.port);
    teardown.stoppable('recording proxy', p);
    const c = await connected({}, p.url);
    mosquittoPub(broker.port, ['-u', 'alice', '-P', PASSWORD, '-V', '5', '-t', 'lab/keep', '-m', 'kept', '-r']);

    // Retain handling 2: no retained message at subscribe; 0: the retained one arrives.
    await c.subscribe({ topic: 'lab/keep', qos: 1, retainHandling: 2, subscriptionIdentifier: 42 });
    await c.subscribe({ topic: 'lab/+', qos: 1, noLocal: true, retainAsPublished: true });
    const subscribes = p.packets.filter((x) => x.from === 'client' && x.packet.cmd === 'subscribe').map((x) => x.packet as ISubscribePacket);
    assert.deepEqual(
      subscribes.map((x) => [x.subscriptions[0]?.topic, x.subscriptions[0]?.qos, x.subscriptions[0]?.nl, x.subscriptions[0]?.rap, x.subscriptions[0]?.rh, x.properties?.subscriptionIdentifier]),
      [['lab/keep', 1, false, false, 2, 42], ['lab/+', 1, true, true, 0, undefined]],
    );
    // lab/+ with retain handling 0 did bring the retained message, flagged retained.
    await waitForPayload(c.store, 'kept');
    const kept = storedMessages(c.store);
    assert.deepEqual(kept.map((m) => m.payload), ['kept'], 'only lab/+ brought it (lab/keep has retain handling 2)');
    assert.equal(c.store.get(c.store.firstSeq)?.retain, true);

    // No local: our own publish on lab/+ does not come back through lab/+; a retained publish
    // forwarded live keeps its retain flag with retain-as-published.
    await c.publish(text('lab/mine', 'from me'));
    mosquittoPub(broker.port, ['-u', 'alice', '-P', PASSWORD, '-V', '5', '-t', 'lab/other', '-m', 'live retained', '-r']);
    await waitForPayload(c.store, 'live retained');
    const all = storedMessages(c.store).map((m) => m.payload);
    assert.ok(!all.includes('from me'), `no local: ${all.join(', ')}`);
    const live = c.store.get(c.store.nextSeq - 1);
    assert.equal(live?.retain, true, 'retain as published kept the flag on a live message');

    // The identifier comes back on matching messages and tags them with their subscription.
    mosquittoPub(broker.port, ['-u', 'alice', '-P', PASSWORD, '-V', '5', '-t', 'lab/keep', '-m', 'tagged']);
    await waitForPayload(c.store, 'tagged');
    const tagged = [...Array(c.store.size).keys()].map((i) => c.store.get(c.store.firstSeq + i)).filter((m) => m && Buffer.from(m.payload).toString() === 'tagged');
    const viaKeep = tagged.find((m) => m?.properties?.subscriptionIdentifier === 42);
    assert.ok(viaKeep, 'a copy carries subscription identifier 42');
    assert.equal(viaKeep.sub, c.subscriptions.find((s) => s.topic === 'lab/keep')?.id);
    mosquittoPub(broker.port, ['-u', 'alice', '-P', PASSWORD, '-V', '5', '-t', 'lab/keep', '-n', '-r']);
  });

  it('says in words when the broker refuses: a denied publish (0x87) and a denied subscription (0x87)', async () => {
    const c = await connected();
    await assert.rejects(c.publish(text('elsewhere/x', 'no')), /The broker refused the message: Not authorized \(0x87\)\. The broker does not allow/);
    await assert.rejects(c.subscribe({ topic: 'secret/#', qos: 1 }), /Refused: Not authorized \(0x87\)/);
    const refused = c.subscriptions.find((s) => s.topic === 'secret/#');
    assert.match(refused?.error ?? '', /Not authorized/);
    // A QoS 1 publish nobody subscribed to: accepted, and the broker's "no matching subscribers" is said.
    const result = await c.publish(text('lab/nobody-listens', 'x'));
    assert.equal(result.reasonCode, 0x10);
    assert.match(result.reason ?? '', /No matching subscribers \(0x10\)/);
  });

  it('pairs a request with its reply by correlation data, with the round-trip time, and times out in words', async () => {
    // A responder like mosquitto_rr's other side: answers on the response topic with the same correlation data.
    const responder = await mqtt.connectAsync(broker.url, { protocolVersion: 5, username: 'alice', password: PASSWORD, clientId: uniqueId('responder') });
    await responder.subscribeAsync('lab/service', { qos: 1 });
    responder.on('message', (_topic, payload, packet) => {
      const { responseTopic, correlationData } = packet.properties ?? {};
      // An unrelated reply first, with other correlation data: it must not be taken for ours.
      if (responseTopic) {
        void responder.publishAsync(responseTopic, 'decoy', { qos: 1, properties: { correlationData: Buffer.from('not-yours') } }).then(() =>
          responder.publishAsync(responseTopic, `reply to ${payload.toString()}`, { qos: 1, properties: { correlationData } }),
        );
      }
    });
    try {
      const c = await connected();
      const reply = await sendRequest(c, text('lab/service', 'ping', { properties: { responseTopic: 'lab/reply/1' } }), 5000);
      const m = c.store.get(reply.seq);
      assert.equal(m && Buffer.from(m.payload).toString(), 'reply to ping');
      assert.match(reply.correlationData, /^[0-9a-f]{16}$/, 'generated correlation data');
      assert.ok(reply.rttMs > 0 && reply.rttMs < 5000, `rtt ${reply.rttMs} ms`);
      assert.ok(!c.subscriptions.some((s) => s.topic === 'lab/reply/1'), 'the temporary subscription is gone');
      await assert.rejects(sendRequest(c, text('lab/nobody', 'ping', { properties: { responseTopic: 'lab/reply/2', correlationData: 'abc' } }), 300), /No reply on "lab\/reply\/2" with correlation data "abc" within 0.3 s/);
    } finally {
      await responder.endAsync();
    }
  });

  it('repeats a publish with a counter, and stops when asked', async () => {
    const c = await connected();
    const s = await sub('lab/repeat', { count: 5, verbose: true });
    const repeater = new RepeatPublisher(c);
    const done = new Promise<void>((resolve) => repeater.onDidChange((st) => { if (!st.running) resolve(); }));
    repeater.start(text('lab/repeat', '{"n": {{n}}}'), 5, 10);
    await done;
    assert.deepEqual(await s.lines(), [1, 2, 3, 4, 5].map((n) => `lab/repeat {"n": ${n}}`));
    assert.deepEqual(repeater.status, { sent: 5, count: 5, running: false });
    repeater.start(text('lab/repeat', 'x'), 1000, 50);
    repeater.stop();
    assert.equal(repeater.status.running, false);
    assert.ok(repeater.status.sent < 1000);
    repeater.dispose();
  });

  it('posts a repeat’s progress to its log view as publish/repeat, through the view’s router', async () => {
    const c = await connected();
    const statuses: RepeatStatus[] = [];
    let finished = (): void => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const host = new LogViewHost(c, (m) => {
      if (m.kind === 'notify' && m.method === 'publish/repeat') {
        statuses.push(m.params);
        if (!m.params.running) finished();
      }
      return Promise.resolve(true);
    }, recordingLogger());
    try {
      await host.receive({ kind: 'notify', method: 'log/ready', params: {} });
      await host.receive({ kind: 'request', id: 1, method: 'mqtt/repeat/start', params: { publish: text('lab/repeat-view', 'n={{n}}'), count: 3, intervalMs: 10 } });
      await done;
      assert.deepEqual(statuses, [0, 1, 2, 3].map((sent) => ({ sent, count: 3, running: sent < 3 })));
    } finally {
      host.dispose();
    }
  });

  it('clears a retained message, and knows the topics it has seen', async () => {
    const c = await connected({ subscriptions: [{ topic: 'lab/#', qos: 0 }] });
    mosquittoPub(broker.port, ['-u', 'alice', '-P', PASSWORD, '-t', 'lab/status/a', '-m', 'up', '-r']);
    mosquittoPub(broker.port, ['-u', 'alice', '-P', PASSWORD, '-t', 'lab/status/b', '-m', 'up']);
    await waitForMessages(c.store, 2);
    assert.deepEqual(c.store.recentTopics('lab/st', 10), ['lab/status/b', 'lab/status/a']);
    await c.clearRetained('lab/status/a');
    // A new subscriber gets no retained message any more (mosquitto_sub -W 1: gives up after 1 s).
    const s = await sub('lab/status/a', { waitSeconds: 1, verbose: true });
    const printed = await s.exited();
    assert.ok(!printed.includes('lab/status/a up'), `a retained message came: ${printed}`);
    assert.match(printed, /Timed out/, 'mosquitto_sub waited and got nothing');
  });

  it('keeps the CONNACK, explains a DISCONNECT from the server in words, and does not loop on the refusals that follow', async () => {
    const c = await connected({ reconnect: { enabled: true, period: 200 } });
    const server = c.server;
    assert.ok(server);
    assert.equal(server.sessionPresent, false);
    assert.equal(server.properties.topicAliasMaximum, 4);
    // The administrator disables alice: the broker sends DISCONNECT 0x98, then refuses her logins.
    const admin = await mqtt.connectAsync(broker.url, { protocolVersion: 5, username: 'admin', password: ADMIN_PASSWORD, clientId: uniqueId('admin') });
    try {
      const disconnected = waitForState(c, 'reconnecting');
      await admin.publishAsync('$CONTROL/dynamic-security/v1', JSON.stringify({ commands: [{ command: 'disableClient', username: 'alice' }] }));
      await disconnected;
      assert.match(c.detail ?? '', /The broker disconnected us: Administrative action \(0x98\)/);
      assert.equal(c.server, undefined, 'no CONNACK while not connected');
      await waitForState(c, 'error');
      assert.match(c.detail ?? '', /Bad user name or password|Not authorized/);
      const attempts = (broker.log().match(new RegExp(`as ${c.entry.profile.clientId ?? ''}|Client ${c.entry.profile.clientId ?? ''} disconnected, not authorised`, 'g')) ?? []).length;
      await new Promise((r) => setTimeout(r, 600));
      const later = (broker.log().match(new RegExp(`as ${c.entry.profile.clientId ?? ''}|Client ${c.entry.profile.clientId ?? ''} disconnected, not authorised`, 'g')) ?? []).length;
      assert.equal(later, attempts, 'no more attempts after the refusal');
    } finally {
      await admin.publishAsync('$CONTROL/dynamic-security/v1', JSON.stringify({ commands: [{ command: 'enableClient', username: 'alice' }] }));
      await admin.endAsync();
    }
  });
});
