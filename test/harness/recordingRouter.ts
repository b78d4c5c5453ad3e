/**
 * A `WebviewRouter` whose handlers only record what reached them, for the tests of what the host
 * accepts from a webview: the params a handler got, the replies posted and the reasons logged for
 * what was ignored.
 */
import { WebviewRouter } from '../../src/extension/ipc/webviewRouter';
import type { NotifyMessage, ResponseMessage } from '../../src/shared/ipc/envelope';
import type { WebviewProtocol } from '../../src/shared/ipc/webviewProtocol';

export interface RecordingRouter {
  router: WebviewRouter;
  /** What reached a handler, in order. */
  handled: { method: string; params: unknown }[];
  /** What the router posted (replies; a handler here posts nothing). */
  posted: (NotifyMessage | ResponseMessage)[];
  /** Why messages were ignored, as logged. */
  ignored: string[];
}

type AnyProtocol = WebviewProtocol<Record<string, { params: unknown; result: unknown }>, Record<string, unknown>, unknown>;

export function recordingRouter(...protocols: AnyProtocol[]): RecordingRouter {
  const handled: RecordingRouter['handled'] = [];
  const posted: RecordingRouter['posted'] = [];
  const ignored: string[] = [];
  const router = new WebviewRouter({
    post: (message) => {
      posted.push(message);
      return Promise.resolve(true);
    },
    log: {
      info: () => undefined,
      warn: (message) => ignored.push(message.replace(/^Ignored a message from the test view: /, '')),
      error: () => undefined,
    },
    source: 'the test view',
    isUserFacing: () => true,
  });
  for (const protocol of protocols) {
    const methods = [...Object.keys(protocol.requests), ...Object.keys(protocol.notifications)];
    const record = (method: string) => (params: unknown) => {
      handled.push({ method, params });
      return {};
    };
    router.register(protocol, Object.fromEntries(methods.map((method) => [method, record(method)])) as never);
  }
  return { router, handled, posted, ignored };
}
