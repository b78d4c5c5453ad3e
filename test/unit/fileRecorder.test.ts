import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageStore } from '../../src/extension/store/messageStore';
import { FileRecorder } from '../../src/extension/recording/fileRecorder';

const lines = (file: string): { topic: string; payload: string; encoding?: string }[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { topic: string; payload: string; encoding?: string });

/** Resolves after the recorder's next write (its onDidChange), without guessing a delay. */
const nextWrite = (recorder: FileRecorder): Promise<void> =>
  new Promise((resolve) => {
    const sub = recorder.onDidChange(() => {
      sub.dispose();
      resolve();
    });
  });

describe('FileRecorder', () => {
  let dir: string;
  let made: FileRecorder[] = [];
  /** A recorder that is stopped after the test even when an assertion failed first (its timer would keep mocha alive). */
  const recorder = (store: MessageStore, file: string): FileRecorder => {
    const r = new FileRecorder(store, file);
    made.push(r);
    return r;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tracemq-rec-'));
  });
  afterEach(async () => {
    await Promise.allSettled(made.map((r) => r.stop()));
    made = [];
    rmSync(dir, { recursive: true, force: true });
  });

  /** A recorder started on a store that already holds one message. */
  const recording = (): { store: MessageStore; file: string; rec: FileRecorder } => {
    const store = new MessageStore({ maxMessages: 1000, maxBytes: 1 << 20 });
    store.append('before/start', Buffer.from('not recorded'), 0, false, false, undefined, 0);
    const file = join(dir, 'rec.ndjson');
    return { store, file, rec: recorder(store, file) };
  };

  it('writes only the messages received after it started', async () => {
    const { store, file, rec } = recording();
    store.append('a', Buffer.from('one'), 1, false, false, undefined, 0);
    await rec.stop();
    assert.deepEqual(lines(file).map((l) => l.topic), ['a']);
  });

  it('writes while recording goes on, not only when stopped', async () => {
    const { store, file, rec } = recording();
    store.append('a', Buffer.from('one'), 1, false, false, undefined, 0);
    store.append('b', Buffer.from('two'), 1, false, false, undefined, 0);
    await nextWrite(rec);
    assert.deepEqual(lines(file).map((l) => l.topic), ['a', 'b']);
  });

  it('writes in the export format: text as text, binary as base64, QoS, retain and time', async () => {
    const { store, file, rec } = recording();
    store.append('a', Buffer.from('one'), 1, false, false, undefined, Date.UTC(2026, 0, 1));
    store.append('b', Buffer.from([0xff, 0x00]), 0, true, false, undefined, Date.UTC(2026, 0, 1));
    await rec.stop();
    assert.deepEqual(lines(file), [
      { topic: 'a', payload: 'one', qos: 1, retain: false, receivedAt: '2026-01-01T00:00:00.000Z' },
      { topic: 'b', payload: '/wA=', encoding: 'base64', qos: 0, retain: true, receivedAt: '2026-01-01T00:00:00.000Z' },
    ]);
  });

  it('says when stopped how many messages and bytes it wrote, and that it missed none', async () => {
    const { store, file, rec } = recording();
    for (const payload of ['one', 'two', 'three']) store.append('t', Buffer.from(payload), 0, false, false, undefined, 0);
    const status = await rec.stop();
    assert.deepEqual([status.messages, status.missed, status.bytes], [3, 0, readFileSync(file).length]);
  });

  it('writes nothing received after it stopped', async () => {
    const { store, file, rec } = recording();
    store.append('a', Buffer.from('one'), 1, false, false, undefined, 0);
    await rec.stop();
    store.append('d', Buffer.from('after stop'), 0, false, false, undefined, 0);
    // A write the recorder still had queued would land within this turn of the event loop.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(lines(file).map((l) => l.topic), ['a']);
  });

  it('writes what a clear would drop before it drops it', async () => {
    const store = new MessageStore({ maxMessages: 1000, maxBytes: 1 << 20 });
    const file = join(dir, 'rec.ndjson');
    const rec = recorder(store, file);
    store.append('kept', Buffer.from('1'), 0, false, false, undefined, 0);
    store.clear();
    store.append('after', Buffer.from('2'), 0, false, false, undefined, 0);
    await rec.stop();
    assert.deepEqual(lines(file).map((l) => l.topic), ['kept', 'after']);
  });

  it('counts messages evicted before it could write them, rather than pretending', async () => {
    const store = new MessageStore({ maxMessages: 100, maxBytes: 1 << 20 });
    const file = join(dir, 'rec.ndjson');
    const rec = recorder(store, file);
    // 250 messages in one go (no chance to write in between): the store keeps the newest 100.
    for (let i = 0; i < 250; i++) store.append('flood', Buffer.from(String(i)), 0, false, false, undefined, 0);
    const status = await rec.stop();
    assert.deepEqual([status.messages, status.missed], [100, 150]);
    assert.equal(lines(file)[0]?.payload, '150');
  });

  it('reports a file it cannot write', async () => {
    const store = new MessageStore({ maxMessages: 10, maxBytes: 1 << 20 });
    const rec = recorder(store, join(dir, 'no-such-folder', 'rec.ndjson'));
    await new Promise<void>((resolve) => rec.onDidChange(() => { resolve(); }));
    assert.match(rec.error?.message ?? '', /ENOENT/);
    await assert.rejects(rec.stop(), /ENOENT/);
  });
});
