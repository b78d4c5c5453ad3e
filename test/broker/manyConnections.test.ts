import { strict as assert } from 'node:assert';
import mqtt from 'mqtt';
import { Connection } from '../../src/extension/connection/connection';
import { silentLogger } from '../../src/extension/base/logger';
import { waitForMessages, storedMessages, testProfile, uniqueId } from '../harness/connectionHelpers';
import { startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { activeResources } from '../harness/soak';
import { useTeardown } from '../harness/teardown';

const CONNECTIONS = 50;
const PER_CONNECTION = 20;

/**
 * Issue 7, "50 connections at once to one broker, each subscribed and receiving": fifty
 * `Connection`s (the host's own class, one mqtt.js client each) connect at the same moment, each
 * subscribed to its own topic filter; every one receives exactly its own messages, and closing them
 * leaves no socket or timer behind.
 */
describe(`${CONNECTIONS} connections at once to one broker`, function () {
  this.timeout(120_000);
  let broker: Mosquitto;
  const connections: Connection[] = [];
  const suite = useTeardown('all');

  before(async () => {
    broker = suite.stoppable('mosquitto', await startMosquitto());
    suite.add('connections', () => { for (const c of connections) c.dispose(); });
  });

  it('connects all, each subscribed; each receives exactly its own messages; closing leaves nothing behind', async () => {
    // After a turn of the loop: mocha arms this test's timeout timer just after the test starts.
    await new Promise((r) => setImmediate(r));
    const before = activeResources();
    const run = uniqueId('many');
    for (let i = 0; i < CONNECTIONS; i++) {
      connections.push(
        new Connection(
          {
            source: 'workspace',
            folder: '/many',
            profile: testProfile(broker.url, i % 2 === 0 ? '5.0' : '3.1.1', {
              name: `many-${i}`,
              clientId: `${run}-${i}`,
              subscriptions: [{ topic: `many/${run}/${i}/#`, qos: 1 }],
            }),
          },
          { maxMessages: 1000, maxBytes: 1 << 20 },
          silentLogger,
        ),
      );
    }
    const started = Date.now();
    await Promise.all(connections.map((c) => c.connect(undefined)));
    const connectedMs = Date.now() - started;
    for (const c of connections) {
      assert.equal(c.state, 'connected', `${c.name}: ${c.detail ?? ''}`);
      assert.equal(c.subscriptions[0]?.granted, 1, `${c.name} subscribed at QoS 1`);
    }
    assert.equal((broker.log().match(new RegExp(`New client connected from \\S+ as ${run}-\\d+`, 'g')) ?? []).length, CONNECTIONS);

    // Messages for every connection, interleaved, from one publisher.
    const publisher = await mqtt.connectAsync(broker.url, { clientId: `${run}-pub` });
    const sendStarted = Date.now();
    const sends: Promise<unknown>[] = [];
    for (let m = 0; m < PER_CONNECTION; m++) {
      for (let i = 0; i < CONNECTIONS; i++) sends.push(publisher.publishAsync(`many/${run}/${i}/m`, `to ${i} #${m}`, { qos: 1 }));
    }
    await Promise.all(sends);
    await Promise.all(connections.map((c) => waitForMessages(c.store, PER_CONNECTION, 30_000)));
    const deliveredMs = Date.now() - sendStarted;
    await publisher.endAsync();
    connections.forEach((c, i) => {
      assert.deepEqual(
        storedMessages(c.store),
        Array.from({ length: PER_CONNECTION }, (_, m) => ({ topic: `many/${run}/${i}/m`, payload: `to ${i} #${m}` })),
        `${c.name} received exactly its own messages, in order`,
      );
      assert.equal(c.store.received, PER_CONNECTION);
    });

    await Promise.all(connections.map((c) => c.disconnect()));
    for (const c of connections) assert.equal(c.state, 'disconnected');
    // Closed sockets leave the active list on the next turns of the loop.
    await new Promise((r) => setTimeout(r, 200));
    const after = activeResources();
    for (const kind of ['TCPSocketWrap', 'Timeout']) assert.ok((after[kind] ?? 0) <= (before[kind] ?? 0), `${kind}: ${before[kind] ?? 0} before, ${after[kind] ?? 0} after`);
    console.log(`      ${CONNECTIONS} connections up and subscribed in ${connectedMs} ms; ${CONNECTIONS * PER_CONNECTION} QoS 1 messages delivered to their own connection in ${deliveredMs} ms`);
  });
});
