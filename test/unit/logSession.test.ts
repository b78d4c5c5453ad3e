import { strict as assert } from 'node:assert';
import { mock } from 'node:test';
import { Connection } from '../../src/extension/connection/connection';
import { silentLogger } from '../../src/extension/base/logger';
import { MIN_PAUSED_POST_INTERVAL_MS, MIN_POST_INTERVAL_MS } from '../../src/extension/log/logSession';
import { LogViewHost, NO_LOG_VIEW_ACTIONS } from '../../src/extension/log/logViewHost';
import { FAST_POST_INTERVAL_MS } from '../../src/extension/log/tailPostInterval';
import type { NotifyMessage, ResponseMessage } from '../../src/shared/ipc/envelope';
import type { HostToLogView, LogViewToHost } from '../../src/shared/log/logViewProtocols';
import { PREVIEW_CONTEXT } from '../../src/shared/log/previewWindow';
import { PREVIEW_BYTES } from '../../src/shared/log/rowDto';

// The webview is replaced by a recorder of what the session posts: this layer tests the host's
// batching; the real webview runs in Chromium in test/webview and in VS Code in test/e2e. Each
// `session` is the view's LogViewHost, as in VS Code: the LogSession behind the router that checks
// and answers every message the webview posts.
function setup(opts: { settle?: boolean } = {}) {
  const connection = new Connection(
    { source: 'workspace', profile: { name: 'p', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: true, period: 1000 }, subscriptions: [] } },
    { maxMessages: 100_000, maxBytes: 1 << 30 },
    silentLogger,
  );
  const posts: { at: number; message: HostToLogView }[] = [];
  let waiter: (() => void) | undefined;
  const pending: (() => void)[] = [];
  const session = new LogViewHost(
    connection,
    (message) => {
      posts.push({ at: Date.now(), message });
      waiter?.();
      if (opts.settle === false) return new Promise<boolean>((resolve) => pending.push(() => { resolve(true); }));
      return Promise.resolve(true);
    },
    silentLogger,
  );
  const nextPost = (): Promise<void> => new Promise((resolve) => (waiter = resolve));
  const append = (n: number): void => {
    for (let i = 0; i < n; i++) connection.store.append(`t/${i % 7}`, Buffer.from(`payload ${i} `.repeat(40)), 0, false, false, undefined, Date.now());
  };
  return { connection, session, posts, nextPost, append, pending };
}

/**
 * A session on a fake clock (for its rate meter; the timers stay real) whose posts are delivered at
 * once. `nextPost(what)` resolves on the next post, or fails when none comes within 500 ms (the
 * once-a-second rate refresh would take 1,000).
 */
function clockedSetup() {
  const clock = { now: 0 };
  const connection = new Connection(
    { source: 'workspace', profile: { name: 'p', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: true, period: 1000 }, subscriptions: [] } },
    { maxMessages: 10_000, maxBytes: 1 << 30 },
    silentLogger,
  );
  const posts: HostToLogView[] = [];
  let waiter: (() => void) | undefined;
  const session = new LogViewHost(
    connection,
    (m) => {
      posts.push(m);
      waiter?.();
      return Promise.resolve(true);
    },
    silentLogger,
    NO_LOG_VIEW_ACTIONS,
    () => clock.now,
  );
  const nextPost = (what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`no post within 500 ms of ${what}`)); }, 500);
      waiter = () => {
        clearTimeout(timer);
        waiter = undefined;
        resolve();
      };
    });
  return { clock, connection, session, posts, nextPost };
}

const notifications = (posts: { message: HostToLogView }[], method: string): NotifyMessage[] =>
  posts.map((p) => p.message as NotifyMessage | ResponseMessage).filter((m): m is NotifyMessage => m.kind === 'notify' && m.method === method);

/**
 * Runs a following session (with `filter`, when given) while `feed` is called every 5 ms for
 * `forMs`, and returns the times between its tail posts. Real timers and clock: the cadence is what
 * a webview would see.
 */
async function tailGaps(filter: { topic: string } | undefined, feed: (t: ReturnType<typeof setup>) => void, forMs: number): Promise<number[]> {
  // On node:test's fake clock (setTimeout and Date): the session's pacing is what is measured, not
  // how busy the machine running the test is.
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  try {
    const t = setup();
    await t.session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await t.session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: true } });
    if (filter) await t.session.receive({ kind: 'request', id: 1, method: 'log/filter/set', params: { filter } });
    for (let elapsed = 0; elapsed < forMs; elapsed += 5) {
      feed(t);
      await advance(5);
    }
    t.session.dispose();
    const at = t.posts.filter((p) => (p.message as NotifyMessage).method === 'log/tail').map((p) => p.at);
    return at.slice(1).map((time, i) => time - at[i]!);
  } finally {
    mock.timers.reset();
  }
}

