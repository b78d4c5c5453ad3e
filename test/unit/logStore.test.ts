import { strict as assert } from 'node:assert';
import type { ConnectionInfo } from '../../src/shared/connection/connectionInfo';
import type { LogCounters } from '../../src/shared/log/logCounters';
import type { RowDto } from '../../src/shared/log/rowDto';
import { LogStore } from '../../src/webview/log/logStore';

const CONNECTION: ConnectionInfo = { key: 'user:t', profile: 't', url: 'mqtt://localhost:1883', protocolVersion: '5.0', state: 'connected', subscriptions: [] };

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
});
