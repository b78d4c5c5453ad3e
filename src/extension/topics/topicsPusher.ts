import type { ChartWatch, SeriesPoints, TopicRow, TopicsHostNotifications } from '../../shared/topics/topicsProtocol';
import type { Disposable } from '../base/emitter';
import type { TopicQueries } from './topicQueries';

/** Time between two pushes: at most ~10 a second. */
export const PUSH_INTERVAL_MS = 100;
/** Most chart points pushed per field at once; a field faster than 100k points/s loses its oldest between two pushes. */
const POINTS_PER_PUSH = 10_000;

/** Runs `action` once after `ms`; the returned function cancels it. Injected so tests drive time. */
export type Schedule = (action: () => void, ms: number) => () => void;
export const realSchedule: Schedule = (action, ms) => {
  const timer = setTimeout(action, ms);
  return () => { clearTimeout(timer); };
};

type Notify = <M extends keyof TopicsHostNotifications>(method: M, params: TopicsHostNotifications[M]) => PromiseLike<boolean>;

/**
 * Keeps the Topics pane's visible nodes up to date: while the pane watches nodes (`topics/watch`)
 * and the view listens, it looks at most every PUSH_INTERVAL_MS, and only when messages arrived,
 * and posts the watched rows whose numbers changed (`topics/changed`) and the chart's new points
 * (`topics/points`). Nothing is computed for nodes the pane does not show.
 */
export class TopicsPusher implements Disposable {
  private paths: string[] = [];
  private chart: ChartWatch | null = null;
  /** What each watched node last showed (count, bytes, retained, rounded rate): a row is sent when it differs. */
  private readonly sent = new Map<string, string>();
  private readonly chartNext = new Map<string, number>();
  private cancel: (() => void) | undefined;
  private seenMessages = -1;
  private seenTopics = -1;
  private disposed = false;

  constructor(
    private readonly queries: TopicQueries,
    private readonly notify: Notify,
    private readonly viewListening: () => boolean,
    private readonly schedule: Schedule = realSchedule,
    private readonly nextSeq: () => number = () => 0,
  ) {}

  /** The pane shows these nodes now (and this chart); an empty list stops the pushes. */
  watch(paths: string[], chart: ChartWatch | null): void {
    this.paths = paths;
    const kept = new Set(paths);
    for (const path of this.sent.keys()) if (!kept.has(path)) this.sent.delete(path);
    if (chart?.topic !== this.chart?.topic) this.chartNext.clear();
    // A new chart field starts where the pane's load of the stored points ended (`from`), else from now.
    chart?.pointers.forEach((pointer, i) => {
      if (!this.chartNext.has(pointer)) this.chartNext.set(pointer, chart.from?.[i] ?? this.nextSeq());
    });
    this.chart = chart;
    this.seenMessages = -1;
    if (paths.length === 0 && chart === null) this.stop();
    else this.start();
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  private start(): void {
    if (this.cancel || this.disposed) return;
    this.cancel = this.schedule(() => {
      this.cancel = undefined;
      this.tick();
      if (this.paths.length > 0 || this.chart) this.start();
    }, PUSH_INTERVAL_MS);
  }

  private stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /** One look: posts what changed, if anything did and the view listens. */
  tick(): void {
    if (!this.viewListening()) return;
    const index = this.queries.index;
    const received = index.messages + index.untrackedMessages;
    // Rates decay while nothing arrives: look again every second even when quiet.
    const quiet = received === this.seenMessages && index.size === this.seenTopics;
    if (quiet && this.quietTicks++ % 10 !== 0) return;
    if (!quiet) this.quietTicks = 1;
    const structureChanged = this.seenTopics !== -1 && index.size !== this.seenTopics;
    this.seenMessages = received;
    this.seenTopics = index.size;
    const rows: TopicRow[] = [];
    for (const path of this.paths) {
      const row = this.queries.rowAt(path);
      if (!row) continue;
      const shown = `${row.count}|${row.bytes}|${row.retained}|${row.topicsBelow}|${row.rate.toPrecision(2)}`;
      if (this.sent.get(path) === shown) continue;
      this.sent.set(path, shown);
      rows.push(row);
    }
    if (rows.length > 0 || structureChanged) void this.notify('topics/changed', { rows, totals: this.queries.totals(), structureChanged });
    this.pushPoints();
  }

  private quietTicks = 0;

  private pushPoints(): void {
    const chart = this.chart;
    if (!chart) return;
    const series: SeriesPoints[] = [];
    for (const pointer of chart.pointers) {
      const from = this.chartNext.get(pointer) ?? 0;
      const points = this.queries.series(chart.topic, pointer, from, POINTS_PER_PUSH);
      this.chartNext.set(pointer, points.lastSeq + 1);
      if (points.t.length > 0) series.push(points);
    }
    if (series.length > 0) void this.notify('topics/points', { series });
  }
}
