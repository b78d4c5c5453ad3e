/**
 * A stand-in for the host side of the Topics pane in webview tests: it holds a list of topics with
 * their stats and answers the pane's `topics/*` requests from it as the real index would (children
 * of a node grouped by level, sorted; search by part of the name or by MQTT filter), polling what
 * the page posted. Messages for `log/message/get` come from `messages`.
 */
import type { MessageDto } from '../../src/shared/log/logProtocol';
import type { LogViewToHost } from '../../src/shared/log/logViewProtocols';
import { topicMatches } from '../../src/shared/mqtt/topicFilter';
import type { NumericField, SeriesPoints, TopicRow, TopicSort, TopicTotals, TopicWindow } from '../../src/shared/topics/topicsProtocol';
import type { LogWebview } from './webviewPage';

export interface StandInTopic {
  topic: string;
  count: number;
  bytes: number;
  rate?: number;
  lastAt?: number;
  retained?: boolean;
  preview?: string;
}

type Request = Extract<LogViewToHost, { kind: 'request' }>;

export class TopicsHostStandIn {
  /** Every request answered so far, in order. */
  readonly answered: Request[] = [];
  fields: Record<string, NumericField[]> = {};
  series: Record<string, SeriesPoints> = {};
  history: Record<string, MessageDto[]> = {};
  private seen = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly view: LogWebview,
    public topics: StandInTopic[],
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  totals(): TopicTotals {
    return { topics: this.topics.length, messages: this.topics.reduce((n, t) => n + t.count, 0), untrackedTopics: 0, untrackedMessages: 0, maxTracked: 1_000_000 };
  }

  private index: { nodes: Map<string, TopicRow>; children: Map<string | null, string[]> } | undefined;

  /** The node at `path` as the pane would get it (the index is built once, in one pass over the topics). */
  node(path: string): TopicRow {
    return this.build().nodes.get(path)!;
  }

  private build(): { nodes: Map<string, TopicRow>; children: Map<string | null, string[]> } {
    if (this.index) return this.index;
    const nodes = new Map<string, TopicRow>();
    const children = new Map<string | null, string[]>();
    for (const t of this.topics) {
      const levels = t.topic.split('/');
      let parent: string | null = null;
      for (let depth = 1; depth <= levels.length; depth++) {
        const path = levels.slice(0, depth).join('/');
        let node = nodes.get(path);
        if (!node) {
          node = { path, name: levels[depth - 1]!, count: 0, bytes: 0, rate: 0, lastAt: null, retained: false, topicsBelow: 0, hasChildren: false, isTopic: false };
          nodes.set(path, node);
          const siblings = children.get(parent) ?? [];
          siblings.push(path);
          children.set(parent, siblings);
        }
        node.count += t.count;
        node.bytes += t.bytes;
        node.rate += t.rate ?? 0;
        if (t.lastAt !== undefined) node.lastAt = Math.max(node.lastAt ?? 0, t.lastAt);
        if (depth < levels.length) {
          node.topicsBelow++;
          node.hasChildren = true;
        } else {
          node.isTopic = true;
          node.retained = t.retained ?? false;
          if (t.preview !== undefined) node.lastPreview = t.preview;
          const history = this.history[path];
          if (history?.length) node.lastSeq = history.at(-1)!.seq;
        }
        parent = path;
      }
    }
    this.index = { nodes, children };
    return this.index;
  }

  children(path: string | null, sort: TopicSort, offset: number, limit: number): TopicWindow {
    const paths = this.build().children.get(path) ?? [];
    return this.window(paths.map((p) => this.node(p)), sort, offset, limit, path === null);
  }

  search(query: string, sort: TopicSort, offset: number, limit: number): TopicWindow {
    const filter = /[+#]/.test(query);
    const hits = this.topics.filter((t) => (filter ? topicMatches(query, t.topic) : t.topic.toLowerCase().includes(query.toLowerCase())));
    return this.window(hits.map((t) => this.node(t.topic)), sort, offset, limit, false);
  }

  /** A window of sorted rows; at the root `$`-topics come first whatever the sort, as the index does. */
  private window(rows: TopicRow[], sort: TopicSort, offset: number, limit: number, root: boolean): TopicWindow {
    const by: Record<TopicSort, (a: TopicRow, b: TopicRow) => number> = {
      name: (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
      count: (a, b) => b.count - a.count,
      rate: (a, b) => b.rate - a.rate,
      bytes: (a, b) => b.bytes - a.bytes,
    };
    const dollarFirst = (a: TopicRow, b: TopicRow): number => (root ? Number(b.path.startsWith('$')) - Number(a.path.startsWith('$')) : 0);
    rows.sort((a, b) => dollarFirst(a, b) || by[sort](a, b));
    return { rows: rows.slice(offset, offset + limit), total: rows.length, totals: this.totals() };
  }

  private answer(r: Request): unknown {
    switch (r.method) {
      case 'topics/children':
        return this.children(r.params.path, r.params.sort, r.params.offset, r.params.limit);
      case 'topics/search':
        return this.search(r.params.query, r.params.sort, r.params.offset, r.params.limit);
      case 'topics/history':
        return { seqs: (this.history[r.params.topic] ?? []).map((m) => m.seq).slice(-r.params.limit) };
      case 'topics/fields':
        return { fields: this.fields[r.params.topic] ?? [] };
      case 'topics/series':
        return this.series[`${r.params.topic} ${r.params.pointer}`] ?? { topic: r.params.topic, pointer: r.params.pointer, t: [], v: [], lastSeq: 0 };
      case 'log/message/get': {
        const message = Object.values(this.history).flat().find((m) => m.seq === r.params.seq);
        return message ? { message } : undefined;
      }
      case 'topics/copy':
      case 'topics/export':
        return {};
      case 'topics/clearRetained':
        return { cleared: 0, found: 0 };
      default:
        return undefined;
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const posted = await this.view.posted().catch(() => [] as LogViewToHost[]);
      const fresh = posted.slice(this.seen);
      this.seen = posted.length;
      for (const m of fresh) {
        if (m.kind !== 'request') continue;
        const result = this.answer(m);
        if (result === undefined) continue;
        this.answered.push(m);
        await this.view.send({ kind: 'response', id: m.id, result } as never).catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  }
}
