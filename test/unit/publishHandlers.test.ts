import { strict as assert } from 'node:assert';
import { silentLogger } from '../../src/extension/base/logger';
import { Connection } from '../../src/extension/connection/connection';
import { LogViewHost, NO_LOG_VIEW_ACTIONS } from '../../src/extension/log/logViewHost';
import type { ResponseMessage } from '../../src/shared/ipc/envelope';
import type { HostToLogView } from '../../src/shared/log/logViewProtocols';

const PUBLISH = { topic: 'a', payload: 'x', encoding: 'utf8', qos: 0, retain: false } as const;

/** A log view's host on a connection that never connects, with what it posts recorded. */
function setup(actions = NO_LOG_VIEW_ACTIONS) {
  const connection = new Connection(
    { source: 'user', profile: { name: 'p', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: true, period: 1000 }, subscriptions: [] } },
    { maxMessages: 1000, maxBytes: 1 << 20 },
    silentLogger,
  );
  const posts: HostToLogView[] = [];
  const host = new LogViewHost(connection, (m) => {
    posts.push(m);
    return Promise.resolve(true);
  }, silentLogger, actions);
  const reply = async (id: number, method: string, params: unknown): Promise<ResponseMessage | undefined> => {
    await host.receive({ kind: 'request', id, method, params });
    return posts.find((m): m is ResponseMessage => m.kind === 'response' && m.id === id);
  };
  return { connection, host, posts, reply };
}

describe('publish handlers of a log view', () => {
  it('refuses to start a repeat while disconnected, in words', async () => {
    const { host, reply } = setup();
    assert.equal((await reply(1, 'mqtt/repeat/start', { publish: PUBLISH, count: 3, intervalMs: 10 }))?.error, '"p" is not connected: connect first.');
    host.dispose();
  });

  it('says in words that there is no user template of that name', async () => {
    const { host, reply } = setup({ ...NO_LOG_VIEW_ACTIONS, deleteTemplate: () => Promise.resolve(false) });
    assert.match((await reply(2, 'publish/templates/delete', { name: 'led' }))?.error ?? '', /^There is no template of yours named "led"/);
    host.dispose();
  });

  it('offers the topics seen that start with what was typed', async () => {
    const { connection, host, reply } = setup();
    for (const topic of ['sensors/a', 'sensors/b', 'alarm/x']) connection.store.append(topic, Buffer.from('1'), 0, false, false, undefined, 0);
    const topics = ((await reply(3, 'mqtt/topics', { prefix: 'sen' }))?.result as { topics: string[] }).topics;
    assert.deepEqual([...topics].sort(), ['sensors/a', 'sensors/b']);
    host.dispose();
  });
  it('copies the draft as a mosquitto_pub command for the view\'s broker', async () => {
    const copied: string[] = [];
    const { host, reply } = setup({ ...NO_LOG_VIEW_ACTIONS, copyToClipboard: (text) => { copied.push(text); return Promise.resolve(); } });
    await reply(4, 'publish/copyAsCommand', { publish: { ...PUBLISH, topic: 'lights/kitchen', payload: 'on', qos: 1 }, tool: 'mosquitto_pub' });
    assert.equal(copied[0], "mosquitto_pub -h 127.0.0.1 -p 1 -V mqttv5 -t lights/kitchen -q 1 -m on");
    host.dispose();
  });

  it('says in words why a draft cannot be copied as a command (a payload over 64 KB)', async () => {
    const { host, reply } = setup({ ...NO_LOG_VIEW_ACTIONS, copyToClipboard: () => Promise.resolve() });
    const error = (await reply(5, 'publish/copyAsCommand', { publish: { ...PUBLISH, payload: 'x'.repeat(70_000) }, tool: 'mqttx' }))?.error ?? '';
    assert.ok(error !== '' && !error.startsWith('Failed:'), `a user-facing refusal, got "${error}"`);
    host.dispose();
  });

  it('copies a received message as an mqttx pub command', async () => {
    const copied: string[] = [];
    const { connection, host, reply } = setup({ ...NO_LOG_VIEW_ACTIONS, copyToClipboard: (text) => { copied.push(text); return Promise.resolve(); } });
    const seq = connection.store.append('alarm/x', Buffer.from('hot'), 0, true, false, undefined, 0);
    await reply(6, 'log/message/copy', { seq, what: 'mqttx' });
    assert.match(copied[0] ?? '', /^mqttx pub .*-t alarm\/x .*-m hot/);
    host.dispose();
  });
});
