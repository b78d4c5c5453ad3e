import {
  MAX_ROWS_PER_POST,
  PREVIEW_BYTES,
  type HostToWebview,
  type LogCounters,
  type MessageDto,
  type RowDto,
  type WebviewToHost,
} from '../shared/protocol';
import { DEFAULT_LIMITS, decodeText, formatPayload, toBase64, type PayloadView } from '../shared/payloadFormat';
import type { Connection } from './connection';
import type { StoredMessage } from './messageStore';
import { ConnectionError } from './connection';
import type { Disposable } from './emitter';
import type { Logger } from './logger';

/** Least time between two posts to the webview: at most ~30 posts a second. */
export const MIN_POST_INTERVAL_MS = 33;
/** Rows sent beyond the visible ones when following, so a small resize needs no round trip. */
const TAIL_OVERSCAN = 10;
/** Rows assumed visible until the webview says how many fit. */
const DEFAULT_VIEWPORT_ROWS = 50;

/** What a log view can ask of the editor around it (the part of LogSession that needs `vscode`). */
export interface LogActions {
  openDocument(content: string, language: 'json' | 'plaintext'): PromiseLike<void>;
  copyToClipboard(text: string): PromiseLike<void>;
}

const NO_ACTIONS: LogActions = {
  openDocument: () => Promise.reject(new Error('not available here')),
  copyToClipboard: () => Promise.reject(new Error('not available here')),
};

/** Payload views opened in an editor may be larger than in the pane. */
const EDITOR_LIMITS = { ...DEFAULT_LIMITS, maxHexBytes: 1024 * 1024, maxJsonBytes: 16 * 1024 * 1024 };

/** Posts to the webview; resolves when VS Code delivered it (false when the view is gone). */
export type PostMessage = (message: HostToWebview) => PromiseLike<boolean>;

/**
 * Feeds one log view from one connection's store: answers the webview's requests, and while the
 * view is visible wakes at most ~30 times a second to post counters and, when following, the
 * newest rows. Never posts per MQTT message, and never has more than one post in flight, so a
 * slow webview cannot make the host queue up work.
 */
export class LogSession implements Disposable {
  private viewportRows = DEFAULT_VIEWPORT_ROWS;
  private following = true;
  private visible = true;
  private ready = false;
  private disposed = false;
  private inFlight = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wake: Disposable | undefined;
  private lastPostAt = 0;
  /** Last values posted, to skip posts that would change nothing. */
  private postedNextSeq = -1;
  private postedReceived = -1;
  /** Rate meter: the received count one sample ago. */
  private rateSample = { at: 0, received: 0, bytes: 0 };
  private rates = { msgPerSec: 0, bytesPerSec: 0 };
  private readonly stateListener: Disposable;
  private readonly clearListener: Disposable;

