import {
  MAX_ROWS_PER_POST,
  PREVIEW_BYTES,
  type HostToWebview,
  type LogCounters,
  type RowDto,
  type WebviewToHost,
} from '../shared/protocol';
import type { Connection } from './connection';
import { ConnectionError } from './connection';
import type { Disposable } from './emitter';
import type { Logger } from './logger';

/** Least time between two posts to the webview: at most ~30 posts a second. */
export const MIN_POST_INTERVAL_MS = 33;
/** Rows sent beyond the visible ones when following, so a small resize needs no round trip. */
const TAIL_OVERSCAN = 10;
/** Rows assumed visible until the webview says how many fit. */
const DEFAULT_VIEWPORT_ROWS = 50;

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
