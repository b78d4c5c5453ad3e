import type { ChartWatch, TopicRow, TopicSort, TopicTotals, TopicWindow } from '../../shared/topics/topicsProtocol';

/** Where the tree's rows come from: the host's index (`topics/children`, `topics/search`). */
export interface TopicSource {
  children(path: string | null, sort: TopicSort, offset: number, limit: number): Promise<TopicWindow>;
  search(query: string, sort: TopicSort, offset: number, limit: number): Promise<TopicWindow>;
  /** Tells the host which nodes are on screen and which chart fields are drawn (`topics/watch`). */
  watch(paths: string[], chart: ChartWatch | null): void;
}


/** One line of the flattened tree: a child of `list` at `index`, its row once its page has come. */
export interface TreeLine {
  list: ChildList;
  index: number;
  /** 1 for the root's children (ARIA's `aria-level`). */
  level: number;
}

/** The children of one node (or a search's matches): their number and the rows fetched so far. */
export interface ChildList {
  /** The node's path; null for the root, undefined for the search's matches. */
  readonly path: string | null | undefined;
  total: number;
  /** Sparse: a page of rows arrives when it is about to be shown. */
  rows: (TopicRow | undefined)[];
  /** Pages asked for and not answered yet. */
  pending: Set<number>;
  /** Pages answered. */
  loaded: Set<number>;
}

/** Rows asked for in one request: a screen and more, well under the protocol's `MAX_WINDOW`. */
export const PAGE_ROWS = 200;

/**
 * The Topics pane's model: the children of the expanded nodes, fetched a page at a time as they
 * come into view, flattened into the lines the virtual list shows. A node with 100k children is one
 * page of rows and a 100k-line array of small records; stats updates replace rows in place and
 * never flatten again. Listeners hear of every change; the pane renders the visible lines only.
 */
export class TopicPaneModel {
  sort: TopicSort = 'name';
  query = '';
  totals: TopicTotals | undefined;
  lines: TreeLine[] = [];
  /** Bumped on every change, so that a component can tell its slice changed. */
  version = 0;
  /** The last request failed: why, in words. */
  error: string | undefined;

  private readonly expanded = new Set<string>();
  private readonly lists = new Map<string | null, ChildList>();
  private searchList: ChildList | undefined;
  /** Where each fetched row is, so that a stats update finds it without a search. */
  private readonly where = new Map<string, { list: ChildList; index: number }>();
  private readonly listeners = new Set<() => void>();
  private watchedPaths: string[] = [];
  private chart: ChartWatch | null = null;
  /** What the host was last told, so that a scroll that shows the same nodes sends nothing. */
  private sentWatch = '';
  /** Requests answered after a sort or query changed belong to a tree that is gone. */
  private generation = 0;

  constructor(private readonly source: TopicSource) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Starts over from the root's first page (the pane opened, or the sort or query changed). */
  reset(): void {
    this.generation++;
    this.lists.clear();
    this.where.clear();
    this.searchList = undefined;
    if (this.query === '') this.lists.set(null, this.newList(null));
    else this.searchList = this.newList(undefined);
    this.flatten();
    this.fetch(this.top(), 0);
  }

  setSort(sort: TopicSort): void {
    if (sort === this.sort) return;
    this.sort = sort;
    this.reset();
  }

  setQuery(query: string): void {
    if (query === this.query) return;
    this.query = query;
    this.reset();
  }

  isExpanded(path: string): boolean {
    return this.query === '' && this.expanded.has(path);
  }

  /** Shows a node's children, fetching their first page when they are not there yet. */
  expand(path: string): void {
    if (this.query !== '' || this.expanded.has(path)) return;
    this.expanded.add(path);
    if (!this.lists.has(path)) {
      const list = this.newList(path);
      this.lists.set(path, list);
      this.fetch(list, 0);
    }
    this.flatten();
  }

  collapse(path: string): void {
    if (!this.expanded.delete(path)) return;
    this.flatten();
  }

  /** The latest row of a node fetched so far (stats updates replace it). */
  rowByPath(path: string): TopicRow | undefined {
    const at = this.where.get(path);
    const row = at?.list.rows[at.index];
    return row?.path === path ? row : undefined;
  }

  rowAt(line: TreeLine | undefined): TopicRow | undefined {
    return line?.list.rows[line.index];
  }