  constructor(
    readonly connection: Connection,
    private readonly post: PostMessage,
    private readonly log: Logger,
    private readonly actions: LogActions = NO_ACTIONS,
    private readonly now: () => number = Date.now,
  ) {
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

  /** Handles a message the webview posted, already checked with `parseWebviewMessage`. */
  async handle(message: WebviewToHost): Promise<void> {
    if (message.kind === 'notify') {
      if (message.method === 'log/ready') {
        this.ready = true;
        this.sendSnapshot();
      } else {
        this.viewportRows = Math.min(Math.max(message.params.rows, 1), MAX_ROWS_PER_POST - TAIL_OVERSCAN);
        const resumed = message.params.following && !this.following;
        this.following = message.params.following;
        if (resumed) this.schedule(true);
      }
      return;
    }
    const { id } = message;
    try {
      let result: unknown;
      switch (message.method) {
        case 'log/page/get':
          result = { rows: this.rows(message.params.from, message.params.count) };
          break;
        case 'mqtt/publish':
          result = { messageId: await this.connection.publish(message.params) };
          break;
        case 'log/clear':
          this.connection.store.clear();
          result = {};
          break;
        case 'log/message/get':
          result = { message: this.fullMessage(message.params.seq) };
          break;
        case 'log/message/open': {
          const m = this.stored(message.params.seq);
          const view: PayloadView = message.params.view;
          const formatted = formatPayload(m.payload, view, EDITOR_LIMITS);
          // A view that does not apply (JSON that is not JSON) opens the text, or hex for binary.
          const hex = formatPayload(m.payload, 'hex', EDITOR_LIMITS);
          const content = formatted.ok ? formatted.text : (decodeText(m.payload) ?? (hex.ok ? hex.text : ''));
          await this.actions.openDocument(content, view === 'json' && formatted.ok ? 'json' : 'plaintext');
          result = {};
          break;
        }
        case 'log/message/copy': {
          const m = this.stored(message.params.seq);
          const text = message.params.what === 'topic' ? m.topic : (decodeText(m.payload) ?? toBase64(m.payload));
          await this.actions.copyToClipboard(text);
          result = {};
          break;
        }
      }
      await this.post({ kind: 'response', id, result });
    } catch (e) {
      const error = e instanceof ConnectionError ? e.message : `Failed: ${e instanceof Error ? e.message : String(e)}`;
      if (!(e instanceof ConnectionError)) this.log.error(`${message.method}: ${error}`);
      await this.post({ kind: 'response', id, error });
    }
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
    this.stateListener.dispose();
    this.clearListener.dispose();
  }

  private sendSnapshot(): void {
    this.stopTimers();
    this.updateRates();
    const counters = this.counters();
    this.postedNextSeq = counters.nextSeq;
    this.postedReceived = counters.received;
    this.lastPostAt = this.now();
    this.send({ kind: 'notify', method: 'log/snapshot', params: { connection: this.connection.info, counters, tail: this.tailRows() } });
  }

  /**
   * Arranges the next post: right away when forced, else on the next message, and never sooner
   * than MIN_POST_INTERVAL_MS after the previous one.
   */
  private schedule(force = false): void {
    if (this.disposed || !this.ready || !this.visible || this.timer || this.inFlight) return;
    if (!force && this.connection.store.nextSeq === this.postedNextSeq && this.connection.store.received === this.postedReceived) {
      // Nothing new: sleep until the next message arrives, and refresh the rate once a second.
      if (!this.wake) this.wake = this.connection.store.onNextAppend(() => {
        this.wake = undefined;
        this.schedule();
      });
      if (this.rates.msgPerSec !== 0) this.timer = setTimeout(() => { this.flush(); }, 1000);
      return;
    }
    const delay = Math.max(0, this.lastPostAt + MIN_POST_INTERVAL_MS - this.now());
    this.timer = setTimeout(() => { this.flush(); }, delay);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.disposed || !this.ready || !this.visible) return;
    this.updateRates();
    const counters = this.counters();
    this.postedNextSeq = counters.nextSeq;
    this.postedReceived = counters.received;
    this.lastPostAt = this.now();
    this.send({ kind: 'notify', method: 'log/tail', params: { counters, tail: this.following ? this.tailRows() : [] } });
  }

  private send(message: HostToWebview): void {
    this.inFlight = true;
    this.post(message).then(
      () => {
        this.inFlight = false;
        this.schedule();
      },
      (e: unknown) => {
        this.inFlight = false;
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

  private tailRows(): RowDto[] {
    const store = this.connection.store;
    const count = Math.min(this.viewportRows + TAIL_OVERSCAN, MAX_ROWS_PER_POST);
    return this.rows(Math.max(store.firstSeq, store.nextSeq - count), count);
  }

  /** Rows with seq in [from, from + count) that are still stored, previews cut to PREVIEW_BYTES. */
  private rows(from: number, count: number): RowDto[] {
    const store = this.connection.store;
    const start = Math.max(from, store.firstSeq);
    const end = Math.min(from + Math.min(count, MAX_ROWS_PER_POST), store.nextSeq);
    const rows: RowDto[] = [];
    for (let seq = start; seq < end; seq++) {
      const m = store.get(seq);
      if (!m) continue;
      rows.push({
        seq,
        time: m.time,
        topic: m.topic,
        qos: m.qos,
        retain: m.retain,
        dup: m.dup,
        size: m.payload.length,
        // A plain Uint8Array copy: mqtt.js payloads are Buffers that may view a larger pooled
        // buffer, and a Buffer would be posted through its toJSON ({ type, data }) form.
        preview: new Uint8Array(m.payload.subarray(0, PREVIEW_BYTES)),
      });
    }
    return rows;
  }

  private stored(seq: number): StoredMessage {
    const m = this.connection.store.get(seq);
    if (!m) throw new ConnectionError('This message is no longer in the log: it was evicted or the log was cleared.');
    return m;
  }

  /** The whole message, with bytes as plain Uint8Array copies (a Buffer would post as JSON). */
  private fullMessage(seq: number): MessageDto {
    const m = this.stored(seq);
    const message: MessageDto = { seq, time: m.time, topic: m.topic, qos: m.qos, retain: m.retain, dup: m.dup, size: m.payload.length, payload: new Uint8Array(m.payload) };
    if (m.properties) {
      const properties: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(m.properties)) properties[key] = value instanceof Uint8Array ? new Uint8Array(value) : value;
      message.properties = properties;
    }
    return message;
  }

  private counters(): LogCounters {
    const store = this.connection.store;
    return {
      received: store.received,
      evicted: store.evicted,
      firstSeq: store.firstSeq,
      nextSeq: store.nextSeq,
      storeBytes: store.byteSize,
      maxBytes: store.maxBytes,
      msgPerSec: this.rates.msgPerSec,
      bytesPerSec: this.rates.bytesPerSec,
    };
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
