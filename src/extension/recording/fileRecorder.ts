import { createWriteStream, type WriteStream } from 'node:fs';
import { Emitter, type Disposable } from '../base/emitter';
import type { MessageStore } from '../store/messageStore';
import { toNdjsonLine, type ExportDecode } from '../store/ndjsonExport';

/** How often the recorder writes what arrived since its last write. */
const DRAIN_INTERVAL_MS = 100;
/** Most messages formatted in one go before letting the event loop breathe. */
const DRAIN_CHUNK = 5000;

export interface RecordingStatus {
  file: string;
  /** Bytes written to the file so far. */
  bytes: number;
  /** Messages written. */
  messages: number;
  /** Messages evicted from the store before they could be written (only when the disk cannot keep up). */
  missed: number;
}

/**
 * Streams every message a connection receives after `start` to an NDJSON file (the export format
 * of SPEC.md), without holding them: it reads them from the store in batches, about ten times a
 * second, and waits for the file to drain before writing more. The per-message path does not
 * change at all; the store's budgets bound what waits to be written.
 */
export class FileRecorder implements Disposable {
  private readonly out: WriteStream;
  private nextSeq: number;
  private bytes = 0;
  private messages = 0;
  private missed = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waitingForDrain = false;
  private stopped = false;
  private failure: Error | undefined;
  private readonly willClear: Disposable;
  private readonly changed = new Emitter<void>();
  /** Fires once each batch has reached the file (a reader sees it), and when the recording stops or fails. */
  readonly onDidChange = this.changed.event;

  /** Opens (truncates) `file` and records every message appended to `store` from now on. */
  constructor(
    private readonly store: MessageStore,
    readonly file: string,
    /** Adds `decoded`/`decodeError` to lines of topics the workspace binds to a decoder. */
    private readonly decode?: ExportDecode,
  ) {
    this.nextSeq = store.nextSeq;
    this.out = createWriteStream(file, { encoding: 'utf8', flags: 'w' });
    this.out.on('error', (e) => {
      this.failure = e;
      this.stopTimer();
      this.changed.fire();
    });
    // A clear drops messages at once: write them first.
    this.willClear = store.onWillClear(() => {
      this.drain();
    });
    this.schedule();
  }

  get status(): RecordingStatus {
    return { file: this.file, bytes: this.bytes, messages: this.messages, missed: this.missed };
  }

  /** Set when writing failed (disk full, file removed…): the recording has stopped. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Writes what is left and closes the file; resolves with the final status (rejects if writing failed). */
  async stop(): Promise<RecordingStatus> {
    if (!this.stopped) {
      this.drain();
      this.stopped = true;
      this.stopTimer();
      this.willClear.dispose();
      await new Promise<void>((resolve, reject) => {
        if (this.failure) {
          reject(this.failure);
          return;
        }
        this.out.end(() => {
          resolve();
        });
        this.out.once('error', reject);
      });
      this.changed.fire();
    }
    if (this.failure) throw this.failure;
    return this.status;
  }

  dispose(): void {
    if (!this.stopped) void this.stop().catch(() => undefined);
    this.changed.dispose();
  }

  private readonly written = (e: Error | null | undefined): void => {
    if (!e && !this.stopped) this.changed.fire();
  };

  private schedule(): void {
    if (this.stopped || this.failure || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
      this.schedule();
    }, DRAIN_INTERVAL_MS);
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Writes the messages received since the last write, a chunk at a time while the file keeps up. */
  private drain(): void {
    if (this.stopped || this.failure || this.waitingForDrain) return;
    const store = this.store;
    if (this.nextSeq < store.firstSeq) {
      this.missed += store.firstSeq - this.nextSeq;
      this.nextSeq = store.firstSeq;
    }
    while (this.nextSeq < store.nextSeq) {
      const end = Math.min(store.nextSeq, this.nextSeq + DRAIN_CHUNK);
      let chunk = '';
      for (; this.nextSeq < end; this.nextSeq++) {
        const m = store.get(this.nextSeq);
        if (m) {
          chunk += toNdjsonLine(m, this.decode);
          this.messages++;
        }
      }
      this.bytes += Buffer.byteLength(chunk);
      // Listeners hear of a chunk once it is in the file, not when it is queued: the status bar and
      // anyone reading the file then agree.
      if (!this.out.write(chunk, this.written)) {
        // The disk is behind: stop here and go on once it has caught up.
        this.waitingForDrain = true;
        this.out.once('drain', () => {
          this.waitingForDrain = false;
          this.drain();
        });
        break;
      }
    }
  }
}
