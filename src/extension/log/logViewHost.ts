import { CommandLineError } from '../commandLine/commandTarget';
import { logProtocol } from '../../shared/log/logProtocol';
import type { LogFilter } from '../../shared/log/logFilter';
import type { HostToLogView } from '../../shared/log/logViewProtocols';
import type { Disposable } from '../base/emitter';
import type { Logger } from '../base/logger';
import { ConnectionError, type Connection } from '../connection/connection';
import { registerSubscriptionHandlers } from '../connection/subscriptionHandlers';
import { WebviewRouter } from '../ipc/webviewRouter';
import { NO_PUBLISH_ACTIONS, registerPublishHandlers, type PublishActions } from '../publish/publishHandlers';
import { LogSession, NO_LOG_ACTIONS, type LogActions } from './logSession';
import { NO_TRACE_LINK_ACTIONS, registerTraceLinkHandlers, type TraceLinkActions } from '../trace/traceLinkHandlers';
import { FilterError } from './messageFilter';

/** What a log view can ask of the editor around it: the log's actions and the publish panel's. */
export interface LogViewActions extends LogActions, PublishActions, TraceLinkActions {}

/** Actions for a log view outside VS Code (tests, bench): each says it is not available. */
export const NO_LOG_VIEW_ACTIONS: LogViewActions = { ...NO_LOG_ACTIONS, ...NO_PUBLISH_ACTIONS, ...NO_TRACE_LINK_ACTIONS };

/**
 * The host's side of one log webview, which speaks three protocols: the log (`LogSession`), the
 * publish panel (`registerPublishHandlers`) and the subscription editor
 * (`registerSubscriptionHandlers`), each registered with the view's one `WebviewRouter`. Everything
 * the webview posts goes to `receive`; everything the host posts goes through `post`.
 */
export class LogViewHost implements Disposable {
  private readonly session: LogSession;
  private readonly router: WebviewRouter;
  private readonly registrations: Disposable[];

  constructor(
    connection: Connection,
    post: (message: HostToLogView) => PromiseLike<boolean>,
    log: Logger,
    actions: LogViewActions = NO_LOG_VIEW_ACTIONS,
    now: () => number = Date.now,
  ) {
    this.router = new WebviewRouter({
      // The router posts only the replies and the notifications of the protocols registered here.
      post: (message) => post(message as HostToLogView),
      log,
      source: `the log view of "${connection.name}"`,
      isUserFacing: (e) => e instanceof ConnectionError || e instanceof FilterError || e instanceof CommandLineError,
    });
    const notify = this.router.notifier(logProtocol);
    this.session = new LogSession(connection, (m) => notify(m.method, m.params), log, actions, now);
    this.registrations = [
      this.router.register(logProtocol, this.session.handlers),
      registerPublishHandlers(this.router, connection, actions, () => this.session.viewListening),
      registerSubscriptionHandlers(this.router, connection),
      registerTraceLinkHandlers(this.router, actions),
    ];
  }

  /** The filter the view applies (null: everything). */
  get filter(): LogFilter | null {
    return this.session.filter;
  }

  /** Checks, dispatches and answers a message the webview posted (untrusted input). */
  receive(raw: unknown): Promise<void> {
    return this.router.receive(raw);
  }

  /** Hidden views get nothing; a view shown again says `log/ready` and gets a fresh snapshot. */
  setVisible(visible: boolean): void {
    this.session.setVisible(visible);
  }

  dispose(): void {
    for (const registration of this.registrations) registration.dispose();
    this.router.dispose();
    this.session.dispose();
  }
}
