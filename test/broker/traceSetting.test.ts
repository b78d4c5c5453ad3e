import { strict as assert } from 'node:assert';
import { Emitter } from '../../src/extension/base/emitter';
import type { Connection } from '../../src/extension/connection/connection';
import { ConnectionManager } from '../../src/extension/connection/connectionManager';
import { ConnectionTraces, type ConfigurationChange, type TraceConfig } from '../../src/extension/trace/connectionTraces';
import { DEFAULT_TRACE_SETTINGS } from '../../src/extension/trace/protocolTrace';
import { limits, recordingLogger, testProfile, uniqueId, waitForPayload } from '../harness/connectionHelpers';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { useTeardown } from '../harness/teardown';

/**
 * `tracemq.trace.enabled` changed while connections are live, through the configuration change
 * event as VS Code fires it (ConnectionTraces listens to it): off stops and frees the traces the
 * setting started, and leaves those the user started by opening a trace view; on traces the live
 * connections from then on.
 */
describe('The trace setting changed while connected (mosquitto)', function () {
  let broker: Mosquitto;
  const suite = useTeardown('all');
  const teardown = useTeardown();
  let config: TraceConfig;
  let configChanged: Emitter<ConfigurationChange>;
  let manager: ConnectionManager;
  let traces: ConnectionTraces;

  before(async () => {
    broker = suite.stoppable('mosquitto', await startMosquitto());
  });

  beforeEach(() => {
    config = { ...DEFAULT_TRACE_SETTINGS, enabled: true };
    configChanged = new Emitter<ConfigurationChange>();
    manager = new ConnectionManager(() => limits, recordingLogger());
    traces = new ConnectionTraces(manager, () => config, configChanged.event);
    teardown.add('traces', () => { traces.dispose(); });
  });

  /** The setting as the user sets it, and VS Code's event for it. */
  function setEnabled(enabled: boolean): void {
    config = { ...config, enabled };
    configChanged.fire({ affectsConfiguration: (section) => 'tracemq.trace.enabled'.startsWith(section) });
  }

  async function connected(): Promise<Connection> {
    const connection = manager.getOrCreate({ source: 'user', profile: testProfile(broker.url, '5.0', { clientId: uniqueId('tset'), subscriptions: [{ topic: 'tset/#', qos: 0 }] }) });
    teardown.connection(connection);
    await connection.connect(undefined);
    return connection;
  }

  it('stops the trace the setting started when the setting is turned off', async () => {
    const connection = await connected();
    assert.equal(traces.get(connection)?.origin, 'setting');
    setEnabled(false);
    assert.equal(traces.get(connection), undefined);
  });

  it('frees the entries of the trace it stops', async () => {
    const connection = await connected();
    const trace = traces.get(connection)?.trace;
    assert.ok(trace && trace.counters.size > 0, 'the connect was traced');
    setEnabled(false);
    assert.equal([...trace.entries()].length, 0);
  });

  it('records nothing more once stopped', async () => {
    const connection = await connected();
    const trace = traces.get(connection)?.trace;
    assert.ok(trace);
    setEnabled(false);
    const end = trace.endId;
    mosquittoPub(broker.port, ['-t', 'tset/a', '-m', 'after-off']);
    await waitForPayload(connection.store, 'after-off');
    assert.equal(trace.endId, end);
  });

  it('says the trace stopped to whoever shows it', async () => {
    const connection = await connected();
    const told: Connection[] = [];
    const listening = traces.onDidChange((c) => told.push(c));
    teardown.add('listener', () => { listening.dispose(); });
    setEnabled(false);
    assert.deepEqual(told, [connection]);
  });

  it('keeps a trace the user started by opening its view when the setting is turned off', async () => {
    config = { ...config, enabled: false };
    const connection = await connected();
    const { trace } = traces.start(connection, 'view');
    setEnabled(true);
    setEnabled(false);
    assert.equal(traces.get(connection)?.trace, trace);
  });

  it('traces a live connection from when the setting is turned on', async () => {
    config = { ...config, enabled: false };
    const connection = await connected();
    setEnabled(true);
    mosquittoPub(broker.port, ['-t', 'tset/b', '-m', 'after-on']);
    await waitForPayload(connection.store, 'after-on');
    const entries = [...(traces.get(connection)?.trace.entries() ?? [])];
    assert.deepEqual([traces.get(connection)?.startedLate, entries.some((e) => e.type === 'publish' && e.topic === 'tset/b')], [true, true]);
  });

  it('leaves the traces alone when another setting changed', async () => {
    const connection = await connected();
    config = { ...config, enabled: false };
    configChanged.fire({ affectsConfiguration: (section) => 'tracemq.log.maxMessages'.startsWith(section) });
    assert.notEqual(traces.get(connection), undefined);
  });
});