  /** Fetches the pages that lines `first..last` need: missing ones, and stale ones again. */
  ensureLines(first: number, last: number): void {
    for (const line of this.lines.slice(Math.max(0, first), last + 1)) {
      const page = Math.floor(line.index / PAGE_ROWS);
      if (line.list.rows[line.index] === undefined || !line.list.loaded.has(page)) this.fetch(line.list, page);
    }
  }

  /** The host's latest stats for watched nodes: replaced in place; the lines stay as they are. */
  applyChanged(rows: readonly TopicRow[], totals: TopicTotals, structureChanged: boolean): void {
    this.totals = totals;
    for (const row of rows) {
      const at = this.where.get(row.path);
      if (at && at.list.rows[at.index]?.path === row.path) at.list.rows[at.index] = row;
    }
    if (structureChanged) this.refetchLoaded();
    else this.changed();
  }

  /** The nodes on screen: the host pushes stats for these only. */
  watchPaths(paths: string[]): void {
    this.watchedPaths = paths;
    this.sendWatch();
  }

  setChart(chart: ChartWatch | null): void {
    this.chart = chart;
    this.sendWatch();
  }

  private sendWatch(): void {
    const key = JSON.stringify([this.watchedPaths, this.chart]);
    if (key === this.sentWatch) return;
    this.sentWatch = key;
    this.source.watch(this.watchedPaths, this.chart);
  }

  /** The line of the parent of the node at `lineIndex`, or -1 at the top level. */
  parentLine(lineIndex: number): number {
    const line = this.lines[lineIndex];
    if (!line || line.level <= 1) return -1;
    for (let i = lineIndex - 1; i >= 0; i--) if (this.lines[i]?.level === line.level - 1) return i;
    return -1;
  }

  /** The list the tree starts from: the search's matches, or the root's children. */
  private top(): ChildList {
    let list = this.searchList ?? this.lists.get(null);
    if (!list) {
      list = this.newList(null);
      this.lists.set(null, list);
    }
    return list;
  }

  private newList(path: string | null | undefined): ChildList {
    return { path, total: 0, rows: [], pending: new Set(), loaded: new Set() };
  }

  /**
   * New topics or new children: every page fetched is stale, kept on screen until it is asked for
   * again, which only the pages on screen are (`ensureLines`, on the render this change causes). At
   * 100k msg/s over new topics this comes with every post; asking for every page ever fetched
   * would be a burst of requests each time.
   */
  private refetchLoaded(): void {
    for (const list of [...this.lists.values(), ...(this.searchList ? [this.searchList] : [])]) list.loaded.clear();
    this.changed();
  }

  private fetch(list: ChildList, page: number): void {
    if (list.pending.has(page)) return;
    list.pending.add(page);
    const generation = this.generation;
    const offset = page * PAGE_ROWS;
    const request =
      list.path === undefined ? this.source.search(this.query, this.sort, offset, PAGE_ROWS) : this.source.children(list.path, this.sort, offset, PAGE_ROWS);
    request.then(
      (window) => {
        list.pending.delete(page);
        if (generation !== this.generation) return;
        this.error = undefined;
        this.totals = window.totals;
        const grew = window.total !== list.total;
        if (grew) {
          list.total = window.total;
          list.rows.length = window.total;
        }
        list.loaded.add(page);
        window.rows.forEach((row, i) => {
          list.rows[offset + i] = row;
          this.where.set(row.path, { list, index: offset + i });
          // Expanded before a new sort or a reset dropped its children: they are asked for again.
          if (this.query === '' && this.expanded.has(row.path) && !this.lists.has(row.path)) {
            const children = this.newList(row.path);
            this.lists.set(row.path, children);
            this.fetch(children, 0);
          }
        });
        // A node expanded before its row came is flattened in now.
        if (grew || window.rows.some((r) => this.expanded.has(r.path))) this.flatten();
        else this.changed();
      },
      (e: unknown) => {
        list.pending.delete(page);
        if (generation !== this.generation) return;
        this.error = e instanceof Error ? e.message : String(e);
        this.changed();
      },
    );
  }

  private flatten(): void {
    const lines: TreeLine[] = [];
    const walk = (list: ChildList, level: number): void => {
      for (let index = 0; index < list.total; index++) {
        lines.push({ list, index, level });
        const row = list.rows[index];
        if (row && row.hasChildren && this.query === '' && this.expanded.has(row.path)) {
          const children = this.lists.get(row.path);
          if (children) walk(children, level + 1);
        }
      }
    };
    walk(this.top(), 1);
    this.lines = lines;
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
