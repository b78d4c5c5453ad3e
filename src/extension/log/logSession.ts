import type { NotifyMessageOf } from '../../shared/ipc/envelope';
import type { LogCounters } from '../../shared/log/logCounters';
import type { LogFilter } from '../../shared/log/logFilter';
import type { EmbeddedSnapshot } from '../../shared/log/embeddedSnapshot';
import type { RevealedMessage } from '../../shared/trace/traceLinkProtocol';
import type { LogHostNotifications, LogNotifications, LogRequests, MessageDto } from '../../shared/log/logProtocol';
import { payloadSearchExpression, previewWindowStart } from '../../shared/log/previewWindow';
import { MAX_ROWS_PER_POST, PREVIEW_BYTES, type RowDto } from '../../shared/log/rowDto';
import { DEFAULT_LIMITS, decodeText, formatPayload, toBase64 } from '../../shared/payload/payloadFormat';
import type { Connection } from '../connection/connection';
import type { StoredMessage } from '../store/messageStore';
import { messageAsCommand } from '../commandLine/messageCommand';
import { ConnectionError } from '../connection/connection';
import type { Disposable } from '../base/emitter';
import type { Logger } from '../base/logger';
import type { ProtocolHandlers } from '../ipc/webviewRouter';
import { AllMessagesView, FilteredView, type LogView } from './logView';
import { compileMessageFilter, FilterError, isEmptyFilter, SEARCHED_PAYLOAD_BYTES } from './messageFilter';
import { MIN_POST_INTERVAL_MS, tailPostInterval } from './tailPostInterval';
import { messageDocumentName } from './messageDocumentName';

export { MIN_POST_INTERVAL_MS } from './tailPostInterval';

/**
 * Least time between two posts while the view does not follow the tail: those posts carry only
 * counters (and a filter's progress), which nobody reads 30 times a second, and each one still costs
 * the renderer a style, layout and paint pass while the user reads older rows.
 */
export const MIN_PAUSED_POST_INTERVAL_MS = 250;
/**
 * Rows sent beyond the visible ones when following, so that a small resize, or scrolling up (which
 * renders this many rows above the screen; `OVERSCAN` in LogList.tsx), needs no round trip.
 */
const TAIL_OVERSCAN = 10;
/** Rows assumed visible until the webview says how many fit. */
const DEFAULT_VIEWPORT_ROWS = 50;
/** Time a filter may spend on new messages before each post. */
const INCREMENTAL_FILTER_MS = 8;
/** One slice of applying a new filter to the stored messages, and the pause after it. */
const SCAN_SLICE_MS = 12;
const SCAN_PAUSE_MS = 4;

/** What a log view can ask of the editor around it (the part of LogSession that needs `vscode`). */
export interface LogActions {
  /** Open `content` read-only in an editor, its tab titled `name` (topic and time). */
  openDocument(content: string, language: 'json' | 'plaintext', name: string): PromiseLike<void>;
  copyToClipboard(text: string): PromiseLike<void>;
  /** Export the log (what `filter` shows, or everything when null), asking the user where. */
  exportLog(filter: LogFilter | null): PromiseLike<void>;
  /** Start recording the connection to a file (asking where), or stop. */
  setRecording(record: boolean): PromiseLike<void>;
  /** The connection's recording, when there is one (for the counters). */
  recording(): LogCounters['recording'];
}

const unavailable = (): Promise<never> => Promise.reject(new Error('not available here'));
/** Actions for a session outside VS Code (tests): each says it is not available. */
export const NO_LOG_ACTIONS: LogActions = {
  openDocument: unavailable,
  copyToClipboard: unavailable,
  exportLog: unavailable,
  setRecording: unavailable,
  recording: () => undefined,
};

/** Payload views opened in an editor may be larger than in the pane. */
const EDITOR_LIMITS = { ...DEFAULT_LIMITS, maxHexBytes: 1024 * 1024, maxJsonBytes: 16 * 1024 * 1024 };

/** What a log session posts: the log protocol's host notifications. */
export type LogSessionMessage = NotifyMessageOf<LogHostNotifications>;

/** Posts to the webview; resolves when VS Code delivered it (false when the view is gone). */
export type PostMessage = (message: LogSessionMessage) => PromiseLike<boolean>;