/** Moves the fake clock on, then lets what the timers started (posts, their promises) settle. */
async function advance(ms: number): Promise<void> {
  mock.timers.tick(ms);
  await new Promise((resolve) => setImmediate(resolve));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('LogSession', () => {
  it('answers log/ready with a snapshot of the connection, counters and tail', async () => {
    const { session, posts, append } = setup();
    append(5);
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    const [snapshot] = notifications(posts, 'log/snapshot');
    assert.ok(snapshot);
    const params = snapshot.params as { connection: { profile: string; state: string }; counters: { received: number; nextPos: number }; tail: { seq: number }[] };
    assert.equal(params.connection.profile, 'p');
    assert.equal(params.connection.state, 'disconnected');
    assert.equal(params.counters.received, 5);
    assert.deepEqual(
      params.tail.map((r) => r.seq),
      [0, 1, 2, 3, 4],
    );
    session.dispose();
  });

  describe('the snapshot embedded in the page', () => {
    const seqs = (m: NotifyMessage | undefined): number[] => ((m?.params as { tail?: { seq: number }[] } | undefined)?.tail ?? []).map((r) => r.seq);

    it('holds the stored rows when the page is built', () => {
      const { session, append } = setup();
      append(5);
      assert.deepEqual(session.embeddedSnapshot('page-1').snapshot.tail.map((r) => r.seq), [0, 1, 2, 3, 4]);
      session.dispose();
    });

    it('is followed, after a log/ready naming it, by each row stored since exactly once', async () => {
      const { session, posts, append } = setup();
      append(5);
      const embedded = session.embeddedSnapshot('page-1');
      append(3);
      await session.receive({ kind: 'notify', method: 'log/ready', params: { embedded: 'page-1' } });
      assert.deepEqual([...embedded.snapshot.tail.map((r) => r.seq), ...seqs(notifications(posts, 'log/tail')[0])], [0, 1, 2, 3, 4, 5, 6, 7]);
      session.dispose();
    });

    it('is followed, after a log/ready naming it, by the connection state it has now', async () => {
      const { connection, session, posts } = setup();
      session.embeddedSnapshot('page-1');
      // Connecting (to a closed port) changes the state at once, before the view is ready to hear it.
      const connecting = connection.connect(undefined).catch(() => undefined);
      const now = connection.info.state;
      await session.receive({ kind: 'notify', method: 'log/ready', params: { embedded: 'page-1' } });
      const first = notifications(posts, 'connection/state')[0]?.params as { connection: { state: string } } | undefined;
      assert.deepEqual([now, first?.connection.state ?? 'none sent'], ['connecting', 'connecting']);
      session.dispose();
      connection.dispose();
      await connecting;
    });

    it('is not sent again after a log/ready naming it', async () => {
      const { session, posts, append } = setup();
      append(5);
      session.embeddedSnapshot('page-1');
      await session.receive({ kind: 'notify', method: 'log/ready', params: { embedded: 'page-1' } });
      assert.equal(notifications(posts, 'log/snapshot').length, 0);
      session.dispose();
    });

    it('gives way to a full snapshot when log/ready names another page', async () => {
      const { session, posts, append } = setup();
      append(5);
      session.embeddedSnapshot('page-1');
      append(2);
      await session.receive({ kind: 'notify', method: 'log/ready', params: { embedded: 'page-0' } });
      assert.deepEqual(seqs(notifications(posts, 'log/snapshot')[0]), [0, 1, 2, 3, 4, 5, 6]);
      session.dispose();
    });

    it('gives way to a full snapshot when the page is shown again and names it a second time', async () => {
      const { session, posts, append } = setup();
      append(5);
      session.embeddedSnapshot('page-1');
      await session.receive({ kind: 'notify', method: 'log/ready', params: { embedded: 'page-1' } });
      session.setVisible(false);
      session.setVisible(true);
      await session.receive({ kind: 'notify', method: 'log/ready', params: { embedded: 'page-1' } });
      assert.deepEqual(seqs(notifications(posts, 'log/snapshot')[0]), [0, 1, 2, 3, 4]);
      session.dispose();
    });
  });

  it('posts at most one update per ~33 ms under a flood, never one per message, and only the visible tail', async function () {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
    try {
      const { session, posts, append } = setup();
      await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
      await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: true } });
      const start = Date.now();
      let appended = 0;
      // 600 ms of traffic (fake clock) in bursts of 200 messages every 2 ms.
      while (Date.now() - start < 600) {
        append(200);
        appended += 200;
        await advance(2);
      }
      // Let the last update go out.
      await advance(MIN_POST_INTERVAL_MS * 3);
      const elapsed = Date.now() - start;
      const tails = notifications(posts, 'log/tail');
      assert.ok(appended >= 10_000, `appended ${appended}`);
      assert.ok(tails.length >= 3, `some updates were posted (${tails.length})`);
      assert.ok(tails.length <= Math.ceil(elapsed / MIN_POST_INTERVAL_MS) + 1, `${tails.length} posts in ${elapsed} ms`);
      const last = tails.at(-1)!.params as { counters: { received: number; nextPos: number }; tail: { seq: number; preview: Uint8Array; size: number }[] };
      assert.equal(last.counters.received, appended);
      assert.ok(last.tail.length <= 30, `tail carries only the visible rows (+ overscan): ${last.tail.length}`);
      assert.equal(last.tail.at(-1)?.seq, appended - 1);
      const row = last.tail[0]!;
      assert.ok(row.preview.length <= 256 && row.size > 256, 'previews are cut, sizes are full');
      assert.equal(row.preview.buffer.byteLength, row.preview.length, 'previews own their bytes (no pooled buffer posted)');
      assert.equal(Object.getPrototypeOf(row.preview), Uint8Array.prototype, 'a plain Uint8Array, not a Buffer (posted via toJSON)');
      session.dispose();
    } finally {
      mock.timers.reset();
    }
  });

  it('follows a fast stream with ten tail posts a second and a slow one with thirty', async () => {
    // ~100k msg/s: 500 messages every 5 ms.
    const fast = await tailGaps(undefined, (t) => { t.append(500); }, 700);
    assert.ok(fast.length >= 3, `${fast.length + 1} tail posts`);
    // A timer may fire up to a millisecond early.
    assert.ok(Math.min(...fast) >= FAST_POST_INTERVAL_MS - 2, `gaps ${fast.join(', ')} ms`);
    // ~200 msg/s: one message every 5 ms.
    const slow = await tailGaps(undefined, (t) => { t.append(1); }, 500);
    assert.ok(slow.length >= 5, `${slow.length + 1} tail posts`);
    assert.ok(Math.min(...slow) >= MIN_POST_INTERVAL_MS - 2, `gaps ${slow.join(', ')} ms`);
    assert.ok(median(slow) < FAST_POST_INTERVAL_MS * 0.6, `gaps ${slow.join(', ')} ms`);
  });

  it('paces a filtered view by the rate of what it shows, not of the whole stream', async () => {
    // ~100k msg/s arrive, one in 500 matches the filter (~200 msg/s shown): the view keeps the
    // 33 ms pace of a slow stream.
    const payload = Buffer.from('x'.repeat(100));
    const gaps = await tailGaps(
      { topic: 'alarm/#' },
      (t) => {
        for (let i = 0; i < 500; i++) t.connection.store.append(i === 0 ? 'alarm/fire' : 'sensors/t', payload, 0, false, false, undefined, Date.now());
      },
      600,
    );
    assert.ok(gaps.length >= 5, `${gaps.length + 1} tail posts`);
    assert.ok(median(gaps) < FAST_POST_INTERVAL_MS * 0.6, `gaps ${gaps.join(', ')} ms`);
  });

  it('keeps at most one post in flight while the webview is slow', async () => {
    const { session, posts, append, pending } = setup({ settle: false });
    void session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    append(10);
    await new Promise((r) => setTimeout(r, MIN_POST_INTERVAL_MS * 4));
    assert.equal(posts.length, 1, 'nothing more until the snapshot was delivered');
    pending.shift()?.();
    await new Promise((r) => setTimeout(r, MIN_POST_INTERVAL_MS * 3));
    assert.equal(posts.length, 2);
    session.dispose();
  });

  it('posts each burst of messages promptly once the rate meter runs (the once-a-second refresh does not hold them back)', async () => {
    // Traffic in bursts with quiet gaps (how socket reads deliver messages): between bursts the
    // session sleeps until the next message, with a timer that refreshes the msg/s once a second.
    // A burst must wake it at once, not wait for that timer. A fake clock runs the rate meter
    // without waiting seconds; the timers are real.
    const { clock, connection, session, posts, nextPost } = clockedSetup();
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: true } });
    const settle = (): Promise<void> => new Promise((r) => setTimeout(r, MIN_POST_INTERVAL_MS * 2));
    try {
    for (let burst = 1; burst <= 5; burst++) {
      clock.now += 1000;
      await settle(); // the previous post delivered, the session asleep until the next message
      const posted = nextPost('a burst');
      for (let i = 0; i < 100; i++) connection.store.append('t', Buffer.from('x'), 0, false, false, undefined, clock.now);
      await posted;
      const last = posts.at(-1) as NotifyMessage<'log/tail', { counters: { received: number; msgPerSec: number } }>;
      assert.equal(last.params.counters.received, burst * 100, `burst ${burst} is in the post`);
    }
    const rates = notifications(posts.map((message) => ({ message })), 'log/tail').map((m) => (m.params as { counters: { msgPerSec: number } }).counters.msgPerSec);
    assert.ok(rates.some((r) => r > 0), 'the rate meter ran');
    } finally {
      session.dispose();
    }
  });

  it('sends the tail at once when the view resumes following, also while the rate refresh timer waits', async () => {
    // Between bursts the session sleeps with a timer that refreshes the msg/s once a second. A view
    // that resumes following (End) needs the tail rows now: the forced post must not wait for that
    // timer (it did; the webview then fetched the rows itself after 250 ms). Fake clock for the rate
    // meter, real timers.
    const { clock, connection, session, posts, nextPost } = clockedSetup();
    try {
      await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
      await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: false } });
      // Two bursts a (fake) second apart: the rate meter's first sample, then a rate.
      for (let burst = 0; burst < 2; burst++) {
        clock.now += 1000;
        const posted = nextPost('a burst');
        for (let i = 0; i < 50; i++) connection.store.append('t', Buffer.from(`m${i}`), 0, false, false, undefined, clock.now);
        await posted;
        // The post's delivery runs the session's next schedule (a microtask): asleep after it.
        await new Promise((r) => setImmediate(r));
      }
      const last = posts.at(-1) as NotifyMessage<'log/tail', { counters: { msgPerSec: number }; tail: unknown[] }>;
      assert.ok(last.params.counters.msgPerSec > 0, 'the rate meter runs, so the refresh timer is set');
      assert.equal(last.params.tail.length, 0, 'not following: no rows');
      const resumed = nextPost('resuming');
      await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: true } });
      await resumed;
      const tail = posts.at(-1) as NotifyMessage<'log/tail', { tail: { seq: number }[] }>;
      assert.equal(tail.method, 'log/tail');
      assert.deepEqual(tail.params.tail.map((r) => r.seq).slice(-3), [97, 98, 99]);
    } finally {
      session.dispose();
    }
  });

  it('sends the tail once a post in flight is delivered when the view resumed following meanwhile', async () => {
    const { session, posts, append, pending, nextPost } = setup({ settle: false });
    void session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: false } });
    const first = nextPost();
    pending.shift()?.(); // the snapshot is delivered
    append(5);
    await first; // the 5 messages, without rows (not following); kept in flight
    assert.equal((notifications(posts, 'log/tail')[0]!.params as { tail: unknown[] }).tail.length, 0);
    const resumed = nextPost();
    await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: true } });
    pending.shift()?.(); // the post in flight is delivered: the resumed view's post follows
    await resumed; // (it was dropped before: mocha's timeout failed this line)
    const tails = notifications(posts, 'log/tail');
    assert.equal(tails.length, 2);
    assert.equal((tails[1]!.params as { tail: unknown[] }).tail.length, 5);
    session.dispose();
  });

  describe('the tail as a delta', () => {
    /** A following session with 20 rows on screen, its snapshot delivered. */
    async function following(stored: number) {
      const t = setup();
      t.append(stored);
      await t.session.receive({ kind: 'notify', method: 'log/ready', params: {} });
      await t.session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: true } });
      return t;
    }
    const tailSeqs = (message: NotifyMessage): number[] => (message.params as { tail: { seq: number }[] }).tail.map((r) => r.seq);
    const lastTail = (posts: { message: HostToLogView }[]): NotifyMessage => notifications(posts, 'log/tail').at(-1)!;

    it('sends in a tail post exactly the rows that arrived since the last post', async () => {
      const { session, posts, append, nextPost } = await following(100);
      try {
        const first = nextPost();
        append(7);
        await first;
        assert.deepEqual(tailSeqs(lastTail(posts)), [100, 101, 102, 103, 104, 105, 106]);
        const second = nextPost();
        append(2);
        await second;
        assert.deepEqual(tailSeqs(lastTail(posts)), [107, 108]);
      } finally {
        session.dispose();
      }
    });

    it('sends at most the screen and its overscan when more arrived since the last post', async () => {
      const { session, posts, append, nextPost } = await following(100);
      try {
        const next = nextPost();
        append(400);
        await next;
        assert.deepEqual(tailSeqs(lastTail(posts)), Array.from({ length: 30 }, (_, i) => 470 + i), 'the newest 20 rows on screen and 10 above');
      } finally {
        session.dispose();
      }
    });

    it('sends the whole tail again when the view resumes following', async () => {
      const { session, posts, append, nextPost } = await following(100);
      try {
        await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: false } });
        const paused = nextPost();
        append(3);
        await paused;
        assert.deepEqual(tailSeqs(lastTail(posts)), [], 'no rows while not following');
        const resumed = nextPost();
        await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: true } });
        await resumed;
        assert.deepEqual(tailSeqs(lastTail(posts)), Array.from({ length: 30 }, (_, i) => 73 + i));
      } finally {
        session.dispose();
      }
    });

    it('sends the rows above what the view holds when its viewport grows', async () => {
      const { session, posts, append, nextPost } = await following(100);
      try {
        const first = nextPost();
        append(1);
        await first;
        await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 40, following: true } });
        const next = nextPost();
        append(1);
        await next;
        assert.deepEqual(tailSeqs(lastTail(posts)), Array.from({ length: 50 }, (_, i) => 52 + i), 'the 40 rows on screen and 10 above');
      } finally {
        session.dispose();
      }
    });

    it('sends the whole tail in a snapshot after the filter changed', async () => {
      const { session, posts, append, nextPost } = await following(0);
      try {
        const next = nextPost();
        append(50);
        await next;
        await session.receive({ kind: 'request', id: 1, method: 'log/filter/set', params: { filter: { topic: 't/1' } } });
        const snapshot = notifications(posts, 'log/snapshot').at(-1)!;
        assert.deepEqual(tailSeqs(snapshot), [1, 8, 15, 22, 29, 36, 43], 'every matching row, at its position in the filtered view');
      } finally {
        session.dispose();
      }
    });
  });

  it('sends no tail rows when not following, and nothing while hidden', async () => {
    const { session, posts, append, nextPost } = setup();
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: false } });
    const next = nextPost();
    append(3);
    await next;
    const tail = notifications(posts, 'log/tail').at(-1)!.params as { tail: unknown[]; counters: { received: number } };
    assert.equal(tail.tail.length, 0);
    assert.equal(tail.counters.received, 3);
    session.setVisible(false);
    const before = posts.length;
    append(50);
    await new Promise((r) => setTimeout(r, MIN_POST_INTERVAL_MS * 3));
    assert.equal(posts.length, before);
    session.dispose();
  });

  it('posts counters only ~4 times a second under a flood while not following, and the tail at once on resuming', async function () {
    const { connection, session, posts, append, nextPost } = setup();
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: false } });
    const before = notifications(posts, 'log/tail').length;
    const start = Date.now();
    // ~700 ms of traffic in bursts of 50 messages every ~2 ms.
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        append(50);
        if (Date.now() - start < 700) setTimeout(tick, 2);
        else resolve();
      };
      tick();
    });
    const elapsed = Date.now() - start;
    const paused = notifications(posts, 'log/tail').slice(before);
    assert.ok(paused.length >= 2, `counters still go out (${paused.length} posts)`);
    assert.ok(paused.length <= Math.ceil(elapsed / MIN_PAUSED_POST_INTERVAL_MS) + 1, `${paused.length} posts in ${elapsed} ms`);
    assert.ok(paused.every((m) => (m.params as { tail: unknown[] }).tail.length === 0), 'no rows while not following');
    // Resuming right after a post, while messages keep coming (the next paused post ~250 ms away):
    // the tail is not held back by the slower pace, it follows within ~33 ms.
    const flood = setInterval(() => {
      append(50);
    }, 2);
    try {
      await nextPost();
      // The next message after that post arms the session's paused-pace timer (its waker runs
      // within the same append as this one).
      await new Promise<void>((resolve) => connection.store.onNextAppend(resolve));
      const resumedAt = Date.now();
      const next = nextPost();
      await session.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 20, following: true } });
      await next;
      const waited = Date.now() - resumedAt;
      const last = notifications(posts, 'log/tail').at(-1)!.params as { tail: { seq: number }[] };
      assert.ok(last.tail.length > 0, 'the post after resuming carries the tail');
      assert.ok(waited < MIN_PAUSED_POST_INTERVAL_MS / 2, `the tail came ${waited} ms after resuming`);
    } finally {
      clearInterval(flood);
      session.dispose();
    }
  });

  it('answers page requests within the stored range, clear, and refuses publishing while disconnected', async () => {
    const { session, posts, append } = setup();
    append(100);
    await session.receive({ kind: 'request', id: 7, method: 'log/page/get', params: { from: 90, count: 50 } });
    const page = posts.at(-1)!.message as ResponseMessage<{ rows: { seq: number }[] }>;
    assert.equal(page.id, 7);
    assert.deepEqual(
      page.result?.rows.map((r) => r.seq),
      [90, 91, 92, 93, 94, 95, 96, 97, 98, 99],
    );
    await session.receive({ kind: 'request', id: 8, method: 'mqtt/publish', params: { topic: 'a', payload: 'x', encoding: 'utf8', qos: 0, retain: false } });
    const refused = posts.at(-1)!.message as ResponseMessage;
    assert.equal(refused.id, 8);
    assert.match(refused.error ?? '', /not connected/);
    await session.receive({ kind: 'request', id: 9, method: 'mqtt/publish', params: { topic: 'a/#', payload: 'x', encoding: 'utf8', qos: 0, retain: false } });
    assert.match((posts.at(-1)!.message as ResponseMessage).error ?? '', /Wildcards/);
    await session.receive({ kind: 'request', id: 10, method: 'log/clear', params: {} });
    assert.equal((posts.find((p) => p.message.kind === 'response' && p.message.id === 10)?.message as ResponseMessage).error, undefined);
    session.dispose();
  });

  it('serves whole messages, opens and copies payloads through the editor actions', async () => {
    const { connection } = setup();
    const opened: [string, string][] = [];
    const copied: string[] = [];
    const posts: HostToLogView[] = [];
    const session = new LogViewHost(
      connection,
      (m) => {
        posts.push(m);
        return Promise.resolve(true);
      },
      silentLogger,
      {
        ...NO_LOG_VIEW_ACTIONS,
        openDocument: (content, language) => {
          opened.push([content, language]);
          return Promise.resolve();
        },
        copyToClipboard: (text) => {
          copied.push(text);
          return Promise.resolve();
        },
      },
    );
    const big = Buffer.concat([Buffer.from('{"big":"'), Buffer.alloc(5000, 0x61), Buffer.from('"}')]);
    const seq = connection.store.append('a/b', big, 1, true, false, { correlationData: Buffer.from([0xff, 1]), contentType: 'application/json' }, 1000);
    const binSeq = connection.store.append('bin', Buffer.from([0xff, 0xfe]), 0, false, false, undefined, 1001);
    const reply = async (request: LogViewToHost): Promise<ResponseMessage> => {
      await session.receive(request);
      return posts.at(-1) as ResponseMessage;
    };

    const got = (await reply({ kind: 'request', id: 1, method: 'log/message/get', params: { seq } })).result as { message: { payload: Uint8Array; size: number; properties: Record<string, unknown> } };
    assert.equal(got.message.size, big.length);
    assert.equal(got.message.payload.length, big.length, 'the whole payload, not a preview');
    assert.equal(Object.getPrototypeOf(got.message.payload), Uint8Array.prototype);
    assert.equal(Object.getPrototypeOf(got.message.properties.correlationData), Uint8Array.prototype);
    assert.equal(got.message.properties.contentType, 'application/json');

    await reply({ kind: 'request', id: 2, method: 'log/message/open', params: { seq, view: 'json' } });
    assert.equal(opened[0]![1], 'json');
    assert.ok(opened[0]![0].startsWith('{\n  "big": "aaa'));
    await reply({ kind: 'request', id: 3, method: 'log/message/open', params: { seq: binSeq, view: 'json' } });
    assert.deepEqual(opened[1], ['00000000  ff fe ' + ' '.repeat(3 * 14 + 1) + ' ..', 'plaintext'], 'binary that is not JSON opens as a hex dump');

    await reply({ kind: 'request', id: 4, method: 'log/message/copy', params: { seq, what: 'topic' } });
    await reply({ kind: 'request', id: 5, method: 'log/message/copy', params: { seq: binSeq, what: 'payload' } });
    assert.deepEqual(copied, ['a/b', '//4=']);

    connection.store.clear();
    const gone = await reply({ kind: 'request', id: 6, method: 'log/message/get', params: { seq } });
    assert.match(gone.error ?? '', /no longer in the log/);
    session.dispose();
  });

  it('opens a JSON payload shown as text in the JSON language, named after its topic and receive time', async () => {
    const { connection } = setup();
    const opened: [string, string, string][] = [];
    const host = new LogViewHost(connection, () => Promise.resolve(true), silentLogger, {
      ...NO_LOG_VIEW_ACTIONS,
      openDocument: (content, language, name) => {
        opened.push([content, language, name]);
        return Promise.resolve();
      },
    });
    const time = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();
    const seq = connection.store.append('demo/pump-7/telemetry', Buffer.from('{"rpm":1200}'), 0, false, false, undefined, time);
    await host.receive({ kind: 'request', id: 1, method: 'log/message/open', params: { seq, view: 'text' } });
    assert.deepEqual(opened, [['{"rpm":1200}', 'json', 'demo\u2215pump-7\u2215telemetry 03:04:05.006.json']]);
    host.dispose();
  });
});

