import { strict as assert } from 'node:assert';
import mqtt, { type MqttClient } from 'mqtt';
import { Connection } from '../../src/extension/connection/connection';
import type { Profile } from '../../src/extension/profiles/profile';
import type { ConnectionState } from '../../src/shared/connection/connectionInfo';
import { limits, recordingLogger, uniqueId, waitForState } from '../harness/connectionHelpers';
import { startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { startSwitchProxy, type SwitchProxy } from '../harness/switchProxy';
import { Teardown, useTeardown } from '../harness/teardown';

/**
 * Issue 22's table: every connection state × every event, each pair against mosquitto behind a
 * proxy that can stop, cut, stall and re-route the network. Each pair asserts the state reached
 * and the words shown, that every promise a command awaits settles within a bound, that no socket
 * or timer is left behind, and that a publish accepted while offline is sent or counted as
 * discarded in words. RELIABILITY.md has the table with each pair's outcome.
 *
 * At the connection level, "password changed" is new credentials and a reconnect (when it was not
 * disconnected), "profile edited" is `updateEntry`, "profile deleted" is `dispose()`, and "window
 * closing" is the manager's bounded disconnect followed by `dispose()`.
 */

const STATES = ['disconnected', 'connecting', 'connected', 'reconnecting', 'error', 'disposed'] as const;
const EVENTS = [
  'connect',
  'disconnect',
  'broker stops',
  'broker starts',
  'network cut',
  'stall',
  'auth refused',
  'session taken over',
  'password changed',
  'profile edited',
  'profile deleted',
  'window closing',
] as const;
type StateName = (typeof STATES)[number];
type EventName = (typeof EVENTS)[number];

interface Outcome {
  /** The state the connection reaches (at once, or by itself within the bound). */
  state: ConnectionState;
  /** What its detail says then. */
  detail?: RegExp;
  /** The event's own promise rejects with these words (it resolves otherwise). */
  rejects?: RegExp;
  /** The `connect()` still pending from the connecting state rejects with these words. */
  pending?: RegExp;
}

const NO_CONNACK = /^No CONNACK from .* within 2 s/;
const CLOSED_EARLY = /closed the connection without answering \(no CONNACK\)/;
const NEXT_ATTEMPT = /Next attempt in [\d.]+ s \(attempt \d+\)\.$/;
const BAD_CREDENTIALS = /The broker refused the connection: (Bad user name or password|Not authorized)/;
const DISCARDED = /1 queued publish was not sent \(discarded\)\.$/;
const stays = (state: ConnectionState): Outcome => ({ state });

const TABLE: Record<StateName, Record<EventName, Outcome>> = {
  disconnected: {
    connect: stays('connected'),
    disconnect: stays('disconnected'),
    'broker stops': stays('disconnected'),
    'broker starts': stays('disconnected'),
    'network cut': stays('disconnected'),
    stall: stays('disconnected'),
    'auth refused': stays('disconnected'),
    'session taken over': stays('disconnected'),
    'password changed': stays('disconnected'),
    'profile edited': stays('disconnected'),
    'profile deleted': stays('disconnected'),
    'window closing': stays('disconnected'),
  },
  connecting: {
    connect: { state: 'error', detail: NO_CONNACK, rejects: /is already connecting/, pending: NO_CONNACK },
    disconnect: { state: 'disconnected', pending: /was cancelled: disconnected before the broker answered/ },
    'broker stops': { state: 'error', detail: CLOSED_EARLY, pending: CLOSED_EARLY },
    'broker starts': { state: 'error', detail: NO_CONNACK, pending: NO_CONNACK },
    'network cut': { state: 'error', detail: CLOSED_EARLY, pending: CLOSED_EARLY },
    stall: { state: 'error', detail: NO_CONNACK, pending: NO_CONNACK },
    'auth refused': { state: 'error', detail: CLOSED_EARLY, pending: CLOSED_EARLY },
    'session taken over': { state: 'error', detail: NO_CONNACK, pending: NO_CONNACK },
    'password changed': { state: 'error', detail: NO_CONNACK, rejects: NO_CONNACK, pending: /was cancelled/ },
    'profile edited': { state: 'error', detail: NO_CONNACK, pending: NO_CONNACK },
    'profile deleted': { state: 'disconnected', pending: /was closed before it connected/ },
    'window closing': { state: 'disconnected', pending: /was cancelled/ },
  },
  connected: {
    connect: { state: 'connected', rejects: /is already connected/ },
    disconnect: stays('disconnected'),
    'broker stops': { state: 'reconnecting', detail: NEXT_ATTEMPT },
    'broker starts': stays('connected'),
    'network cut': { state: 'reconnecting', detail: NEXT_ATTEMPT },
    stall: { state: 'reconnecting', detail: NEXT_ATTEMPT },
    'auth refused': { state: 'error', detail: BAD_CREDENTIALS },
    'session taken over': { state: 'error', detail: /^Another client connected with client id "[^"]+" and took over this session/ },
    'password changed': stays('connected'),
    'profile edited': stays('connected'),
    'profile deleted': stays('disconnected'),
    'window closing': stays('disconnected'),
  },
  reconnecting: {
    connect: { state: 'reconnecting', rejects: /is already reconnecting/ },
    disconnect: { state: 'disconnected', detail: DISCARDED },
    'broker stops': { state: 'reconnecting', detail: NEXT_ATTEMPT },
    'broker starts': stays('connected'),
    'network cut': { state: 'reconnecting', detail: NEXT_ATTEMPT },
    stall: stays('reconnecting'),
    'auth refused': { state: 'error', detail: new RegExp(`${BAD_CREDENTIALS.source}.* ${DISCARDED.source}`) },
    'session taken over': stays('reconnecting'),
    'password changed': { state: 'error', detail: CLOSED_EARLY, rejects: CLOSED_EARLY },
    'profile edited': stays('reconnecting'),
    'profile deleted': stays('disconnected'),
    'window closing': { state: 'disconnected', detail: DISCARDED },
  },
  error: {
    connect: { state: 'error', detail: BAD_CREDENTIALS, rejects: BAD_CREDENTIALS },
    disconnect: stays('disconnected'),
    'broker stops': { state: 'error', detail: BAD_CREDENTIALS },
    'broker starts': { state: 'error', detail: BAD_CREDENTIALS },
    'network cut': { state: 'error', detail: BAD_CREDENTIALS },
    stall: { state: 'error', detail: BAD_CREDENTIALS },
    'auth refused': { state: 'error', detail: BAD_CREDENTIALS },
    'session taken over': { state: 'error', detail: BAD_CREDENTIALS },
    'password changed': stays('connected'),
    'profile edited': { state: 'error', detail: BAD_CREDENTIALS },
    'profile deleted': stays('disconnected'),
    'window closing': stays('disconnected'),
  },
  disposed: {
    connect: { state: 'disconnected', rejects: /is closed: its profile was removed or the window is closing/ },
    disconnect: stays('disconnected'),
    'broker stops': stays('disconnected'),
    'broker starts': stays('disconnected'),
    'network cut': stays('disconnected'),
    stall: stays('disconnected'),
    'auth refused': stays('disconnected'),
    'session taken over': stays('disconnected'),
    'password changed': stays('disconnected'),
    'profile edited': stays('disconnected'),
    'profile deleted': stays('disconnected'),
    'window closing': stays('disconnected'),
  },
};

/** How long any promise a command awaits may take to settle (the connect timeout is 2 s). */
const SETTLE_MS = 8_000;

/** A promise's outcome, observed without letting a rejection go unhandled. */
interface Observed {
  settled: Promise<{ error?: unknown }>;
}
const observe = (promise: Promise<unknown>): Observed => ({ settled: promise.then(() => ({}), (error: unknown) => ({ error })) });

async function settlesWithin(observed: Observed, what: string): Promise<{ error?: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { reject(new Error(`${what} did not settle within ${SETTLE_MS} ms`)); }, SETTLE_MS);
  });
  try {
    return await Promise.race([observed.settled, hang]);
  } finally {
    clearTimeout(timer);
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Sockets, servers and timers alive in this process, by kind. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === 'TCPSocketWrap' || kind === 'TCPServerWrap' || kind === 'Timeout') counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** Resolves once no more sockets, servers or timers are alive than in `baseline` (closing takes a few turns of the loop). */
async function nothingLeftBeyond(baseline: Record<string, number>): Promise<Record<string, number>> {
  const extra = (): Record<string, number> => {
    const now = handles();
    const out: Record<string, number> = {};
    for (const [kind, n] of Object.entries(now)) if (n > (baseline[kind] ?? 0)) out[kind] = n - (baseline[kind] ?? 0);
    return out;
  };
  for (let turn = 0; turn < 200 && Object.keys(extra()).length > 0; turn++) {
    await new Promise((r) => setTimeout(r, 10));
    // Counted once the timers phase is over: the timer that woke us is still listed during it.
    await new Promise((r) => setImmediate(r));
  }
  return extra();
}

