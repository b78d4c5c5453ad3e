import { strict as assert } from 'node:assert';
import { WebviewRouter } from '../../src/extension/ipc/webviewRouter';
import type { NotifyMessage, ResponseMessage } from '../../src/shared/ipc/envelope';
import { isCount, isRecord, noParams, type WebviewProtocol } from '../../src/shared/ipc/webviewProtocol';
import { logProtocol } from '../../src/shared/log/logProtocol';
import { publishProtocol } from '../../src/shared/publish/publishProtocol';
import { subscriptionsProtocol } from '../../src/shared/subscriptions/subscriptionsProtocol';
import { recordingRouter } from '../harness/recordingRouter';

const req = (method: string, params: unknown, id: unknown = 1): unknown => ({ kind: 'request', id, method, params });

/** A protocol of two requests and a notification, to watch the router dispatch and reply. */
interface TestRequests {
  'test/double': { params: { n: number }; result: { n: number } };
  'test/fail': { params: Record<string, never>; result: Record<string, never> };
}
interface TestNotifications {
  'test/ping': Record<string, never>;
}
const testProtocol: WebviewProtocol<TestRequests, TestNotifications, { 'test/pong': { at: number } }> = {
  requests: {
    'test/double': (p) => (isRecord(p) && isCount(p.n) ? { n: p.n } : undefined),
    'test/fail': noParams,
  },
  notifications: { 'test/ping': noParams },
};

class UserError extends Error {}

function setup(fail: () => never = () => { throw new UserError('Not connected.'); }) {
  const posted: (NotifyMessage | ResponseMessage)[] = [];
  const logged: string[] = [];
  const router = new WebviewRouter({
    post: (message) => {
      posted.push(message);
      return Promise.resolve(true);
    },
    log: { info: () => undefined, warn: (m) => logged.push(`warn ${m}`), error: (m) => logged.push(`error ${m}`) },
    source: 'the test view',
    isUserFacing: (e) => e instanceof UserError,
  });
  const events: string[] = [];
  const registration = router.register(testProtocol, {
    'test/double': ({ n }, context) => {
      context.afterReply(() => events.push(`after reply ${posted.length}`));
      return { n: 2 * n };
    },
    'test/fail': () => fail(),
    'test/ping': () => {
      events.push('ping');
    },
  });
  return { router, posted, logged, events, registration };
}

const responses = (posted: (NotifyMessage | ResponseMessage)[]): ResponseMessage[] => posted.filter((m): m is ResponseMessage => m.kind === 'response');

describe('WebviewRouter', () => {
  it('answers a request with exactly one reply carrying its handler’s result', async () => {
    const { router, posted } = setup();
    await router.receive(req('test/double', { n: 21 }, 7));
    assert.deepEqual(posted, [{ kind: 'response', id: 7, result: { n: 42 } }]);
  });

  it('runs what a handler puts after its reply once the reply is posted', async () => {
    const { router, events } = setup();
    await router.receive(req('test/double', { n: 1 }));
    assert.deepEqual(events, ['after reply 1']);
  });

  it('hands a notification to its handler and posts nothing back', async () => {
    const { router, posted, events } = setup();
    await router.receive({ kind: 'notify', method: 'test/ping', params: {} });
    assert.deepEqual([events, posted], [['ping'], []]);
  });

  it('replies with a user-facing error as it is, without logging it', async () => {
    const { router, posted, logged } = setup();
    await router.receive(req('test/fail', {}, 3));
    assert.deepEqual([responses(posted), logged], [[{ kind: 'response', id: 3, error: 'Not connected.' }], []]);
  });

  it('replies with any other error as a failure, and logs it', async () => {
    const { router, posted, logged } = setup(() => {
      throw new TypeError('x is undefined');
    });
    await router.receive(req('test/fail', {}, 4));
    assert.deepEqual([responses(posted), logged], [[{ kind: 'response', id: 4, error: 'Failed: x is undefined' }], ['error test/fail: Failed: x is undefined']]);
  });

  it('replies with an error to a request it does not know, and logs why', async () => {
    const { router, posted, logged } = setup();
    await router.receive(req('command:workbench.action.quit', {}, 5));
    assert.match(responses(posted)[0]?.error ?? '', /does not know the request "command:workbench\.action\.quit"/);
    assert.deepEqual(logged, ['warn Ignored a message from the test view: unknown request "command:workbench.action.quit"']);
  });

  it('replies with an error to a malformed request without running its handler', async () => {
    const { router, posted, events } = setup();
    await router.receive(req('test/double', { n: -1 }, 6));
    assert.deepEqual(events, []);
    assert.match(responses(posted)[0]?.error ?? '', /malformed "test\/double"/);
  });

  it('forgets the methods of a registration once it is disposed', async () => {
    const { router, posted, registration } = setup();
    registration.dispose();
    await router.receive(req('test/double', { n: 1 }));
    assert.match(responses(posted)[0]?.error ?? '', /does not know/);
  });

  it('refuses to register a method twice', () => {
    const { router } = setup();
    assert.throws(() => router.register(testProtocol, { 'test/double': () => ({ n: 0 }), 'test/fail': () => ({}), 'test/ping': () => undefined }), /test\/double is handled twice/);
  });

  // The host takes nothing a webview posts on trust: what does not fit is refused with a reason
  // (which the host logs), whatever protocol it claims to belong to.
  it('refuses malformed, unknown and hostile log view messages with a reason', async () => {
    const { router, handled, ignored } = recordingRouter(logProtocol, publishProtocol, subscriptionsProtocol);
    const raws: unknown[] = [
      null,
      'log/ready',
      { kind: 'notify', method: 'log/unknown' },
      { kind: 'request', method: 'log/page/get', params: { from: 0, count: 1 } },
      req('log/page/get', { from: -1, count: 1 }),
      req('log/page/get', { from: 0, count: 1.5 }),
      req('log/page/get', { from: 0, count: 1 }, 'x'),
      req('mqtt/publish', { topic: 'a', payload: 'x', encoding: 'utf8', qos: 3, retain: false }),
      req('mqtt/subscribe', { topic: 's', qos: 1, subscriptionIdentifier: 0 }),
      req('log/message/open', { seq: 1, view: 'html' }),
      req('command:workbench.action.quit', {}),
    ];
    for (const raw of raws) await router.receive(raw);
    assert.deepEqual(handled, []);
    assert.equal(ignored.length, raws.length);
    for (const reason of ignored) assert.ok(reason.length > 0 && reason.length < 200, reason);
    assert.match(ignored.at(-1) ?? '', /^unknown request "command:workbench\.action\.quit"/);
  });

  it('hands each log view message to the handler of its protocol', async () => {
    const { router, handled } = recordingRouter(logProtocol, publishProtocol, subscriptionsProtocol);
    await router.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await router.receive(req('mqtt/topics', { prefix: 'a' }));
    await router.receive(req('mqtt/unsubscribe', { topic: 'a' }));
    assert.deepEqual(handled.map((h) => h.method), ['log/ready', 'mqtt/topics', 'mqtt/unsubscribe']);
  });
});
