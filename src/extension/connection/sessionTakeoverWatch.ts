/**
 * A takeover is often not announced (MQTT 3; mosquitto 2 on MQTT 5 too): the broker closes the
 * socket of the client that had the id. A close this soon after a good CONNACK, with no error of ours before it, counts as one.
 */
export const TAKEOVER_CLOSE_MS = 5_000;

/** Two takeovers within this long stop the connection: two clients are fighting over one client id. */
export const TAKEOVER_WINDOW_MS = 60_000;

/**
 * Counts session takeovers (another client connecting with our client id), so that two clients
 * with one id stop after the second instead of taking each other over forever.
 */
export class SessionTakeoverWatch {
  private times: number[] = [];

  /** Records a takeover at `now` (ms); true when it is the second within TAKEOVER_WINDOW_MS. */
  record(now: number): boolean {
    this.times = [...this.times.filter((t) => now - t < TAKEOVER_WINDOW_MS), now];
    return this.times.length >= 2;
  }

  /** A fresh start (the user connects again): earlier takeovers no longer count. */
  reset(): void {
    this.times = [];
  }
}
