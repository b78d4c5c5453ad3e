import { strict as assert } from 'node:assert';
import type { ConnectionInfo } from '../../src/shared/connection/connectionInfo';
import type { LogCounters } from '../../src/shared/log/logCounters';
import type { RowDto } from '../../src/shared/log/rowDto';
import { formatRow } from '../../src/webview/log/formatRow';
import { LogStore } from '../../src/webview/log/logStore';
import { makeRow, makeRows } from '../harness/messageDto';

const CONNECTION: ConnectionInfo = { key: 'user:t', profile: 't', url: 'mqtt://localhost:1883', protocolVersion: '5.0', state: 'connected', subscriptions: [] };


const quietHost = { fetchPage: () => new Promise<RowDto[]>(() => undefined), viewportChanged: () => undefined };

function counters(firstPos: number, nextPos: number): LogCounters {
  return { received: nextPos, evicted: firstPos, duplicates: 0, stored: nextPos - firstPos, firstPos, nextPos, storeBytes: 0, maxBytes: 0, msgPerSec: 0, bytesPerSec: 0 };
}

describe('LogStore (webview side of a log)', () => {
  it('asks for the page a jump lands on at once, before the list has rendered and reported its viewport', () => {
    const requests: { from: number; count: number }[] = [];
    const store = new LogStore(
      {
        fetchPage: (from, count) => {
          requests.push({ from, count });
          return new Promise<RowDto[]>(() => undefined);
        },
        viewportChanged: () => undefined,
      },
      { following: true },
      { pageRows: 100 },
    );
    store.applySnapshot({ connection: CONNECTION, counters: counters(0, 1_000_000), tail: [], filter: null });
    store.hostReady();
    // The list at the tail, 40 rows on screen (with overscan around them).
    store.setViewport(store.window, store.window.count - 60, store.window.count - 1, 40);
    requests.length = 0;

    store.jumpTo(500_050);
    assert.equal(store.following, false);
    assert.deepEqual(requests, [{ from: 500_000, count: 100 }], 'the page holding rows 500,050–500,089, asked for right away');
  });

  it('stops following when a row is selected, so the next tail post does not carry the row away', () => {
    const reported: boolean[] = [];
    const store = new LogStore({ fetchPage: () => new Promise<RowDto[]>(() => undefined), viewportChanged: (_rows, following) => reported.push(following) }, { following: true });
    store.applySnapshot({ connection: CONNECTION, counters: counters(0, 100), tail: [], filter: null });
    store.hostReady();
    store.setViewport(store.window, 60, 99, 30);
    const window = store.window;

    store.select(undefined);
    assert.equal(store.following, true, 'clearing the selection changes nothing');
    store.select(95, true);
    assert.deepEqual({ following: store.following, selected: store.selectedPos, detail: store.detailOpen }, { following: false, selected: 95, detail: true });
    assert.deepEqual(reported, [true, false], 'the host is told, so that it stops sending the tail');
    store.applyTail({ counters: counters(0, 140), tail: [] });
    assert.equal(store.window.start, window.start, 'the rows stay where they were');
  });

  it('keeps the row object it holds when a tail post brings the same message again', () => {
    const store = new LogStore(quietHost, { following: true });
    store.applySnapshot({ connection: CONNECTION, counters: counters(0, 40), tail: makeRows(0, 40), filter: null });
    const held = store.row(30);
    store.applyTail({ counters: counters(0, 45), tail: makeRows(15, 45) });
    assert.equal(store.row(30), held, 'the same object');
    assert.equal(store.row(44)?.seq, 44, 'and the new rows');
  });

  it('takes the new row when a position holds another message (another view of the log)', () => {
    const store = new LogStore(quietHost, { following: true });
    store.applySnapshot({ connection: CONNECTION, counters: counters(0, 40), tail: makeRows(0, 40), filter: null });
    store.applyTail({ counters: counters(0, 41), tail: [makeRow(39, { seq: 77 }), makeRow(40, { seq: 78 })] });
    assert.equal(store.row(39)?.seq, 77);
  });

  it('leaves the rows version alone when a tail post brings no row it lacks, so the list does not render', () => {
    const store = new LogStore(quietHost, { following: true });
    store.applySnapshot({ connection: CONNECTION, counters: counters(0, 40), tail: makeRows(0, 40), filter: null });
    const version = store.rowsVersion;
    store.applyTail({ counters: { ...counters(0, 40), msgPerSec: 12 }, tail: makeRows(10, 40) });
    assert.equal(store.rowsVersion, version);
    store.applyTail({ counters: counters(0, 41), tail: makeRows(40, 41) });
    assert.ok(store.rowsVersion > version, 'a new row changes it');
  });

  it('formats a row once, however often it is shown', () => {
    const store = new LogStore(quietHost, { following: true });
    store.applySnapshot({ connection: CONNECTION, counters: counters(0, 40), tail: makeRows(0, 40), filter: null });
    const first = formatRow(store.row(30)!);
    store.applyTail({ counters: counters(0, 45), tail: makeRows(15, 45) });
    assert.equal(formatRow(store.row(30)!), first, 'the formatted cells of the first time');
    assert.equal(first.preview.text, '{"n":30}');
  });

  describe('messages arrived while paused', () => {
    const paused = (): LogStore => {
      const store = new LogStore(quietHost, { following: true });
      store.applySnapshot({ connection: CONNECTION, counters: counters(0, 10), tail: makeRows(0, 10), filter: null });
      store.setFollowing(false);
      return store;
    };

    it('counts the messages shown since the view stopped following', () => {
      const store = paused();
      store.applyTail({ counters: counters(0, 14), tail: [] });
      assert.equal(store.newWhilePaused, 4);
    });

    it('counts none while following', () => {
      const store = new LogStore(quietHost, { following: true });
      store.applySnapshot({ connection: CONNECTION, counters: counters(0, 10), tail: makeRows(0, 10), filter: null });
      store.applyTail({ counters: counters(0, 14), tail: [] });
      assert.equal(store.newWhilePaused, 0);
    });

    it('counts again from zero on Resume and a later pause', () => {
      const store = paused();
      store.applyTail({ counters: counters(0, 14), tail: [] });
      store.setFollowing(true);
      store.setFollowing(false);
      store.applyTail({ counters: counters(0, 15), tail: [] });
      assert.equal(store.newWhilePaused, 1);
    });

    it('counts from the new positions after a new filter renumbered them', () => {
      const store = paused();
      store.applySnapshot({ connection: CONNECTION, counters: counters(0, 3), tail: makeRows(0, 3), filter: { text: 'a' } });
      store.applyTail({ counters: counters(0, 5), tail: [] });
      assert.equal(store.newWhilePaused, 2);
    });

    it('counts from a view restored paused from its first snapshot', () => {
      const store = new LogStore(quietHost, { following: false });
      store.applySnapshot({ connection: CONNECTION, counters: counters(0, 10), tail: [], filter: null });
      store.applyTail({ counters: counters(0, 12), tail: [] });
      assert.equal(store.newWhilePaused, 2);
    });
  });
});
