/**
 * The Topics pane's protocol (in the log view): the host keeps an index of every topic received
 * on the connection (`src/extension/topics/`) and the pane reads it as a virtualised tree. The
 * pane asks for a window of a node's children (or of a search's matches) and says which nodes it
 * shows (`topics/watch`); the host then pushes only those nodes' changed stats, at most ~10 times a
 * second (`topics/changed`). Messages themselves stay in the store: a topic's history is a list of
 * `seq`s the pane opens with `log/message/get`.
 *
 * A node is named by its path: the topic levels down to it joined by `/` (`a/b` is the node `b`
 * under `a`, and the topic `a/b` when a message was received on exactly that name). The root has
 * no path (`null`). Levels may be empty (`/a` has the root child `""`).
 */

import { isCount, isRecord, type Validator, type WebviewProtocol } from '../ipc/webviewProtocol';
import { MAX_TOPIC_BYTES } from '../mqtt/publishShapes';

/** How children or search matches are ordered: by name (ascending), or by count, rate or bytes (largest first). */
export type TopicSort = 'name' | 'count' | 'rate' | 'bytes';

/** One node of the tree as the pane paints it; its numbers cover the node and everything below it. */
export interface TopicRow {
  /** The node's path (its topic when `isTopic`). */
  path: string;
  /** The node's own level (the last part of `path`). */
  name: string;
  /** Messages received on this topic and every topic below it. */
  count: number;
  /** Payload bytes of those messages. */
  bytes: number;
  /** Messages per second on this node and below, a decaying average (about the last 10 s). */
  rate: number;
  /** When the last of those messages arrived (ms since the epoch), or null for none. */
  lastAt: number | null;
  /** The broker holds a retained message for this topic, as far as the messages received say. */
  retained: boolean;
  /** How many topics below this node (not counting itself) have been received. */
  topicsBelow: number;
  /** Whether the node has children (the pane shows an expander). */
  hasChildren: boolean;
  /** A message was received on exactly this path. */
  isTopic: boolean;
  /** For a topic: a one-line preview of its last payload (at most `PREVIEW_CHARS`), and its `seq` while stored. */
  lastPreview?: string;
  lastSeq?: number;
}

/** Index-wide figures; `messages + untrackedMessages` is every message received since the index started. */
export interface TopicTotals {
  /** Topics tracked (distinct topic names received). */
  topics: number;
  /** Messages counted on tracked topics. */
  messages: number;
  /** Distinct topics not tracked because `tracemq.topics.maxTracked` was reached ("N topics not tracked"). */
  untrackedTopics: number;
  /** Messages received on topics not tracked; counted, never dropped from the log. */
  untrackedMessages: number;
  /** The bound in force. */
  maxTracked: number;
}

/** A window of rows: `rows` starts at the asked offset of `total` rows. */
export interface TopicWindow {
  rows: TopicRow[];
  total: number;
  totals: TopicTotals;
}

/** One numeric field of a topic's payloads: a JSON Pointer (RFC 6901; `""` is the payload itself). */
export interface NumericField {
  pointer: string;
  /** How many of the stored messages looked at had a number there. */
  seen: number;
}

/** Points of one field of one topic, oldest first: `t[i]` (ms since the epoch) and `v[i]`. */
export interface SeriesPoints {
  topic: string;
  pointer: string;
  t: number[];
  v: number[];
  /** Seq of the last message looked at (`sinceSeq - 1` when none); ask again with `sinceSeq: lastSeq + 1` for what is newer. */
  lastSeq: number;
}

/** Requests the Topics pane may send, with their params and result types. */
export interface TopicsRequests {
  /** A window of the children of a node (null: the root), sorted; `$`-topics come first at the root whatever the sort. */
  'topics/children': { params: { path: string | null; sort: TopicSort; offset: number; limit: number }; result: TopicWindow };
  /** Topics matching `query` (an MQTT filter when it has `+` or `#`, else a case-insensitive part of the name), a window of them, sorted. */
  'topics/search': { params: { query: string; sort: TopicSort; offset: number; limit: number }; result: TopicWindow };
  /** A topic's stored messages (seqs, oldest first, the last `limit` at most); fetch each with `log/message/get`. */
  'topics/history': { params: { topic: string; limit: number }; result: { seqs: number[] } };
  /** The numeric fields of a topic's stored payloads (numbers, or JSON with numbers), most seen first. */
  'topics/fields': { params: { topic: string }; result: { fields: NumericField[] } };
  /** Time and value of a field over a topic's stored messages from seq `sinceSeq` on (0: all), the last `limit` at most. */
  'topics/series': { params: { topic: string; pointer: string; sinceSeq: number; limit: number }; result: SeriesPoints };
  /** Copy a node's path (its topic, or `path/#` for a subtree) to the clipboard. */
  'topics/copy': { params: { path: string; subtree: boolean }; result: Record<string, never> };
  /**
   * Clear the retained message of a topic, or of every topic below a node the broker holds one for:
   * the host asks the broker (a short subscription), confirms with the user saying how many, then
   * publishes empty retained messages. `cleared` is 0 when the user declined or there was none.
   */
  'topics/clearRetained': { params: { path: string; subtree: boolean }; result: { cleared: number; found: number } };
  /** Export a topic's (or a subtree's) stored messages to NDJSON; the host asks where. */
  'topics/export': { params: { path: string; subtree: boolean }; result: Record<string, never> };
}

