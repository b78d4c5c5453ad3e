import { strict as assert } from 'node:assert';
import { Connection } from '../../src/extension/connection/connection';
import { importProfiles } from '../../src/extension/import/importProfiles';
import type { ImportedConnection } from '../../src/extension/import/importTypes';
import { limits, recordingLogger, uniqueId, waitForMessages, waitForState } from '../harness/connectionHelpers';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { mosquittoSub } from '../harness/mosquittoSub';
import { startRecordingProxy, type RecordingProxy } from '../harness/recordingProxy';

/**
 * An MQTTX desktop export (the shape of emqx/MQTTX ConnectionModel, as in
 * test/unit/fixtures/import/mqttx-export.json) pointing at a test broker, imported and connected:
 * every field is proven by what the broker logs and does, not by what we sent.
 */
function mqttxExport(port: number, clientId: string): string {
  return JSON.stringify([
    {
      id: 'b2f9f2a0-5d1c-4f0e-9a55-6f1a3e1b7c01',
      clientId,
      name: 'Factory broker (MQTT 5)',
      clean: false,
      protocol: 'mqtt',
      host: '127.0.0.1',
      port,
      keepalive: 17,
      connectTimeout: 10,
      reconnect: false,
      reconnectPeriod: 4000,
      username: 'line-7',
      password: 's3cret line 7',
      path: '/mqtt',
      certType: '',
      ssl: false,
      mqttVersion: '5.0',
      rejectUnauthorized: true,
      ca: '',
      cert: '',
      key: '',
      will: {
        lastWillTopic: `factory/${clientId}/status`,
        lastWillPayload: 'offline',
        lastWillQos: 1,
        lastWillRetain: true,
        properties: { willDelayInterval: 1, messageExpiryInterval: 3600, userProperties: { reason: 'lwt' } },
      },
      properties: { sessionExpiryInterval: 600, receiveMaximum: 100, requestResponseInformation: null, userProperties: null },
      subscriptions: [
        { id: 's1', topic: `factory/${clientId}/#`, qos: 1, disabled: false, nl: false, rap: false, rh: 0, subscriptionIdentifier: 7, createAt: '2024-03-18 09:13:01' },
        { id: 's2', topic: 'factory/+/alarms', qos: 2, disabled: false, nl: false, rap: false, rh: 0, subscriptionIdentifier: null, createAt: '2024-03-18 09:13:20' },
      ],
      messages: [],
    },
  ]);
}

describe('An imported MQTTX profile against mosquitto', function () {
  let broker: Mosquitto;
  let proxy: RecordingProxy;
  let imported: ImportedConnection;
  let connection: Connection;
  const clientId = uniqueId('mqttx');
  const connections: Connection[] = [];

  before(async () => {
    broker = await startMosquitto({ users: { 'line-7': 's3cret line 7', probe: 'probe' } });
    proxy = await startRecordingProxy(broker.port);
    const result = importProfiles(mqttxExport(proxy.port, clientId));
    assert.deepEqual(result.problems, []);
    const first = result.connections[0];
    assert.ok(first, 'the export yields a connection');
    imported = first;
    connection = new Connection({ source: 'user', profile: imported.profile }, limits, recordingLogger());
    connections.push(connection);
    await connection.connect(imported.password);
  });
  after(async () => {
    for (const c of connections) c.dispose();
    await proxy.close();
    await broker.stop();
  });

  it('the broker accepts the imported client id, MQTT 5, clean start off, keep-alive 17 and user name with the imported password', async () => {
    await broker.waitForLog(new RegExp(`as ${clientId} \\(p5, c0, k17, u'line-7'\\)`));
  });

  it('the broker registers the first imported subscription at QoS 1', async () => {
    await broker.waitForLog(new RegExp(`${clientId} 1 factory/${clientId}/#`));
  });

  it('the broker registers the second imported subscription at QoS 2', async () => {
    await broker.waitForLog(new RegExp(`${clientId} 2 factory/\\+/alarms`));
  });

  it('a message on the first subscription arrives with its imported subscription identifier 7', async () => {
    mosquittoPub(broker.port, ['-u', 'probe', '-P', 'probe', '-V', '5', '-t', `factory/${clientId}/temp`, '-q', '1', '-m', '21.5']);
    await waitForMessages(connection.store, 1);
    const message = connection.store.get(connection.store.firstSeq);
    assert.deepEqual(message?.properties?.subscriptionIdentifier, 7);
  });

  it('when the socket dies, the will arrives with its imported topic, payload, QoS 1, retain and user property', async () => {
    const topic = `factory/${clientId}/status`;
    const sub = await mosquittoSub(broker, topic, { user: { username: 'probe', password: 'probe' }, version: '5', qos: 1, retainAsPublished: true, format: '%t|%p|%q|%r|%P' });
    proxy.killConnections();
    assert.deepEqual(await sub.fields(), [topic, 'offline', '1', '1', 'reason:lwt']);
    await waitForState(connection, 'error');
    mosquittoPub(broker.port, ['-u', 'probe', '-P', 'probe', '-t', topic, '-r', '-n']);
  });

  it('the session outlives the dropped socket (session expiry 600 s): connecting again resumes it', async () => {
    const again = new Connection({ source: 'user', profile: imported.profile }, limits, recordingLogger());
    connections.push(again);
    await again.connect(imported.password);
    assert.equal(again.detail, 'Session resumed');
    await again.disconnect();
  });
});
