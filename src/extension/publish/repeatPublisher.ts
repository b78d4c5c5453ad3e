import type { PublishParams } from '../../shared/mqtt/publishShapes';
import type { RepeatStatus } from '../../shared/publish/publishProtocol';
import type { Connection } from '../connection/connection';
import { Emitter, type Disposable } from '../base/emitter';
import { withRepeatNumber } from './publishOptions';

/**
 * Publishes the same message `count` times, `intervalMs` apart (`{{n}}` in a text payload becomes
 * the repeat number), until done, stopped, or a publish fails (then it stops and says why). Each
 * publish waits for the previous one, so a slow broker slows the repeat instead of piling up.
 */
export class RepeatPublisher implements Disposable {
  private statusValue: RepeatStatus = { sent: 0, count: 0, running: false };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly changed = new Emitter<RepeatStatus>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly connection: Connection) {}

  get status(): RepeatStatus {
    return this.statusValue;
  }

  start(publish: PublishParams, count: number, intervalMs: number): void {
    this.stop();
    const generation = ++this.generation;
    this.update({ sent: 0, count, running: true });
    const next = async (): Promise<void> => {
      if (generation !== this.generation) return;
      const n = this.statusValue.sent + 1;
      try {
        await this.connection.publish(withRepeatNumber(publish, n));
      } catch (e) {
        if (generation === this.generation) this.update({ ...this.statusValue, running: false, error: `Stopped after ${n - 1} of ${count}: ${e instanceof Error ? e.message : String(e)}` });
        return;
      }
      if (generation !== this.generation) return;
      const done = n >= count;
      this.update({ sent: n, count, running: !done });
      if (!done) this.timer = setTimeout(() => void next(), intervalMs);
    };
    void next();
  }

  stop(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.statusValue.running) this.update({ ...this.statusValue, running: false });
  }

  dispose(): void {
    this.stop();
    this.changed.dispose();
  }

  private update(status: RepeatStatus): void {
    this.statusValue = status;
    this.changed.fire(status);
  }
}
