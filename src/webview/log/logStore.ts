import type { ConnectionInfo } from '../../shared/connection/connectionInfo';
import type { LogCounters } from '../../shared/log/logCounters';
import type { LogFilter } from '../../shared/log/logFilter';
import type { LogHostNotifications as HostNotifications } from '../../shared/log/logProtocol';
import type { RowDto } from '../../shared/log/rowDto';
import { clampWindow, recenterWindow, tailWindow, WINDOW_ROWS, type LogWindow } from './logWindow';

/** What the store needs from the host: pages of rows, and to be told what the view shows. */
export interface LogHost {
  fetchPage(from: number, count: number): Promise<RowDto[]>;
  viewportChanged(rows: number, following: boolean): void;
}

export interface LogStoreOptions {
  /** Rows per `log/page/get` request. */
  pageRows?: number;
  /** Rows kept in the webview's cache; the ones farthest from the viewport go first. */
  cacheRows?: number;
  /** Page requests in flight at once; more wait until one returns (and are dropped if scrolled past). */
  maxInFlight?: number;
  /** Rows the virtual list spans at once (see logWindow.ts). */
  windowRows?: number;
  /** While following, rows normally arrive with the tail; pages are fetched only if they did not after this long. */
  followFetchDelayMs?: number;
  /** After a failed page request, wait this long before asking for that page again. */
  retryDelayMs?: number;
}

/** How a row without data is shown. */
export type MissingRow = 'loading' | 'failed';

const EMPTY_COUNTERS: LogCounters = {
  received: 0,
  evicted: 0,
  duplicates: 0,
  stored: 0,
  firstPos: 0,
  nextPos: 0,
  storeBytes: 0,
  maxBytes: 0,
  msgPerSec: 0,
  bytesPerSec: 0,
};

/**
 * The webview side of one log: the host's counters and connection, the follow flag, the window the
 * list scrolls (logWindow.ts) and a bounded cache of rows by position (see `RowDto`: without a
 * filter a row's position is its seq; with one, matching messages have consecutive positions).
 * Rows come from two sources: tail
 * updates while following, and `log/page/get` pages for what the user scrolls to. The store only
 * fetches rows the list reports as rendered, so the work follows the viewport, not the message rate.
 * Framework-free: views subscribe and read its fields.
 */
export class LogStore {
  connection: ConnectionInfo | undefined;
  counters: LogCounters = EMPTY_COUNTERS;
  following: boolean;
  window: LogWindow = { start: 0, count: 0 };
  /** Set when the list must jump: row `index` of the window goes to the top. A new token each time. */
  scrollTarget: { index: number; token: number } | undefined;
  /** A snapshot has arrived. */
  loaded = false;
  /** Position of the message the keyboard and the detail pane act on. */
  selectedPos: number | undefined;
  /** The filter the host applies (from the last snapshot), and why it dropped the last one. */
  filter: LogFilter | null = null;
  filterError: string | undefined;
  /** The detail pane shows the selected message. */
  detailOpen = false;
  /**
   * Bumped whenever the rows the list can show change: a row arrived or was dropped, or a missing
   * row's state (loading, failed) changed. The list re-renders on it; views that show no rows ignore it.
   */
  rowsVersion = 0;
  /**
   * While paused: the position the next message had when the view stopped following, so that the
   * view can say how many arrived since ("N new messages — Resume"). Undefined while following.
   */
  pausedAtPos: number | undefined;