/**
 * Feeds one log view from one connection's store: handles the log protocol (`handlers`), and while the
 * view is visible wakes at most ~30 times a second to post counters and, when following, the
 * newest rows it has not sent yet (10 times a second when following a stream of 20k msg/s or more,
 * ~4 times a second when not following). Never posts per MQTT message, and never has more than one post in flight,
 * so a slow webview cannot make the host queue up work. A filter
 * set by the view is applied here, over the whole store (see `FilteredView`); the view only ever
 * sees positions and the rows on screen.
 */
export class LogSession implements Disposable {
  private viewportRows = DEFAULT_VIEWPORT_ROWS;
  private following = true;
  private visible = true;
  private ready = false;
  private disposed = false;
  private inFlight = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scanTimer: ReturnType<typeof setTimeout> | undefined;
  private wake: Disposable | undefined;
  /** When `timer` fires (on `now()`'s clock): a post that is due, or the once-a-second rate refresh. */
  private timerDue = 0;
  /**
   * A post was asked for even though nothing may have changed (the view resumed following and
   * needs the tail rows; the store was cleared). Kept until a post goes out, so that a post in
   * flight or the rate-refresh timer cannot swallow it.
   */
  private forced = false;
  private lastPostAt = 0;
  /** Least time from the last tail post to the next while following (tailPostInterval). */
  private tailInterval = MIN_POST_INTERVAL_MS;
  /** Last values posted, to skip posts that would change nothing. */
  private postedNextPos = -1;
  private postedReceived = -1;
  private postedScanned = -1;
  /**
   * Positions [from, to) of the tail rows the view holds from the last snapshot and tail posts, so
   * that the next tail post carries only the rows after `to` (a delta). Undefined when the view may
   * not hold them: it did not follow at the last post (it may have dropped them from its cache).
   */
  private sentTail: { from: number; to: number } | undefined;
  /** Rate meter: the received count one sample ago. */
  private rateSample = { at: 0, received: 0, bytes: 0 };
  private rates = { msgPerSec: 0, bytesPerSec: 0 };
  private view: LogView;
  private filterValue: LogFilter | null = null;
  /**
   * The snapshot the view's page was built with (`embeddedSnapshot`) and the tail rows it held,
   * until the view's `log/ready` says whether it shows it.
   */
  private embedded: { id: string; tail: { from: number; to: number } | undefined } | undefined;
  private compiledSearch: { filter: LogFilter | null; search: RegExp | undefined } | undefined;
  /** Why the last filter was dropped, told once with the next snapshot. */
  private filterError: string | undefined;
  private readonly stateListener: Disposable;
  private readonly clearListener: Disposable;

  constructor(
    readonly connection: Connection,
    private readonly post: PostMessage,
    private readonly log: Logger,
    private readonly actions: LogActions = NO_LOG_ACTIONS,
    private readonly now: () => number = Date.now,
  ) {
    this.view = new AllMessagesView(connection.store);
    this.stateListener = connection.onDidChange(() => {
      if (this.ready && this.visible) void this.post({ kind: 'notify', method: 'connection/state', params: { connection: connection.info } });
      // Counters may have changed too.
      this.schedule();
    });
    this.clearListener = connection.store.onDidClear(() => {
      this.rateSample = { at: this.now(), received: 0, bytes: 0 };
      this.schedule(true);
    });
  }

  /** The filter the view applies (null: everything), e.g. for an export of what it shows. */
  get filter(): LogFilter | null {
    return this.filterValue;
  }

  /** Where a message is in the view (the trace's "Show in Log"): its position, or why the view does not show it. */
  locate(seq: number): RevealedMessage {
    if (!this.connection.store.has(seq)) return { seq, hidden: 'evicted' };
    // New messages up to now are placed first (the filter's initial pass runs in its own slices).
    if (this.scanTimer === undefined) this.catchUp(INCREMENTAL_FILTER_MS);
    const pos = this.view.positionOf(seq);
    if (pos === 'hidden') return { seq, hidden: 'filtered' };
    if (pos === 'not yet') return { seq, hidden: 'filtering' };
    return { seq, pos };
  }

