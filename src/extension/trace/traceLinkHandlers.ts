import { traceLinkProtocol, type RevealedMessage } from '../../shared/trace/traceLinkProtocol';
import type { Disposable } from '../base/emitter';
import type { WebviewRouter } from '../ipc/webviewRouter';

/** What the log view's Trace button asks of VS Code. */
export interface TraceLinkActions {
  /** Show the protocol trace of the log's connection. */
  showTrace(): PromiseLike<unknown>;
}

export const NO_TRACE_LINK_ACTIONS: TraceLinkActions = { showTrace: () => Promise.reject(new Error('not available here')) };

/** What the link needs of the log view it serves. */
export interface TraceLinkView {
  /** Whether the view listens (visible and ready): a reveal waits until it does. */
  listening(): boolean;
  /** Where the message is in the view, or why the view does not show it (`LogSession.locate`). */
  locate(seq: number): RevealedMessage;
}

export interface TraceLinkRegistration extends Disposable {
  /** The trace's "Show in Log": tells the view where the message is (once it listens: a view just opened is not yet). */
  reveal(seq: number): void;
  /** Call when the view may have started listening (after each message it sent): posts a pending reveal. */
  flush(): void;
}

/** Answers the log view's `trace/show` and `trace/reveal`, and hands it the messages the trace asks it to reveal. */
export function registerTraceLinkHandlers(router: WebviewRouter, actions: TraceLinkActions, view: TraceLinkView): TraceLinkRegistration {
  const notify = router.notifier(traceLinkProtocol);
  let pending: number | undefined;
  const flush = (): void => {
    if (pending === undefined || !view.listening()) return;
    const seq = pending;
    pending = undefined;
    // Located when posted, not when asked: the view may have changed its filter meanwhile.
    void notify('trace/revealMessage', view.locate(seq));
  };
  const reveal = (seq: number): void => {
    pending = seq;
    flush();
  };
  const registration = router.register(traceLinkProtocol, {
    'trace/show': async () => {
      await actions.showTrace();
    },
    'trace/reveal': ({ seq }) => {
      reveal(seq);
    },
  });
  return { reveal, flush, dispose: () => { registration.dispose(); } };
}
