import { strict as assert } from 'node:assert';
import { silentLogger } from '../../src/extension/base/logger';
import { Connection } from '../../src/extension/connection/connection';
import { LogViewHost } from '../../src/extension/log/logViewHost';
import type { NotifyMessage, ResponseMessage } from '../../src/shared/ipc/envelope';
import type { HostToLogView } from '../../src/shared/log/logViewProtocols';

// The trace's "Show in Log" at the log view's host: LogViewHost.revealMessage(seq) (what LogPanels
// calls for the trace panel's `trace/openInLog`) tells the view where that message is, or why it
// does not show it. The webview is replaced by a recorder of what the host posts; the real one
// runs in Chromium (test/webview/showInLog.test.ts).

function setup(maxMessages = 1000) {
  const connection = new Connection(
    { source: 'workspace', profile: { name: 'p', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: true, period: 1000 }, subscriptions: [] } },
    { maxMessages, maxBytes: 1 << 30 },
    silentLogger,
  );
  const posts: HostToLogView[] = [];
  const host = new LogViewHost(connection, (m) => {
    posts.push(m);
    return Promise.resolve(true);
  }, silentLogger);
  /** Messages on t/0 … t/6 in turn: seq n is on t/(n % 7). */
  const append = (n: number): void => {
    for (let i = 0; i < n; i++) connection.store.append(`t/${i % 7}`, Buffer.from(`payload ${i}`), 0, false, false, undefined, Date.now());
  };
  const ready = (): Promise<void> => host.receive({ kind: 'notify', method: 'log/ready', params: {} });
  const methods = (): string[] => posts.map((m) => (m as NotifyMessage | ResponseMessage)).map((m) => (m.kind === 'notify' ? m.method : 'response'));
  const reveals = (): unknown[] => posts.map((m) => m as NotifyMessage | ResponseMessage).filter((m): m is NotifyMessage => m.kind === 'notify' && m.method === 'trace/revealMessage').map((m) => m.params);
  return { connection, host, append, ready, methods, reveals };
}

describe('Show in Log, at the log view\'s host', () => {
  const hosts: LogViewHost[] = [];
  afterEach(() => {
    for (const h of hosts.splice(0)) h.dispose();
  });
  const make = (maxMessages?: number): ReturnType<typeof setup> => {
    const s = setup(maxMessages);
    hosts.push(s.host);
    return s;
  };

  it('hands the view the message by its seq, at its position in the log', async () => {
    const s = make();
    s.append(50);
    await s.ready();
    s.host.revealMessage(20);
    assert.deepEqual(s.reveals(), [{ seq: 20, pos: 20 }]);
  });

  it('waits until the view is ready, then reveals after the snapshot', async () => {
    const s = make();
    s.append(10);
    s.host.revealMessage(5);
    assert.deepEqual(s.reveals(), []);
    await s.ready();
    assert.deepEqual(s.methods().filter((m) => m === 'log/snapshot' || m === 'trace/revealMessage'), ['log/snapshot', 'trace/revealMessage']);
  });

  it("gives the message's position among the filter's matches", async () => {
    const s = make();
    s.append(50);
    await s.ready();
    await s.host.receive({ kind: 'request', id: 1, method: 'log/filter/set', params: { filter: { topic: 't/3' } } });
    s.host.revealMessage(17);
    // t/3 holds seqs 3, 10, 17, …: 17 is the third match.
    assert.deepEqual(s.reveals(), [{ seq: 17, pos: 2 }]);
  });

  it("says a message the filter hides is hidden by the filter", async () => {
    const s = make();
    s.append(50);
    await s.ready();
    await s.host.receive({ kind: 'request', id: 1, method: 'log/filter/set', params: { filter: { topic: 't/3' } } });
    s.host.revealMessage(4);
    assert.deepEqual(s.reveals(), [{ seq: 4, hidden: 'filtered' }]);
  });

  it('says a message the log no longer holds was evicted', async () => {
    const s = make(100);
    s.append(150);
    await s.ready();
    s.host.revealMessage(10);
    assert.deepEqual(s.reveals(), [{ seq: 10, hidden: 'evicted' }]);
  });

  it('reveals the message again when the view asks (it cleared its filter)', async () => {
    const s = make();
    s.append(50);
    await s.ready();
    await s.host.receive({ kind: 'notify', method: 'trace/reveal', params: { seq: 33 } });
    assert.deepEqual(s.reveals(), [{ seq: 33, pos: 33 }]);
  });
});
