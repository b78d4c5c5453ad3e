import type { MqttClient } from 'mqtt';
import type { MqttPublish } from '../publish/publishOptions';

/** Most publishes that may wait for a reconnect at once; more are refused. */
export const OFFLINE_QUEUE_LIMIT = 1000;

/**
 * Publishes accepted while reconnecting: they wait in mqtt.js's queue and go out after the
 * reconnect. At most OFFLINE_QUEUE_LIMIT wait at once, so being offline never grows memory without
 * bound; when the connection ends before they are sent, they are counted as discarded (mqtt.js
 * may never call them back), so the user can be told how many.
 */
export class OfflinePublishQueue {
  private readonly waiting = new Set<object>();
  /** Failed by mqtt.js itself, not by the broker (a failed connection attempt flushes its callbacks): not sent. */
  private dropped = 0;

  get size(): number {
    return this.waiting.size;
  }

  get full(): boolean {
    return this.waiting.size >= OFFLINE_QUEUE_LIMIT;
  }

  /**
   * Hands the publish to mqtt.js; `failed` is called if the broker refuses it once back (an error
   * with a reason code), `dropped` if mqtt.js gives up on it (it flushes waiting callbacks with
   * "Connection closed" when a connection attempt fails with clean session on). Returns how many now wait.
   */
  add(client: MqttClient, message: MqttPublish, failed: (error: Error) => void, dropped: () => void): number {
    const entry = {};
    this.waiting.add(entry);
    client.publish(message.topic, message.payload, message.options, (err) => {
      // Gone already when the connection ended first and counted it as discarded.
      if (!this.waiting.delete(entry)) return;
      if (!err) return;
      if (typeof (err as { code?: unknown }).code === 'number') failed(err);
      else {
        this.dropped++;
        dropped();
      }
    });
    return this.waiting.size;
  }

  /** The connection ends: what still waits will not be sent. Returns how many were not sent, those mqtt.js dropped included. */
  discardAll(): number {
    const n = this.waiting.size + this.dropped;
    this.waiting.clear();
    this.dropped = 0;
    return n;
  }
}

/** "3 queued publishes were not sent" for the state's detail and the log. */
export const discardedText = (n: number): string => `${n.toLocaleString('en-US')} queued ${n === 1 ? 'publish was' : 'publishes were'} not sent (discarded).`;
