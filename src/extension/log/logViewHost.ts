import { CommandLineError } from '../commandLine/commandTarget';
import { logProtocol } from '../../shared/log/logProtocol';
import type { LogKeyAction } from '../../shared/logKeys/logKeys';
import { logKeysProtocol } from '../../shared/logKeys/logKeysProtocol';
import type { LogFilter } from '../../shared/log/logFilter';
import type { EmbeddedSnapshot } from '../../shared/log/embeddedSnapshot';
import type { HostToLogView } from '../../shared/log/logViewProtocols';
import type { Disposable } from '../base/emitter';
import type { Logger } from '../base/logger';
import { ConnectionError, type Connection } from '../connection/connection';
import { registerSubscriptionHandlers } from '../connection/subscriptionHandlers';
import { registerDecoderHandlers } from '../decoders/decoderHandlers';
import { WebviewRouter } from '../ipc/webviewRouter';
import { NO_PUBLISH_ACTIONS, registerPublishHandlers, type PublishActions } from '../publish/publishHandlers';
import { NO_TOPICS_ACTIONS, registerTopicsHandlers, type TopicsActions, type TopicsRegistration } from '../topics/topicsHandlers';
import { TopicQueryError } from '../topics/topicQueries';
import { LogSession, NO_LOG_ACTIONS, type LogActions } from './logSession';
import { NO_TRACE_LINK_ACTIONS, registerTraceLinkHandlers, type TraceLinkActions, type TraceLinkRegistration } from '../trace/traceLinkHandlers';
import { FilterError } from './messageFilter';

/** What a log view can ask of the editor around it: the log's actions, the publish panel's, the Topics pane's and the trace link's. */
export interface LogViewActions extends LogActions, PublishActions, TopicsActions, TraceLinkActions {}

/** Actions for a log view outside VS Code (tests, bench): each says it is not available. */
export const NO_LOG_VIEW_ACTIONS: LogViewActions = { ...NO_LOG_ACTIONS, ...NO_PUBLISH_ACTIONS, ...NO_TOPICS_ACTIONS, ...NO_TRACE_LINK_ACTIONS };

/**
 * The host's side of one log webview, which speaks four protocols: the log (`LogSession`), the
 * publish panel (`registerPublishHandlers`), the subscription editor
 * (`registerSubscriptionHandlers`) the decoders (`registerDecoderHandlers`) and the Topics pane (`registerTopicsHandlers`), each registered with the view's one `WebviewRouter`. Everything
 * the webview posts goes to `receive`; everything the host posts goes through `post`.
 */
export class LogViewHost implements Disposable {
  private readonly session: LogSession;
  private readonly router: WebviewRouter;
  private readonly registrations: Disposable[];
  private readonly notifyKey;
  private readonly topics: TopicsRegistration;
  private readonly traceLink: TraceLinkRegistration;

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
      isUserFacing: (e) => e instanceof ConnectionError || e instanceof FilterError || e instanceof CommandLineError || e instanceof TopicQueryError,
    });
    const notify = this.router.notifier(logProtocol);
    this.notifyKey = this.router.notifier(logKeysProtocol);
    this.session = new LogSession(connection, (m) => notify(m.method, m.params), log, actions, now);
    this.topics = registerTopicsHandlers(this.router, connection, actions, () => this.session.viewListening);
    this.traceLink = registerTraceLinkHandlers(this.router, actions, { listening: () => this.session.viewListening, locate: (seq) => this.session.locate(seq) });
    this.registrations = [
      this.topics,
      this.traceLink,
      this.router.register(logProtocol, this.session.handlers),
      registerPublishHandlers(this.router, connection, actions, () => this.session.viewListening),
      registerSubscriptionHandlers(this.router, connection),
      registerDecoderHandlers(this.router, connection),
    ];
  }

  /** The filter the view applies (null: everything). */
  get filter(): LogFilter | null {
    return this.session.filter;
  }

  /** The first snapshot, sent with the page (see `LogSession.embeddedSnapshot`). */
  embeddedSnapshot(id: string): EmbeddedSnapshot {
    return this.session.embeddedSnapshot(id);
  }

  /** Checks, dispatches and answers a message the webview posted (untrusted input). */
  async receive(raw: unknown): Promise<void> {
    await this.router.receive(raw);
    // A `TraceMQ: Show Topics` or a "Show in Log" that came before the view was ready is posted once it is.
    this.topics.flush();
    this.traceLink.flush();
  }

  /** The trace's "Show in Log": the view scrolls to the message with this seq, selects and opens it (or says why not). */
  revealMessage(seq: number): void {
    this.traceLink.reveal(seq);
  }

  /** `TraceMQ: Show Topics`: the view opens its Topics pane. */
  showTopics(): void {
    this.topics.show();
  }

  /** Tells the view a keyboard shortcut was pressed while it had focus (see shared/logKeys). */
  runKey(action: LogKeyAction): void {
    void this.notifyKey('logKeys/run', { action });
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