/** Notifications the Topics pane may send. */
export interface TopicsNotifications {
  /**
   * The nodes the pane shows (at most `MAX_WATCHED`; empty when the pane is closed) and the chart's
   * fields (null: no chart). The host pushes `topics/changed` for those nodes only, and
   * `topics/points` for the chart.
   */
  'topics/watch': { paths: string[]; chart: ChartWatch | null };
}

/** Notifications the host sends the Topics pane. */
export interface TopicsHostNotifications {
  /** At most ~10 times a second while something is watched: the watched nodes whose stats changed, and the totals. */
  'topics/changed': { rows: TopicRow[]; totals: TopicTotals; structureChanged: boolean };
  /** New points of the watched chart fields, at most ~10 times a second. */
  'topics/points': { series: SeriesPoints[] };
  /** `TraceMQ: Show Topics` was run for this view's connection: open the Topics pane. */
  'topics/show': Record<string, never>;
}

/** Longest payload preview in a row, in characters. */
export const PREVIEW_CHARS = 120;
/** Most rows in one window. */
export const MAX_WINDOW = 1000;
/** Most nodes a pane may watch at once. */
export const MAX_WATCHED = 1000;
/** Most points in one series answer. */
export const MAX_SERIES_POINTS = 200_000;
/**
 * The chart the pane shows: its topic, its fields, and per field the first seq the pane has not
 * loaded with `topics/series` — the host streams from there, so what arrives between the load and
 * the watch is not lost. Without `from`, a field streams from the moment it is watched.
 */
export interface ChartWatch {
  topic: string;
  pointers: string[];
  from?: number[];
}

/** Most chart fields watched at once. */
export const MAX_CHART_FIELDS = 8;

const isSort = (v: unknown): v is TopicSort => v === 'name' || v === 'count' || v === 'rate' || v === 'bytes';
const isPath = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TOPIC_BYTES;
const isPointer = (v: unknown): v is string => typeof v === 'string' && v.length <= 4096 && (v === '' || v.startsWith('/'));
const isLimit = (max: number) => (v: unknown): v is number => isCount(v) && v >= 1 && v <= max;

const pathAndSubtree: Validator<{ path: string; subtree: boolean }> = (p) =>
  isRecord(p) && isPath(p.path) && typeof p.subtree === 'boolean' ? { path: p.path, subtree: p.subtree } : undefined;

/** The topics protocol's validators: the host checks every message the pane sends with them. */
export const topicsProtocol: WebviewProtocol<TopicsRequests, TopicsNotifications, TopicsHostNotifications> = {
  requests: {
    'topics/children': (p) =>
      isRecord(p) && (p.path === null || isPath(p.path)) && isSort(p.sort) && isCount(p.offset) && isLimit(MAX_WINDOW)(p.limit)
        ? { path: p.path, sort: p.sort, offset: p.offset, limit: p.limit }
        : undefined,
    'topics/search': (p) =>
      isRecord(p) && isPath(p.query) && isSort(p.sort) && isCount(p.offset) && isLimit(MAX_WINDOW)(p.limit)
        ? { query: p.query, sort: p.sort, offset: p.offset, limit: p.limit }
        : undefined,
    'topics/history': (p) => (isRecord(p) && isPath(p.topic) && isLimit(MAX_SERIES_POINTS)(p.limit) ? { topic: p.topic, limit: p.limit } : undefined),
    'topics/fields': (p) => (isRecord(p) && isPath(p.topic) ? { topic: p.topic } : undefined),
    'topics/series': (p) =>
      isRecord(p) && isPath(p.topic) && isPointer(p.pointer) && isCount(p.sinceSeq) && isLimit(MAX_SERIES_POINTS)(p.limit)
        ? { topic: p.topic, pointer: p.pointer, sinceSeq: p.sinceSeq, limit: p.limit }
        : undefined,
    'topics/copy': pathAndSubtree,
    'topics/clearRetained': pathAndSubtree,
    'topics/export': pathAndSubtree,
  },
  notifications: {
    'topics/watch': (p) => {
      if (!isRecord(p) || !Array.isArray(p.paths) || p.paths.length > MAX_WATCHED || !p.paths.every(isPath)) return undefined;
      const paths = [...p.paths];
      if (p.chart === null || p.chart === undefined) return { paths, chart: null };
      const chart = p.chart;
      if (!isRecord(chart) || !isPath(chart.topic) || !Array.isArray(chart.pointers) || chart.pointers.length > MAX_CHART_FIELDS || !chart.pointers.every(isPointer)) {
        return undefined;
      }
      if (chart.from === undefined) return { paths, chart: { topic: chart.topic, pointers: [...chart.pointers] } };
      const from = chart.from;
      if (!Array.isArray(from) || from.length !== chart.pointers.length || !from.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return undefined;
      return { paths, chart: { topic: chart.topic, pointers: [...chart.pointers], from: from as number[] } };
    },
  },
};
