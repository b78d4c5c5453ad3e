import { strict as assert } from 'node:assert';
import { silentLogger } from '../../src/extension/base/logger';
import { Connection } from '../../src/extension/connection/connection';
import { LogViewHost, NO_LOG_VIEW_ACTIONS, type LogViewActions } from '../../src/extension/log/logViewHost';
import type { ResponseMessage } from '../../src/shared/ipc/envelope';
import type { HostToLogView } from '../../src/shared/log/logViewProtocols';
import type { TopicWindow } from '../../src/shared/topics/topicsProtocol';

/** A log view's host on a connection that never connects, its messages fed to the store and index as the receiver does. */
function setup(actions: Partial<LogViewActions> = {}) {
  const connection = new Connection(
    { source: 'user', profile: { name: 'p', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: true, period: 1000 }, subscriptions: [] } },
    { maxMessages: 1000, maxBytes: 1 << 20 },
    silentLogger,
  );
  const posts: HostToLogView[] = [];
  const host = new LogViewHost(connection, (m) => {
    posts.push(m);
    return Promise.resolve(true);
  }, silentLogger, { ...NO_LOG_VIEW_ACTIONS, ...actions });
  const add = (topic: string, payload = 'x') => {
    const seq = connection.store.append(topic, Buffer.from(payload), 0, false, false, undefined, 1000);
    connection.topics.count(topic, payload.length, false, 1000, seq);
  };
  const reply = async (id: number, method: string, params: unknown): Promise<ResponseMessage | undefined> => {
    await host.receive({ kind: 'request', id, method, params });
    return posts.find((m): m is ResponseMessage => m.kind === 'response' && m.id === id);
  };
  return { connection, host, posts, add, reply };
}

describe('topics handlers of a log view', () => {
  it('answers a window of the root children', async () => {
    const { host, add, reply } = setup();
    for (const t of ['a/1', 'b', 'a/2']) add(t);
    const window = (await reply(1, 'topics/children', { path: null, sort: 'count', offset: 0, limit: 10 }))?.result as TopicWindow;
    assert.deepEqual(window.rows.map((r) => [r.path, r.count]), [['a', 2], ['b', 1]]);
    host.dispose();
  });

  it('refuses a window larger than the protocol allows', async () => {
    const { host, reply } = setup();
    assert.match((await reply(2, 'topics/children', { path: null, sort: 'name', offset: 0, limit: 1_000_000 }))?.error ?? '', /malformed/);
    host.dispose();
  });

  it('says in words why a search filter is invalid', async () => {
    const { host, reply } = setup();
    const error = (await reply(3, 'topics/search', { query: 'a/#/b', sort: 'name', offset: 0, limit: 10 }))?.error ?? '';
    assert.ok(error !== '' && !error.startsWith('Failed:'), `a user-facing refusal, got "${error}"`);
    host.dispose();
  });

  it('copies a subtree as its topic filter', async () => {
    const copied: string[] = [];
    const { host, reply } = setup({ copyToClipboard: (text) => { copied.push(text); return Promise.resolve(); } });
    await reply(4, 'topics/copy', { path: 'home/kitchen', subtree: true });
    assert.deepEqual(copied, ['home/kitchen/#']);
    host.dispose();
  });

  it('exports a subtree as the log filtered to its topic filter', async () => {
    const filters: unknown[] = [];
    const { host, reply } = setup({ exportLog: (filter) => { filters.push(filter); return Promise.resolve(); } });
    await reply(5, 'topics/export', { path: 'a', subtree: true });
    assert.deepEqual(filters, [{ topic: 'a/#' }]);
    host.dispose();
  });

  it('refuses to clear retained messages while disconnected, in words', async () => {
    const { host, reply } = setup();
    assert.equal((await reply(6, 'topics/clearRetained', { path: 'a', subtree: true }))?.error, '"p" is not connected: connect first.');
    host.dispose();
  });

  it('asks a view that is not ready yet to show its Topics pane once it says log/ready', async () => {
    const { host, posts } = setup();
    host.showTopics();
    const before = posts.some((m) => m.kind === 'notify' && m.method === 'topics/show');
    await host.receive({ kind: 'notify', method: 'log/ready', params: {} });
    assert.deepEqual([before, posts.some((m) => m.kind === 'notify' && m.method === 'topics/show')], [false, true]);
    host.dispose();
  });

  it('ignores a watch of more nodes than the protocol allows', async () => {
    const { host, posts } = setup();
    await host.receive({ kind: 'notify', method: 'topics/watch', params: { paths: Array.from({ length: 5000 }, (_, i) => `t${i}`), chart: null } });
    assert.equal(posts.length, 0);
    host.dispose();
  });
});
