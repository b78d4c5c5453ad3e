import { subscriptionsProtocol } from '../../shared/subscriptions/subscriptionsProtocol';
import type { Disposable } from '../base/emitter';
import type { WebviewRouter } from '../ipc/webviewRouter';
import type { Connection } from './connection';

/**
 * Answers the subscription editor of one webview on `connection`. The view learns of the new
 * subscriptions from the reply and from the next `connection/state`.
 */
export function registerSubscriptionHandlers(router: WebviewRouter, connection: Connection): Disposable {
  return router.register(subscriptionsProtocol, {
    // A copy of the connection's own record, which it goes on updating (a resubscribe, a refusal).
    'mqtt/subscribe': async (spec) => ({ subscription: { ...(await connection.subscribe(spec)) } }),
    'mqtt/unsubscribe': async ({ topic }) => {
      await connection.unsubscribe(topic);
      return {};
    },
  });
}