  /** Whether the view is visible and said it is ready: only then do posts reach it. */
  get viewListening(): boolean {
    return this.ready && this.visible;
  }

  /** The log protocol's handlers; the view's router has checked every message before they run. */
  readonly handlers: ProtocolHandlers<LogRequests, LogNotifications> = {
    'log/ready': ({ embedded }) => {
      this.ready = true;
      const shown = this.embedded;
      this.embedded = undefined;
      if (embedded !== undefined && embedded === shown?.id) {
        // The view shows the snapshot its page was built with: only what came after it (rows
        // and counters) goes out, as the next tail post would send it.
        this.sentTail = shown.tail;
        // The connection may have moved on since the page was built (a view restored on a window
        // reload is built while its connection reconnects): its state as it is now.
        void this.post({ kind: 'notify', method: 'connection/state', params: { connection: this.connection.info } });
        this.flush();
        return;
      }
      this.sendSnapshot();
    },
    'log/viewport': ({ rows, following }) => {
      this.viewportRows = Math.min(Math.max(rows, 1), MAX_ROWS_PER_POST - TAIL_OVERSCAN);
      const resumed = following && !this.following;
      this.following = following;
      if (resumed) this.schedule(true);
    },
    'log/page/get': ({ from, count }) => ({ rows: this.rows(from, count) }),
    'log/filter/set': ({ filter }, context) => {
      this.setFilter(filter);
      context.afterReply(() => {
        if (this.ready && this.visible) this.sendSnapshot();
      });
      return {};
    },
    'log/clear': () => {
      this.connection.store.clear();
      return {};
    },
    'log/message/get': ({ seq }) => ({ message: this.fullMessage(seq) }),
    'log/message/open': async ({ seq, view }) => {
      const m = this.stored(seq);
      if (view === 'decoded') {
        await this.actions.openDocument(this.decodedJson(m), 'json', messageDocumentName(m.topic, m.time, 'json'));
        return {};
      }
      const formatted = formatPayload(m.payload, view, EDITOR_LIMITS);
      // A view that does not apply (JSON that is not JSON) opens the text, or hex for binary.
      const hex = formatPayload(m.payload, 'hex', EDITOR_LIMITS);
      const content = formatted.ok ? formatted.text : (decodeText(m.payload) ?? (hex.ok ? hex.text : ''));
      // The content's language: JSON shown as text is still JSON (a hex or base64 dump is not).
      const isJson = (view === 'json' && formatted.ok) || (view === 'text' && formatPayload(m.payload, 'json', EDITOR_LIMITS).ok);
      const language = isJson ? 'json' : 'plaintext';
      await this.actions.openDocument(content, language, messageDocumentName(m.topic, m.time, language));
      return {};
    },
    'log/message/copy': async ({ seq, what }) => {
      const m = this.stored(seq);
      const entry = this.connection.entry;
      const text =
        what === 'topic' ? m.topic
        : what === 'payload' ? (decodeText(m.payload) ?? toBase64(m.payload))
        : what === 'base64' ? toBase64(m.payload)
        : what === 'hex' ? this.hexOf(m.payload)
        : what === 'decoded' ? this.decodedJson(m)
        : messageAsCommand(m, what, { profile: entry.profile, ...(entry.folder !== undefined ? { folder: entry.folder } : {}) });
      await this.actions.copyToClipboard(text);
      return {};
    },
    // Both open a save dialog and report in VS Code's own notifications: answer at once rather
    // than keep the request open for as long as the dialog (past the webview's timeout).
    'log/export': ({ filtered }) => {
      this.detach(this.actions.exportLog(filtered ? this.filterValue : null), 'export');
      return {};
    },
    'log/record': ({ record }) => {
      this.detach(this.actions.setRecording(record), 'record');
      return {};
    },
  };

