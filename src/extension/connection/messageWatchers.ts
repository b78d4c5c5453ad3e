import type { IPublishPacket } from 'mqtt';
import type { Disposable } from '../base/emitter';

/** Called for each received message while watched (request/response); see `MessageWatchers`. */
export type MessageWatcher = (seq: number, topic: string, packet: IPublishPacket) => void;

/**
 * Who wants to see every received message (request/response pairing). The list is replaced, not
 * changed in place, so a watcher may stop watching while being called.
 */
export class MessageWatchers {
  private list: MessageWatcher[] = [];

  /** Calls `watcher` for every message received until disposed. */
  add(watcher: MessageWatcher): Disposable {
    this.list = [...this.list, watcher];
    return {
      dispose: () => {
        this.list = this.list.filter((w) => w !== watcher);
      },
    };
  }

  /** While nothing watches, the per-message cost is one length check. */
  notify(seq: number, topic: string, packet: IPublishPacket): void {
    const list = this.list;
    if (list.length !== 0) for (const w of list) w(seq, topic, packet);
  }
}