describe('connection state × event table (issue 22)', function () {
  this.timeout(30_000);
  const suite = useTeardown('all');
  /** Accepts alice with "right". */
  let broker: Mosquitto;
  /** Wants "new" from alice: reached when the broker starts refusing the credentials we have. */
  let strictBroker: Mosquitto;
  before(async () => {
    broker = suite.stoppable('mosquitto', await startMosquitto({ users: { alice: 'right' } }));
    strictBroker = suite.stoppable('strict mosquitto', await startMosquitto({ users: { alice: 'new' } }));
  });

  /** One pair's world: the connection under test, its network, a witness subscriber. */
  interface Pair {
    c: Connection;
    profile: Profile;
    proxy: SwitchProxy;
    logLines: string[];
    /** The password the broker the proxy leads to accepts. */
    password: string;
    /** The password the user has stored for the profile (what connect sends). */
    stored: string;
    /** The `connect()` made to reach the connecting state. */
    pending?: Observed;
    /** A QoS 1 publish accepted while reconnecting (it must arrive at the witness, or be reported discarded). */
    queuedPayload?: string;
    witnessGot: Set<string>;
    /** Resolves once the witness has received `payload`. */
    witnessReceives: (payload: string) => Promise<void>;
    teardown: Teardown;
  }

  async function setUp(teardown: Teardown): Promise<Pair> {
    const proxy = teardown.stoppable('switch proxy', await startSwitchProxy(broker.port));
    const clientId = uniqueId('tbl');
    const profile: Profile = {
      name: clientId,
      url: proxy.url,
      protocolVersion: '5.0',
      clientId,
      clean: true,
      keepalive: 1,
      connectTimeout: 2,
      reconnect: { enabled: true, period: 100 },
      auth: { username: 'alice' },
      subscriptions: [],
    };
    const log = recordingLogger();
    const c = new Connection({ source: 'user', profile }, limits, log);
    teardown.add('connection', async () => {
      await c.disconnect();
      c.dispose();
    });
    const witnessGot = new Set<string>();
    const witness = await mqtt.connectAsync(broker.url, { username: 'alice', password: 'right', reconnectPeriod: 0 });
    teardown.add('witness', () => witness.endAsync(true));
    await witness.subscribeAsync(`${clientId}/#`, { qos: 1 });
    witness.on('message', (_topic, payload) => witnessGot.add(payload.toString()));
    const witnessReceives = (payload: string): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (!witnessGot.has(payload)) return;
          witness.removeListener('message', check);
          resolve();
        };
        witness.on('message', check);
        check();
      });
    return { c, profile, proxy, logLines: log.lines, password: 'right', stored: 'right', witnessGot, witnessReceives, teardown };
  }

  async function reach(state: StateName, p: Pair): Promise<void> {
    const { c, proxy } = p;
    switch (state) {
      case 'disconnected':
        return;
      case 'connecting':
        proxy.mode('silent');
        p.pending = observe(c.connect(p.stored));
        await proxy.accepted(1);
        assert.equal(c.state, 'connecting');
        return;
      case 'connected':
        await c.connect(p.stored);
        return;
      case 'reconnecting': {
        await c.connect(p.stored);
        proxy.mode('drop');
        proxy.cut();
        await waitForState(c, 'reconnecting');
        p.queuedPayload = `queued-${p.profile.name}`;
        assert.deepEqual(await c.publish({ topic: `${p.profile.name}/q`, payload: p.queuedPayload, encoding: 'utf8', qos: 1, retain: false }), { queued: 1 });
        return;
      }
      case 'error':
        proxy.target(strictBroker.port);
        p.password = 'new';
        await assert.rejects(c.connect(p.stored), BAD_CREDENTIALS);
        return;
      case 'disposed':
        await c.connect(p.stored);
        c.dispose();
        return;
    }
  }

  /** Applies the event; resolves with the promise a command would await (if any). */
  async function apply(event: EventName, p: Pair): Promise<Observed | undefined> {
    const { c, proxy } = p;
    switch (event) {
      case 'connect':
        return observe(c.connect(p.stored));
      case 'disconnect':
        return observe(c.disconnect());
      case 'broker stops':
        await proxy.stop();
        return undefined;
      case 'broker starts':
        proxy.mode('forward');
        await proxy.start();
        return undefined;
      case 'network cut':
        proxy.mode('drop');
        proxy.cut();
        return undefined;
      case 'stall':
        proxy.mode('silent');
        proxy.stall();
        return undefined;
      case 'auth refused':
        proxy.target(strictBroker.port);
        proxy.mode('forward');
        p.password = 'new';
        proxy.cut();
        return undefined;
      case 'session taken over': {
        // Another client with this client id that keeps coming back (a second window).
        const other: MqttClient = mqtt.connect(broker.url, { clientId: p.profile.clientId ?? '', username: 'alice', password: 'right', protocolVersion: 5, reconnectPeriod: 100 });
        p.teardown.add('the other client', () => other.endAsync(true));
        await new Promise<void>((resolve) => other.once('connect', () => { resolve(); }));
        return undefined;
      }
      case 'password changed':
        // The user sets the password the broker now wants; a live or failed connection reconnects with it.
        p.stored = p.password;
        if (c.state === 'disconnected') return undefined;
        return observe(
          (async () => {
            await c.disconnect();
            await c.connect(p.stored);
          })(),
        );
      case 'profile edited':
        c.updateEntry({ source: 'user', profile: { ...p.profile, keepalive: 2, subscriptions: [{ topic: `${p.profile.name}/edited`, qos: 0 }] } });
        return undefined;
      case 'profile deleted':
        c.dispose();
        return undefined;
      case 'window closing':
        // What the extension does on deactivate: disconnect all, at most 2 s, then dispose.
        return observe(
          (async () => {
            let timer: ReturnType<typeof setTimeout> | undefined;
            await Promise.race([c.disconnect(), new Promise((r) => (timer = setTimeout(r, 2_000)))]);
            clearTimeout(timer);
            c.dispose();
          })(),
        );
    }
  }

  for (const state of STATES) {
    describe(`in state ${state}`, () => {
      for (const event of EVENTS) {
        const outcome = TABLE[state][event];
        const words = outcome.detail ? ` saying ${outcome.detail.source.slice(0, 60)}` : '';
        it(`${event} → ${outcome.state}${words}; everything settles, nothing left behind or lost silently`, async () => {
          // After one turn: mocha starts this test's own timeout timer once the test function has returned its promise.
          await new Promise((r) => setImmediate(r));
          const baseline = handles();
          const teardown = new Teardown();
          try {
            const p = await setUp(teardown);
            await reach(state, p);
            const action = await apply(event, p);

            // The event's own promise settles, with the expected words if it rejects.
            if (action) {
              const { error } = await settlesWithin(action, `${event}'s promise`);
              if (outcome.rejects) assert.match(messageOf(error), outcome.rejects);
              else assert.equal(error, undefined, `${event} rejected: ${messageOf(error)}`);
            } else assert.equal(outcome.rejects, undefined, 'the table expects a promise this event does not make');

            // The state reached, and its words.
            await waitForState(p.c, outcome.state, SETTLE_MS);
            if (outcome.detail) assert.match(p.c.detail ?? '', outcome.detail);

            // The connect() of the connecting state settles too, in words.
            if (p.pending) {
              const { error } = await settlesWithin(p.pending, 'the pending connect()');
              assert.match(messageOf(error), outcome.pending ?? /^$/);
            }

            // A publish accepted while reconnecting is sent or reported discarded, never dropped silently.
            if (p.queuedPayload !== undefined && outcome.state === 'connected') {
              await settlesWithin(observe(p.witnessReceives(p.queuedPayload)), 'the queued publish reaching the witness');
            }
            await teardown.run();
            if (p.queuedPayload !== undefined) {
              const told = [p.c.detail ?? '', ...p.logLines].some((l) => /1 queued publish was not sent/.test(l));
              assert.ok(told || p.witnessGot.has(p.queuedPayload), `the queued publish neither arrived nor was reported discarded; log: ${p.logLines.join(' | ')}`);
            }
          } finally {
            await teardown.run();
          }
          assert.deepEqual(await nothingLeftBeyond(baseline), {}, 'sockets, servers or timers left behind');
        });
      }
    });
  }
});
