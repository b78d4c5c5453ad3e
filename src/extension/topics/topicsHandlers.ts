import type { IClientOptions } from 'mqtt';
import type { LogFilter } from '../../shared/log/logFilter';
import { topicNameError } from '../../shared/mqtt/topicFilter';
import { topicsProtocol } from '../../shared/topics/topicsProtocol';
import type { Disposable } from '../base/emitter';
import { ConnectionError, type Connection } from '../connection/connection';
import type { WebviewRouter } from '../ipc/webviewRouter';
import { probeRetained } from './retainedProbe';
import { TopicQueries } from './topicQueries';
import { realSchedule, TopicsPusher, type Schedule } from './topicsPusher';

/** What the Topics pane can ask of the editor around it. */
export interface TopicsActions {
  copyToClipboard(text: string): PromiseLike<void>;
  /** Export the log (what `filter` shows), asking the user where. */
  exportLog(filter: LogFilter | null): PromiseLike<void>;
  /** Asks the user to confirm `message` with a button named `action` (modal); true when confirmed. */
  confirm(message: string, action: string): PromiseLike<boolean>;
}

const unavailable = (): Promise<never> => Promise.reject(new Error('not available here'));
/** Actions outside VS Code (tests): each says it is not available. */
export const NO_TOPICS_ACTIONS: TopicsActions = { copyToClipboard: unavailable, exportLog: unavailable, confirm: unavailable };

/** How the handlers reach the broker for clear-retained; replaced in tests. */
export type RetainedProbe = (options: IClientOptions, filter: string) => Promise<string[]>;

/** Empty retained publishes in flight at once while clearing a subtree. */
const CLEAR_CONCURRENCY = 50;

export interface TopicsRegistration extends Disposable {
  /** `TraceMQ: Show Topics`: asks the view to open its Topics pane (posted once the view listens). */
  show(): void;
  /** Call when the view may have started listening (after each message it sent): posts a pending `show`. */
  flush(): void;
}

/**
 * Answers the Topics pane of one log webview on `connection`: windows of the topic tree and of
 * searches, a topic's history, numeric fields and series, and the actions on a node (copy,
 * clear retained, export). Pushes the watched nodes' changes through a `TopicsPusher`.
 */
export function registerTopicsHandlers(
  router: WebviewRouter,
  connection: Connection,
  actions: TopicsActions,
  viewListening: () => boolean,
  options: { schedule?: Schedule; now?: () => number; probe?: RetainedProbe } = {},
): TopicsRegistration {
  const queries = new TopicQueries(connection.topics, connection.store, options.now);
  const notify = router.notifier(topicsProtocol);
  const pusher = new TopicsPusher(queries, notify, viewListening, options.schedule ?? realSchedule, () => connection.store.nextSeq);
  const probe = options.probe ?? probeRetained;
  const clearListener = connection.store.onDidClear(() => { queries.rates.clear(); });
  let showPending = false;
  const filterOf = (path: string, subtree: boolean): string => (subtree ? `${path}/#` : path);

  const registration = router.register(topicsProtocol, {
    'topics/children': ({ path, sort, offset, limit }) => queries.children(path, sort, offset, limit),
    'topics/search': ({ query, sort, offset, limit }) => queries.search(query, sort, offset, limit),
    'topics/history': ({ topic, limit }) => ({ seqs: queries.history(topic, limit) }),
    'topics/fields': ({ topic }) => ({ fields: queries.fields(topic) }),
    'topics/series': ({ topic, pointer, sinceSeq, limit }) => queries.series(topic, pointer, sinceSeq, limit),
    'topics/copy': async ({ path, subtree }) => {
      await actions.copyToClipboard(filterOf(path, subtree));
      return {};
    },
    'topics/export': async ({ path, subtree }) => {
      await actions.exportLog({ topic: filterOf(path, subtree) });
      return {};
    },
    'topics/clearRetained': async ({ path, subtree }) => {
      const problem = topicNameError(path);
      if (problem) throw new ConnectionError(problem);
      const side = connection.sideClientOptions();
      if (!side) throw new ConnectionError(`"${connection.name}" is not connected: connect first.`);
      const topics = await probe(side, filterOf(path, subtree));
      if (topics.length === 0) return { cleared: 0, found: 0 };
      const message =
        topics.length === 1 && topics[0] === path
          ? `Clear the retained message of "${path}" on the broker?`
          : `Clear ${topics.length} retained message${topics.length === 1 ? '' : 's'} under "${path}" on the broker? The broker reports ${topics.length === 1 ? 'this topic' : 'these topics'} as retained.`;
      if (!(await actions.confirm(message, 'Clear'))) return { cleared: 0, found: topics.length };
      return { cleared: await clearAll(connection, topics), found: topics.length };
    },
    'topics/watch': ({ paths, chart }) => {
      pusher.watch(paths, chart);
    },
  });

  return {
    show: () => {
      showPending = true;
      flush();
    },
    flush,
    dispose: () => {
      registration.dispose();
      pusher.dispose();
      clearListener.dispose();
    },
  };

  function flush(): void {
    if (!showPending || !viewListening()) return;
    showPending = false;
    void notify('topics/show', {});
  }
}

/** Publishes an empty retained message to each topic, some at a time; says in words how many failed. */
async function clearAll(connection: Connection, topics: string[]): Promise<number> {
  let cleared = 0;
  const failures: string[] = [];
  for (let i = 0; i < topics.length; i += CLEAR_CONCURRENCY) {
    const batch = topics.slice(i, i + CLEAR_CONCURRENCY);
    const results = await Promise.allSettled(batch.map((topic) => connection.clearRetained(topic)));
    results.forEach((r, j) => {
      if (r.status === 'fulfilled') cleared++;
      else failures.push(`${batch[j]}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
    });
  }
  if (failures.length > 0) throw new ConnectionError(`Cleared ${cleared} of ${topics.length} retained messages; ${failures.length} failed (first: ${failures[0]}).`);
  return cleared;
}