describe('LogSession filters, export and record', () => {
  type Snapshot = { counters: { firstPos: number; nextPos: number; stored: number; filtering?: unknown }; tail: { pos: number; seq: number; topic: string }[]; filter: unknown; filterError?: string };

  it('applies a filter on the host: a reply, then a snapshot of the filtered view in positions', async () => {
    const { session, posts, connection } = setup();
    for (let i = 0; i < 30; i++) connection.store.append(i % 3 === 0 ? 'alarm/fire' : 'sensors/t', Buffer.from(`#${i}`), 0, false, false, undefined, i);
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await session.receive({ kind: 'request', id: 1, method: 'log/filter/set', params: { filter: { topic: 'alarm/#' } } });
    const reply = posts.map((p) => p.message).find((m): m is ResponseMessage => m.kind === 'response' && m.id === 1);
    assert.deepEqual(reply?.result, {});
    const snapshot = notifications(posts, 'log/snapshot').at(-1)!.params as Snapshot;
    assert.deepEqual(snapshot.filter, { topic: 'alarm/#' });
    assert.deepEqual([snapshot.counters.firstPos, snapshot.counters.nextPos, snapshot.counters.stored], [0, 10, 30]);
    assert.deepEqual(snapshot.tail.map((r) => [r.pos, r.seq]), [0, 3, 6, 9, 12, 15, 18, 21, 24, 27].map((seq, pos) => [pos, seq]));
    // Pages are asked for by position.
    await session.receive({ kind: 'request', id: 2, method: 'log/page/get', params: { from: 8, count: 5 } });
    const page = posts.at(-1)!.message as ResponseMessage<{ rows: { pos: number; seq: number }[] }>;
    assert.deepEqual(page.result?.rows.map((r) => [r.pos, r.seq]), [[8, 24], [9, 27]]);
    // Back to everything.
    await session.receive({ kind: 'request', id: 3, method: 'log/filter/set', params: { filter: null } });
    const all = notifications(posts, 'log/snapshot').at(-1)!.params as Snapshot;
    assert.equal(all.filter, null);
    assert.deepEqual([all.counters.firstPos, all.counters.nextPos], [0, 30]);
    session.dispose();
  });

  it('posts a row whose payload search matches past the first PREVIEW_BYTES with its preview cut around the match, and where it starts', async () => {
    const { session, posts, connection } = setup();
    const payload = `{"pad":"${'x'.repeat(2000)}","status":"door open"}`;
    connection.store.append('house/door', Buffer.from(payload), 0, false, false, undefined, 1);
    connection.store.append('house/door', Buffer.from('{"status":"door closed"}'), 0, false, false, undefined, 2);
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await session.receive({ kind: 'request', id: 1, method: 'log/filter/set', params: { filter: { text: 'DOOR' } } });
    const tail = (notifications(posts, 'log/snapshot').at(-1)!.params as { tail: { previewFrom?: number; preview: Uint8Array }[] }).tail;
    const at = payload.indexOf('door') - PREVIEW_CONTEXT;
    assert.deepEqual(
      tail.map((r) => [r.previewFrom, Buffer.from(r.preview).toString()]),
      [[at, payload.slice(at, at + PREVIEW_BYTES)], [undefined, '{"status":"door closed"}']],
    );
    session.dispose();
  });

  it('posts the first PREVIEW_BYTES of a long payload when no payload search is active', async () => {
    const { session, posts, connection } = setup();
    const payload = `{"pad":"${'x'.repeat(2000)}","status":"door open"}`;
    connection.store.append('house/door', Buffer.from(payload), 0, false, false, undefined, 1);
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await session.receive({ kind: 'request', id: 1, method: 'log/filter/set', params: { filter: { topic: 'house/#' } } });
    const [row] = (notifications(posts, 'log/snapshot').at(-1)!.params as { tail: { previewFrom?: number; preview: Uint8Array }[] }).tail;
    assert.deepEqual([row?.previewFrom, Buffer.from(row!.preview).toString()], [undefined, payload.slice(0, PREVIEW_BYTES)]);
    session.dispose();
  });

  it('refuses a filter it cannot apply, keeping the view as it was', async () => {
    const { session, posts, append } = setup();
    append(5);
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    const snapshots = notifications(posts, 'log/snapshot').length;
    await session.receive({ kind: 'request', id: 4, method: 'log/filter/set', params: { filter: { text: '([a-z]', regex: true } } });
    assert.match((posts.at(-1)!.message as ResponseMessage).error ?? '', /Not a valid regular expression/);
    assert.equal(notifications(posts, 'log/snapshot').length, snapshots, 'no new snapshot');
    assert.equal(session.filter, null);
    session.dispose();
  });

  it('drops a filter that turns out to be too slow, and tells the view why', async function () {
    this.timeout(15_000);
    const { session, posts, connection } = setup();
    connection.store.append('t', Buffer.from(`${'a'.repeat(40)}!`), 0, false, false, undefined, 0);
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await session.receive({ kind: 'request', id: 5, method: 'log/filter/set', params: { filter: { text: '^(a+)+$', regex: true } } });
    const dropped = notifications(posts, 'log/snapshot').map((n) => n.params as Snapshot).find((p) => p.filterError !== undefined);
    assert.ok(dropped, 'a snapshot says the filter was dropped');
    assert.match(dropped.filterError ?? '', /took more than/);
    assert.equal(dropped.filter, null);
    assert.equal(session.filter, null);
    session.dispose();
  });

  it('hands export and record to the editor at once (they open their own dialogs)', async () => {
    const { connection } = setup();
    const calls: string[] = [];
    const posts: HostToLogView[] = [];
    const never = new Promise<void>(() => undefined); // a dialog the user has not answered yet
    const session = new LogViewHost(connection, (m) => { posts.push(m); return Promise.resolve(true); }, silentLogger, {
      ...NO_LOG_VIEW_ACTIONS,
      exportLog: (filter) => { calls.push(`export ${JSON.stringify(filter)}`); return never; },
      setRecording: (record) => { calls.push(`record ${String(record)}`); return never; },
    });
    connection.store.append('a', Buffer.from('1'), 0, false, false, undefined, 0);
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await session.receive({ kind: 'request', id: 1, method: 'log/filter/set', params: { filter: { topic: 'a' } } });
    await session.receive({ kind: 'request', id: 2, method: 'log/export', params: { filtered: true } });
    await session.receive({ kind: 'request', id: 3, method: 'log/export', params: { filtered: false } });
    await session.receive({ kind: 'request', id: 4, method: 'log/record', params: { record: true } });
    assert.deepEqual(calls, ['export {"topic":"a"}', 'export null', 'record true']);
    const replies = posts.filter((m): m is ResponseMessage => m.kind === 'response').map((m) => [m.id, m.error]);
    assert.deepEqual(replies, [[1, undefined], [2, undefined], [3, undefined], [4, undefined]]);
    session.dispose();
  });

  it('sends the subscription each row matched', async () => {
    const { session, posts, connection } = setup();
    connection.store.append('a', Buffer.from('1'), 0, false, false, undefined, 0, 7);
    await session.receive({ kind: 'notify', method: 'log/ready', params: {} });
    const snapshot = notifications(posts, 'log/snapshot')[0]!.params as { tail: { sub: number }[] };
    assert.deepEqual(snapshot.tail.map((r) => r.sub), [7]);
    session.dispose();
  });
});