  /** Runs an action that reports on its own; only an unexpected failure is logged. */
  private detach(action: PromiseLike<void>, what: string): void {
    action.then(
      () => {
        this.schedule(true);
      },
      (e: unknown) => {
        this.log.error(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }

  /** Hidden views get nothing; a view shown again says `log/ready` and gets a fresh snapshot. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible) {
      this.ready = false;
      this.stopTimers();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopTimers();
    clearTimeout(this.scanTimer);
    this.stateListener.dispose();
    this.clearListener.dispose();
  }

  /** Applies a filter (throws FilterError when it cannot be), then applies it to the store in slices. */
  private setFilter(filter: LogFilter | null): void {
    clearTimeout(this.scanTimer);
    this.scanTimer = undefined;
    this.filterError = undefined;
    if (filter === null || isEmptyFilter(filter)) {
      this.filterValue = null;
      this.view = new AllMessagesView(this.connection.store);
      return;
    }
    // Payload text of bound topics is searched decoded, through the decoder in force at each test.
    const predicate = compileMessageFilter(filter, (store, seq) => this.connection.decoding?.view?.searchText(store.topicAt(seq), store.payloadAt(seq), seq));
    this.filterValue = filter;
    this.view = new FilteredView(this.connection.store, predicate);
    this.scan();
  }

  /** One slice of the initial pass of a new filter; more follow until it has seen every stored message. */
  private scan(): void {
    this.scanTimer = undefined;
    if (this.disposed) return;
    const done = this.catchUp(SCAN_SLICE_MS);
    if (!done && this.filterValue !== null) {
      this.scanTimer = setTimeout(() => {
        this.scan();
      }, SCAN_PAUSE_MS);
    }
    this.schedule();
  }

  /** Brings the view up to date; a filter that fails (too slow) is dropped and the view told why. */
  private catchUp(budgetMs: number): boolean {
    try {
      return this.view.catchUp(budgetMs);
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      this.log.warn(`[${this.connection.name}] ${e.message}`);
      this.setFilter(null);
      this.filterError = e.message;
      if (this.ready && this.visible) this.sendSnapshot();
      return true;
    }
  }

  /**
   * The snapshot a new page of the view is built with (shared/log/embeddedSnapshot.ts), so that
   * its first render has rows without waiting for `log/ready`. `id` is unique per page; the view
   * names it in its `log/ready` when it shows it, and gets only what came after.
   */
  embeddedSnapshot(id: string): EmbeddedSnapshot {
    const snapshot = this.snapshot();
    this.embedded = { id, tail: this.sentTail };
    return { id, snapshot };
  }

  private sendSnapshot(): void {
    this.stopTimers();
    this.send({ kind: 'notify', method: 'log/snapshot', params: this.snapshot() });
  }

  /** The whole state the view needs: connection, counters, the tail rows and the filter (with why the last one was dropped, once). */
  private snapshot(): LogHostNotifications['log/snapshot'] {
    this.forced = false;
    this.catchUp(INCREMENTAL_FILTER_MS);
    this.updateRates();
    const counters = this.counters();
    this.remember(counters);
    this.lastPostAt = this.now();
    const params = { connection: this.connection.info, counters, tail: this.tailRows(false), filter: this.filterValue };
    const error = this.filterError;
    this.filterError = undefined;
    return error === undefined ? params : { ...params, filterError: error };
  }

  private remember(counters: LogCounters): void {
    this.postedNextPos = counters.nextPos;
    this.postedReceived = counters.received;
    this.postedScanned = counters.filtering?.scanned ?? -1;
  }

  /**
   * Arranges the next post: right away when forced, else on the next message, and never sooner
   * than MIN_POST_INTERVAL_MS after the previous one: longer while following a fast stream (the
   * view's rate since the last post sets it: tailPostInterval), MIN_PAUSED_POST_INTERVAL_MS when not
   * following and not forced.
   */
  private schedule(force = false): void {
    if (force) this.forced = true;
    if (this.disposed || !this.ready || !this.visible || this.inFlight) return;
    if (this.timer) {
      // A post is due already; a forced one does not wait longer than the least interval (for the
      // rate refresh, up to a second, or the slower pace of a view that did not follow).
      if (!this.forced || this.timerDue <= this.lastPostAt + MIN_POST_INTERVAL_MS) return;
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const store = this.connection.store;
    const scanned = this.view.progress?.scanned ?? -1;
    const unchanged = this.view.next === this.postedNextPos && store.received === this.postedReceived && scanned === this.postedScanned;
    if (!this.forced && unchanged) {
      // Nothing new: sleep until the next message arrives, and refresh the rate once a second.
      this.wake ??= store.onNextAppend(() => {
        this.wake = undefined;
        // New messages go out now (within MIN_POST_INTERVAL_MS), not at the rate refresh below.
        clearTimeout(this.timer);
        this.timer = undefined;
        this.schedule();
      });
      if (this.rates.msgPerSec !== 0 || this.actions.recording() !== undefined) {
        this.timer = setTimeout(() => { this.flush(); }, 1000);
        this.timerDue = this.now() + 1000;
      }
      return;
    }
    const now = this.now();
    const interval = this.forced ? MIN_POST_INTERVAL_MS : this.following ? this.tailInterval : MIN_PAUSED_POST_INTERVAL_MS;
    const delay = Math.max(0, this.lastPostAt + interval - now);
    this.timerDue = now + delay;
    this.timer = setTimeout(() => { this.flush(); }, delay);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.disposed || !this.ready || !this.visible) return;
    // A forced post (the view resumed following, the store was cleared) sends the whole tail.
    const whole = this.forced;
    this.forced = false;
    // New messages since the last post; the initial pass of a new filter runs in its own slices.
    if (this.scanTimer === undefined) this.catchUp(INCREMENTAL_FILTER_MS);
    this.updateRates();
    const counters = this.counters();
    const now = this.now();
    // The view's rate between the previous post and this one sets the pace of the next.
    this.tailInterval = tailPostInterval(((counters.nextPos - this.postedNextPos) * 1000) / Math.max(1, now - this.lastPostAt));
    this.remember(counters);
    this.lastPostAt = now;
    this.send({ kind: 'notify', method: 'log/tail', params: { counters, tail: this.following ? this.tailRows(!whole) : this.noTailRows() } });
  }

  private send(message: LogSessionMessage): void {
    this.inFlight = true;
    this.post(message).then(
      (delivered) => {
        this.inFlight = false;
        // Rows that did not arrive go out again with the next post.
        if (!delivered) this.sentTail = undefined;
        this.schedule();
      },
      (e: unknown) => {
        this.inFlight = false;
        this.sentTail = undefined;
        this.log.warn(`log view post failed: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }

  private stopTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.wake?.dispose();
    this.wake = undefined;
  }

  /**
   * The newest rows the view shows while following (the screen and TAIL_OVERSCAN above it). As a
   * `delta`, only those the view has not got from the previous posts: a row once sent is not sent
   * (nor copied, nor decoded by the view) again. The whole tail goes out in a snapshot, after a
   * forced post, and whenever the rows wanted reach above what the view holds (its viewport grew).
   */
  private tailRows(delta: boolean): RowDto[] {
    const count = Math.min(this.viewportRows + TAIL_OVERSCAN, MAX_ROWS_PER_POST);
    const to = this.view.next;
    const from = Math.max(this.view.first, to - count);
    const held = delta ? this.sentTail : undefined;
    const start = held !== undefined && held.from <= from && from <= held.to && held.to <= to ? held.to : from;
    this.sentTail = { from, to };
    return this.rows(start, to - start);
  }

  /** A post to a view that does not follow: no rows, and the next tail it gets is whole. */
  private noTailRows(): RowDto[] {
    this.sentTail = undefined;
    return [];
  }

  /**
   * Rows at positions [from, from + count) that are still shown, previews cut to PREVIEW_BYTES:
   * the payload's first bytes, or, with a payload search whose first match lies further on, the
   * bytes around it (only rows being posted pay for that search, and only under such a filter).
   */
  private rows(from: number, count: number): RowDto[] {
    const view = this.view;
    const start = Math.max(from, view.first);
    const end = Math.min(from + Math.min(count, MAX_ROWS_PER_POST), view.next);
    const rows: RowDto[] = [];
    const decoder = this.connection.decoding?.view;
    const search = this.payloadSearch();
    for (let pos = start; pos < end; pos++) {
      const seq = view.seqAt(pos);
      const m = seq === undefined ? undefined : this.connection.store.get(seq);
      if (!m) continue;
      const row: RowDto = {
        pos,
        seq: m.seq,
        time: m.time,
        topic: m.topic,
        qos: m.qos,
        retain: m.retain,
        dup: m.dup,
        size: m.payload.length,
        // A plain Uint8Array copy: mqtt.js payloads are Buffers that may view a larger pooled
        // buffer, and a Buffer would be posted through its toJSON ({ type, data }) form.
        preview: new Uint8Array(m.payload.subarray(0, PREVIEW_BYTES)),
        sub: m.sub,
      };
      // Only rows being posted are decoded; an unbound topic costs one memoised lookup.
      const decoded = decoder?.preview(m, search);
      if (decoded) row.decoded = decoded;
      else if (search) {
        const at = previewWindowStart(m.payload, search, PREVIEW_BYTES, SEARCHED_PAYLOAD_BYTES);
        if (at > 0) {
          row.preview = new Uint8Array(m.payload.subarray(at, at + PREVIEW_BYTES));
          row.previewFrom = at;
        }
      }
      rows.push(row);
    }
    return rows;
  }

  /** The payload as the Hex view shows it (offsets, bytes, characters), up to the editor's limit. */
  private hexOf(payload: Uint8Array): string {
    const hex = formatPayload(payload, 'hex', EDITOR_LIMITS);
    if (!hex.ok) throw new ConnectionError(hex.reason);
    return hex.text;
  }

  /** A bound topic's message decoded, as pretty JSON (what the Decoded view shows); an error in words otherwise. */
  private decodedJson(m: StoredMessage): string {
    const decoded = this.connection.decoding?.view?.detail(m);
    if (!decoded) throw new ConnectionError('No decoder in .tracemq.json ("decoders") binds this topic any more.');
    if (decoded.error !== undefined) throw new ConnectionError(`This payload did not decode: ${decoded.error}`);
    return JSON.stringify(decoded.value ?? null, null, 2);
  }

  /** The view's payload search, compiled once per filter. */
  private payloadSearch(): RegExp | undefined {
    const filter = this.filterValue;
    if (this.compiledSearch?.filter !== filter) this.compiledSearch = { filter, search: payloadSearchExpression(filter) };
    return this.compiledSearch.search;
  }

  private stored(seq: number): StoredMessage {
    const m = this.connection.store.get(seq);
    if (!m) throw new ConnectionError('This message is no longer in the log: it was evicted or the log was cleared.');
    return m;
  }

  /** The whole message, with bytes as plain Uint8Array copies (a Buffer would post as JSON). */
  private fullMessage(seq: number): MessageDto {
    const m = this.stored(seq);
    const message: MessageDto = { seq, time: m.time, topic: m.topic, qos: m.qos, retain: m.retain, dup: m.dup, size: m.payload.length, payload: new Uint8Array(m.payload), sub: m.sub };
    if (m.properties) {
      const properties: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(m.properties)) properties[key] = value instanceof Uint8Array ? new Uint8Array(value) : value;
      message.properties = properties;
    }
    const decoded = this.connection.decoding?.view?.detail(m);
    if (decoded) message.decoded = decoded;
    return message;
  }

  private counters(): LogCounters {
    const store = this.connection.store;
    const counters: LogCounters = {
      received: store.received,
      evicted: store.evicted,
      duplicates: store.duplicates,
      stored: store.size,
      firstPos: this.view.first,
      nextPos: this.view.next,
      storeBytes: store.byteSize,
      maxBytes: store.maxBytes,
      msgPerSec: this.rates.msgPerSec,
      bytesPerSec: this.rates.bytesPerSec,
    };
    const progress = this.view.progress;
    if (progress) counters.filtering = progress;
    const recording = this.actions.recording();
    if (recording) counters.recording = recording;
    return counters;
  }

  /** Rates over roughly the last second, sampled when posting (not per message). */
  private updateRates(): void {
    const now = this.now();
    const store = this.connection.store;
    const elapsed = now - this.rateSample.at;
    if (elapsed < 1000 && this.rateSample.at !== 0) return;
    const messages = store.received - this.rateSample.received;
    const bytes = store.receivedPayloadBytes - this.rateSample.bytes;
    this.rates =
      this.rateSample.at === 0
        ? { msgPerSec: 0, bytesPerSec: 0 }
        : { msgPerSec: Math.round((messages * 1000) / elapsed), bytesPerSec: Math.round((bytes * 1000) / elapsed) };
    this.rateSample = { at: now, received: store.received, bytes: store.receivedPayloadBytes };
  }
}