  private readonly rows = new Map<number, RowDto>();
  private readonly inFlight = new Set<number>();
  private readonly failedUntil = new Map<number, number>();
  /** Positions the list renders (with overscan), inclusive. */
  private wanted: { first: number; last: number } | undefined;
  private visibleRows = 0;
  /** `log/ready` went out: viewport reports may follow it. */
  private ready = false;
  private reported: { rows: number; following: boolean } | undefined;
  /** Bumped when the cache is reset, so that answers to older page requests are dropped. */
  private generation = 0;
  private pumpTimer: ReturnType<typeof setTimeout> | undefined;
  private restoreTopPos: number | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly pageRows: number;
  private readonly cacheRows: number;
  private readonly maxInFlight: number;
  private readonly windowRows: number;
  private readonly followFetchDelayMs: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly host: LogHost,
    restored: { following: boolean; topPos?: number },
    options: LogStoreOptions = {},
  ) {
    this.following = restored.following;
    this.restoreTopPos = restored.following ? undefined : restored.topPos;
    this.pageRows = options.pageRows ?? 100;
    this.cacheRows = options.cacheRows ?? 4000;
    this.maxInFlight = options.maxInFlight ?? 4;
    this.windowRows = options.windowRows ?? WINDOW_ROWS;
    this.followFetchDelayMs = options.followFetchDelayMs ?? 250;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Rows the view shows (all stored messages, or those that pass the filter): nextPos - firstPos. */
  get shown(): number {
    return Math.max(0, this.counters.nextPos - this.counters.firstPos);
  }

  row(pos: number): RowDto | undefined {
    return this.rows.get(pos);
  }

  /** A message opened by seq rather than by a row (a request's reply, which the filter may hide). */
  private openedSeq: number | undefined;

  /** The store seq of the selected message, once its row is known (or of the message opened by seq). */
  get selectedSeq(): number | undefined {
    if (this.openedSeq !== undefined) return this.openedSeq;
    return this.selectedPos === undefined ? undefined : this.rows.get(this.selectedPos)?.seq;
  }

  /** A position to reveal once the counters reach it (the host placed it before its next post arrived). */
  private revealPending: number | undefined;

  /**
   * Scrolls to the row at `pos`, selects it and opens its detail, as a click on it does (the trace's
   * "Show in Log"). A position past the counters the view has waits for the post that brings it.
   */
  revealAt(pos: number): void {
    if (pos >= this.counters.nextPos) {
      this.revealPending = pos;
      return;
    }
    this.revealPending = undefined;
    this.openedSeq = undefined;
    this.selectedPos = pos;
    this.detailOpen = true;
    this.jumpTo(pos);
  }

  /** Opens the detail of the message with this seq. */
  openMessage(seq: number): void {
    this.openedSeq = seq;
    this.selectedPos = undefined;
    this.detailOpen = true;
    this.emit();
  }

  missingRowState(pos: number): MissingRow {
    const until = this.failedUntil.get(Math.floor(pos / this.pageRows));
    return until !== undefined && until > Date.now() ? 'failed' : 'loading';
  }

  applySnapshot({ connection, counters, tail, filter, filterError }: HostNotifications['log/snapshot']): void {
    this.generation++;
    this.rowsVersion++;
    this.rows.clear();
    this.inFlight.clear();
    this.failedUntil.clear();
    if (JSON.stringify(filter) !== JSON.stringify(this.filter)) {
      // Another view of the log: positions mean other messages now.
      this.revealPending = undefined;
      this.selectedPos = undefined;
      this.detailOpen = false;
      if (!this.following) this.pausedAtPos = undefined;
    }
    this.filter = filter;
    this.filterError = filterError;
    this.connection = connection;
    this.loaded = true;
    this.setCounters(counters);
    this.addRows(tail);
    const topPos = this.restoreTopPos;
    this.restoreTopPos = undefined;
    if (topPos !== undefined && !this.following && topPos >= counters.firstPos && topPos < counters.nextPos) {
      this.jumpTo(topPos);
      return;
    }
    this.emit();
    this.schedulePump();
  }

  applyTail({ counters, tail }: HostNotifications['log/tail']): void {
    this.setCounters(counters);
    this.addRows(tail);
    if (this.revealPending !== undefined && this.revealPending < counters.nextPos) {
      this.revealAt(this.revealPending);
      return;
    }
    this.emit();
    this.schedulePump();
  }

  applyConnection(connection: ConnectionInfo): void {
    this.connection = connection;
    this.emit();
  }

  /** Follow the tail (End, the Follow button, scrolling to the bottom) or stop (scrolling up). */
  setFollowing(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.pausedAtPos = following ? undefined : this.counters.nextPos;
    if (following) this.window = tailWindow(this.counters, this.windowRows);
    this.reportViewport();
    this.emit();
    this.schedulePump();
  }

  /** Resumes following when the window already ends with the newest row (the user scrolled to the very bottom). */
  followIfAtTail(): void {
    if (this.window.start + this.window.count >= this.counters.nextPos) this.setFollowing(true);
  }

  /** Stops following and puts the row at `pos` at the top of the list (Home: the oldest row). */
  jumpTo(pos: number): void {
    const { firstPos, nextPos } = this.counters;
    const target = Math.max(firstPos, Math.min(pos, nextPos - 1));
    if (this.following) this.pausedAtPos = nextPos;
    this.following = false;
    const around = { start: target - Math.floor(this.windowRows / 2), count: this.window.count };
    this.window = clampWindow(around, this.counters, this.windowRows);
    this.scrollTarget = { index: Math.max(0, target - this.window.start), token: (this.scrollTarget?.token ?? 0) + 1 };
    // The rows that will be on screen, so that their page is asked for now, while the list renders,
    // rather than once it has rendered and reported its viewport (a frame or two later).
    if (this.visibleRows > 0) this.wanted = { first: target, last: Math.min(target + this.visibleRows - 1, nextPos - 1) };
    this.reportViewport();
    this.emit();
    this.schedulePump();
  }

  /**
   * What the list renders: rows `first..last` of `window` (with overscan) and how many rows fit on
   * screen. Fetches missing rows and, when reading older rows, moves the window near its edges.
   */
  setViewport(window: LogWindow, first: number, last: number, visibleRows: number): void {
    this.wanted = { first: window.start + first, last: window.start + last };
    this.visibleRows = visibleRows;
    this.reportViewport();
    if (!this.following && window === this.window && window.count > 0) {
      const moved = recenterWindow(window, this.counters, first, last, this.windowRows);
      if (moved !== window) {
        this.window = moved;
        this.emit();
      }
    }
    this.schedulePump();
  }

  /**
   * Selects the message at `pos` (a click opens its detail too); undefined clears the selection.
   * Selecting stops following, as moving the selection does: the row stays where it was clicked
   * rather than being carried off by the next tail post.
   */
  select(pos: number | undefined, openDetail = this.detailOpen): void {
    this.openedSeq = undefined;
    this.selectedPos = pos;
    this.detailOpen = pos !== undefined && openDetail;
    if (pos !== undefined && this.following) this.setFollowing(false);
    else this.emit();
  }

  setDetailOpen(open: boolean): void {
    if (!open) this.openedSeq = undefined;
    if (open && this.selectedPos === undefined) return;
    this.detailOpen = open;
    this.emit();
  }

  /**
   * Moves the selection by `delta` rows (arrows, PageUp/PageDown), or starts it at the newest
   * row, and scrolls it into view. Moving stops following so the row stays put.
   */
  moveSelection(delta: number): void {
    const { firstPos, nextPos } = this.counters;
    if (nextPos <= firstPos) return;
    const from = this.selectedPos ?? (delta < 0 ? nextPos : firstPos - 1);
    const pos = Math.max(firstPos, Math.min(nextPos - 1, from + delta));
    this.openedSeq = undefined;
    this.selectedPos = pos;
    this.reveal(pos);
    this.emit();
  }

  /** The rows on screen, as positions: `first` is the top row (overscan excluded when known). */
  get onScreen(): { first: number; rows: number } | undefined {
    const w = this.wanted;
    if (!w) return undefined;
    const rows = Math.max(1, this.visibleRows);
    const overscan = Math.max(0, Math.floor((w.last - w.first + 1 - rows) / 2));
    return { first: Math.min(w.first + overscan, Math.max(w.first, this.counters.nextPos - rows)), rows };
  }

  /** Rows the list spans at once; beyond this the overview track lets the user reach any position. */
  get windowSize(): number {
    return this.windowRows;
  }

  /** Rows that fit on screen (as last reported by the list). */
  get pageSize(): number {
    return Math.max(1, this.visibleRows - 1);
  }

  /** Scrolls so that `pos` is on screen, unless it already is (judged from the rendered range). */
  private reveal(pos: number): void {
    const w = this.wanted;
    const margin = Math.max(0, Math.floor((w ? w.last - w.first + 1 - this.visibleRows : 0) / 2));
    if (w && pos >= w.first + margin && pos <= w.last - margin && !this.following) return;
    if (this.following && pos >= this.counters.nextPos - this.visibleRows + 1) {
      // Already on screen at the tail; stop following so new messages do not push it away.
      this.setFollowing(false);
      return;
    }
    const top = w && pos > w.last - margin ? pos - this.visibleRows + 2 : pos;
    this.jumpTo(top);
  }

  /** After the host cleared the log: drop every cached row. */
  clearRows(): void {
    this.generation++;
    this.revealPending = undefined;
    this.selectedPos = undefined;
    this.detailOpen = false;
    this.rowsVersion++;
    this.rows.clear();
    this.inFlight.clear();
    this.failedUntil.clear();
    if (this.pausedAtPos !== undefined) this.pausedAtPos = this.counters.nextPos;
    this.emit();
  }

  /** Messages the view got since it stopped following (0 while following). */
  get newWhilePaused(): number {
    return this.pausedAtPos === undefined ? 0 : Math.max(0, this.counters.nextPos - this.pausedAtPos);
  }

  dispose(): void {
    clearTimeout(this.pumpTimer);
    this.listeners.clear();
    this.generation++;
  }

  private setCounters(counters: LogCounters): void {
    // A view restored paused, or one whose positions were renumbered (a new filter, a clear), counts from now.
    if (!this.following && (this.pausedAtPos === undefined || counters.nextPos < this.pausedAtPos)) this.pausedAtPos = counters.nextPos;
    this.counters = counters;
    this.window = this.following
      ? tailWindow(counters, this.windowRows)
      : clampWindow(this.window, counters, this.windowRows);
  }

  /**
   * Caches rows by position. A row already held (same position, same seq: a message never changes)
   * keeps the object the store has, so that the list does not render it again and its formatting
   * (formatRow.ts, keyed by the object) is reused.
   */
  private addRows(rows: readonly RowDto[]): void {
    let added = false;
    for (const row of rows) {
      if (this.rows.get(row.pos)?.seq === row.seq) continue;
      this.rows.set(row.pos, row);
      added = true;
    }
    if (added) this.rowsVersion++;
    if (this.rows.size > this.cacheRows * 1.25) this.trimCache();
  }

  /** Drops evicted rows, then the rows farthest from what is on screen, down to `cacheRows`. */
  private trimCache(): void {
    const { firstPos, nextPos } = this.counters;
    for (const pos of this.rows.keys()) if (pos < firstPos) this.rows.delete(pos);
    const excess = this.rows.size - this.cacheRows;
    if (excess <= 0) return;
    const focus =
      this.following || this.wanted === undefined ? nextPos : Math.floor((this.wanted.first + this.wanted.last) / 2);
    const farthestFirst = [...this.rows.keys()].sort((a, b) => Math.abs(b - focus) - Math.abs(a - focus));
    for (let i = 0; i < excess; i++) this.rows.delete(farthestFirst[i] ?? -1);
    this.rowsVersion++;
  }

  /** Call once `log/ready` is posted: from then on the store tells the host what the view shows. */
  hostReady(): void {
    this.ready = true;
    this.reportViewport();
  }

  private reportViewport(): void {
    if (!this.ready || this.visibleRows === 0) return;
    const next = { rows: this.visibleRows, following: this.following };
    if (this.reported?.rows === next.rows && this.reported.following === next.following) return;
    this.reported = next;
    this.host.viewportChanged(next.rows, next.following);
  }

  /** While following, give the tail a moment to bring the rows; otherwise fetch right away. */
  private schedulePump(): void {
    if (this.following) {
      this.pumpTimer ??= setTimeout(() => {
        this.pumpTimer = undefined;
        this.pump();
      }, this.followFetchDelayMs);
      return;
    }
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    this.pump();
  }

  /** Requests the pages that hold rendered-but-missing rows, a few at a time. */
  private pump(): void {
    if (!this.wanted || !this.loaded) return;
    const { firstPos, nextPos } = this.counters;
    // While following, the tail brings the rows on screen; the overscan above them is not worth a page.
    const first = Math.max(this.wanted.first, firstPos, this.following ? nextPos - this.visibleRows : 0);
    const last = Math.min(this.wanted.last, nextPos - 1);
    const now = Date.now();
    let retryAt = Infinity;
    let retried = false;
    for (let page = Math.floor(first / this.pageRows); first <= last && page <= Math.floor(last / this.pageRows); page++) {
      if (this.inFlight.size >= this.maxInFlight) break;
      const pageStart = page * this.pageRows;
      const failedUntil = this.failedUntil.get(page) ?? 0;
      if (this.inFlight.has(page)) continue;
      if (!this.anyMissing(Math.max(first, pageStart), Math.min(last, pageStart + this.pageRows - 1))) continue;
      if (failedUntil > now) {
        retryAt = Math.min(retryAt, failedUntil);
        continue;
      }
      const from = Math.max(pageStart, firstPos);
      this.requestPage(page, from, Math.min(pageStart + this.pageRows, nextPos) - from);
      if (failedUntil > 0) retried = true;
    }
    if (retried) {
      // Its rows show "Loading…" again instead of the failure.
      this.rowsVersion++;
      this.emit();
    }
    if (retryAt !== Infinity && this.pumpTimer === undefined) {
      this.pumpTimer = setTimeout(() => {
        this.pumpTimer = undefined;
        this.pump();
      }, retryAt - now);
    }
  }

  private anyMissing(first: number, last: number): boolean {
    for (let pos = first; pos <= last; pos++) if (!this.rows.has(pos)) return true;
    return false;
  }

  private requestPage(page: number, from: number, count: number): void {
    const generation = this.generation;
    this.inFlight.add(page);
    this.host.fetchPage(from, count).then(
      (rows) => {
        if (generation !== this.generation) return;
        this.inFlight.delete(page);
        this.failedUntil.delete(page);
        this.addRows(rows);
        // Rows missing from the start of the answer were evicted since the last counters arrived.
        const firstReturned = rows[0]?.pos ?? from + count;
        if (firstReturned > this.counters.firstPos && firstReturned > from) {
          this.setCounters({ ...this.counters, firstPos: Math.min(firstReturned, this.counters.nextPos) });
        }
        this.emit();
        this.pump();
      },
      () => {
        if (generation !== this.generation) return;
        this.inFlight.delete(page);
        this.failedUntil.set(page, Date.now() + this.retryDelayMs);
        this.rowsVersion++;
        this.emit();
        this.pump();
      },
    );
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
