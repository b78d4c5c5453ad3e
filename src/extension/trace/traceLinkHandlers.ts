import { traceLinkProtocol } from '../../shared/trace/traceLinkProtocol';
import type { Disposable } from '../base/emitter';
import type { WebviewRouter } from '../ipc/webviewRouter';

/** What the log view's Trace button asks of VS Code. */
export interface TraceLinkActions {
  /** Show the protocol trace of the log's connection. */
  showTrace(): PromiseLike<unknown>;
}

export const NO_TRACE_LINK_ACTIONS: TraceLinkActions = { showTrace: () => Promise.reject(new Error('not available here')) };

/** Answers the log view's `trace/show`. */
export function registerTraceLinkHandlers(router: WebviewRouter, actions: TraceLinkActions): Disposable {
  return router.register(traceLinkProtocol, {
    'trace/show': async () => {
      await actions.showTrace();
    },
  });
}
