import { strict as assert } from 'node:assert';
import mqtt from 'mqtt';
import { Connection } from '../../src/extension/connection/connection';
import { LogViewHost, NO_LOG_VIEW_ACTIONS } from '../../src/extension/log/logViewHost';
import { probeRetained } from '../../src/extension/topics/retainedProbe';
import { topicsExport } from '../../src/extension/topics/topicsExport';
import type { ResponseMessage } from '../../src/shared/ipc/envelope';
import type { HostToLogView } from '../../src/shared/log/logViewProtocols';
import { recordingLogger, testProfile, uniqueId } from '../harness/connectionHelpers';
import { startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { useTeardown } from '../harness/teardown';

const TOPICS = 10_000;
const ROUNDS = 3;

/** Resolves once the connection's store has received `count` messages (woken by appends, no polling). */
function receivedAll(connection: Connection, count: number, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`only ${connection.store.received} of ${count} messages arrived`)); }, timeoutMs);
    const check = (): void => {
      if (connection.store.received >= count) {
        clearTimeout(timer);
        resolve();
      } else connection.store.onNextAppend(check);
    };
    check();
  });
}

/** A plain mqtt.js client that publishes what a test needs, QoS 1 so that nothing is lost on the way. */
async function publisher(broker: Mosquitto): Promise<mqtt.MqttClient> {
  return mqtt.connectAsync(broker.url, { clientId: uniqueId('pub'), protocolVersion: 5 });
}

describe('Topic index against mosquitto', function () {
  this.timeout(120_000);
  const suite = useTeardown('all');
  const teardown = useTeardown();
  let broker: Mosquitto;
  before(async () => {
    // No broker-side drops: every message must arrive to be counted exactly.
    broker = suite.stoppable('mosquitto', await startMosquitto({ logTypes: ['error', 'warning', 'notice', 'information'], extraConfig: ['max_queued_messages 0', 'max_inflight_messages 0'] }));
  });

  async function connected(subscriptions: { topic: string; qos: 0 | 1 | 2 }[]): Promise<Connection> {
    const connection = new Connection({ source: 'user', profile: testProfile(broker.url, '5.0', { subscriptions }) }, { maxMessages: 100_000, maxBytes: 256 << 20 }, recordingLogger());
    teardown.add('connection', () => { connection.dispose(); });
    await connection.connect(undefined);
    return connection;
  }

  async function flood(): Promise<Connection> {
    const connection = await connected([{ topic: 'flood/#', qos: 1 }]);
    const pub = await publisher(broker);
    teardown.add('publisher', () => pub.endAsync(true));
    const sent: Promise<unknown>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let t = 0; t < TOPICS; t++) sent.push(pub.publishAsync(`flood/${t % 100}/${t}`, `${round}`, { qos: 1 }));
    }
    await Promise.all(sent);
    await receivedAll(connection, TOPICS * ROUNDS);
    return connection;
  }

  it('counts a flood over 10,000 topics exactly: every topic, every message', async () => {
    const connection = await flood();
    const index = connection.topics;
    let sum = 0;
    let exact = 0;
    for (let s = 0; s < index.size; s++) {
      sum += index.countAt(s);
      if (index.countAt(s) === ROUNDS) exact++;
    }
    assert.deepEqual({ topics: index.size, sum, exact, untracked: index.untrackedMessages }, { topics: TOPICS, sum: TOPICS * ROUNDS, exact: TOPICS, untracked: 0 });
  });

  it('exports the flooded topics with their exact counts and last payloads', async () => {
    const connection = await flood();
    const doc = topicsExport(connection.name, connection.topics, connection.store, new Date());
    const wrong = doc.topics.filter((t) => t.count !== ROUNDS || t.lastPayloadPreview !== `${ROUNDS - 1}`);
    assert.deepEqual([doc.topics.length, wrong.length], [TOPICS, 0]);
  });

  it('clears every retained message the broker reports under a subtree, including ones this session never saw, and nothing else', async () => {
    const pub = await publisher(broker);
    teardown.add('publisher', () => pub.endAsync(true));
    const house = ['house/a', 'house/b/c', 'house/b/d'];
    for (const topic of [...house, 'other/x']) await pub.publishAsync(topic, 'v', { qos: 1, retain: true });
    // This connection subscribes to nothing: what it clears comes from the broker.
    const connection = await connected([]);
    const asked: string[] = [];
    const posts: HostToLogView[] = [];
    const host = new LogViewHost(connection, (m) => { posts.push(m); return Promise.resolve(true); }, recordingLogger(), {
      ...NO_LOG_VIEW_ACTIONS,
      confirm: (message) => { asked.push(message); return Promise.resolve(true); },
    });
    teardown.add('host', () => { host.dispose(); });
    await host.receive({ kind: 'request', id: 1, method: 'topics/clearRetained', params: { path: 'house', subtree: true } });
    const reply = posts.find((m): m is ResponseMessage => m.kind === 'response' && m.id === 1);
    const side = connection.sideClientOptions();
    assert.ok(side);
    const left = await probeRetained(side, '#');
    assert.deepEqual(
      { result: reply?.result, asked: asked.map((m) => /Clear 3 retained messages under "house"/.test(m)), left: left.filter((t) => t.startsWith('house/') || t === 'other/x') },
      { result: { cleared: 3, found: 3 }, asked: [true], left: ['other/x'] },
    );
  });

  it('clears nothing when the user declines, and says how many were found', async () => {
    const pub = await publisher(broker);
    teardown.add('publisher', () => pub.endAsync(true));
    await pub.publishAsync('keep/me', 'v', { qos: 1, retain: true });
    const connection = await connected([]);
    const posts: HostToLogView[] = [];
    const host = new LogViewHost(connection, (m) => { posts.push(m); return Promise.resolve(true); }, recordingLogger(), { ...NO_LOG_VIEW_ACTIONS, confirm: () => Promise.resolve(false) });
    teardown.add('host', () => { host.dispose(); });
    await host.receive({ kind: 'request', id: 1, method: 'topics/clearRetained', params: { path: 'keep/me', subtree: false } });
    const side = connection.sideClientOptions();
    assert.ok(side);
    assert.deepEqual(
      [posts.find((m): m is ResponseMessage => m.kind === 'response')?.result, await probeRetained(side, 'keep/me')],
      [{ cleared: 0, found: 1 }, ['keep/me']],
    );
  });
});
