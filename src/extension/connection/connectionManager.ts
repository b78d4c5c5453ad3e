import { Connection } from './connection';
import { Emitter, type Disposable } from '../base/emitter';
import type { Logger } from '../base/logger';
import type { MessageStoreLimits } from '../store/messageStore';
import { profileKey, type ProfileEntry } from '../profiles/profile';

/**
 * Owns every Connection, one per profile (keyed by source and name), so several profiles can be
 * connected at once and views never create clients themselves. Plain Node, no `vscode`.
 */
export class ConnectionManager implements Disposable {
  private readonly connections = new Map<string, Connection>();
  private readonly listeners = new Map<string, Disposable>();
  private readonly changed = new Emitter<Connection>();
  /** Fires with the connection whose state or subscriptions changed. */
  readonly onDidChange = this.changed.event;
  private readyGate: () => Promise<boolean> = () => Promise.resolve(true);

  constructor(
    private readonly limits: () => MessageStoreLimits,
    private readonly log: Logger,
  ) {}

  /** The connection of a profile, created (disconnected) on first use. */
  getOrCreate(entry: ProfileEntry): Connection {
    const key = profileKey(entry.source, entry.profile.name);
    let connection = this.connections.get(key);
    if (connection && (connection.state === 'disconnected' || connection.state === 'error') && JSON.stringify(connection.entry) !== JSON.stringify(entry)) {
      // The profile was edited while disconnected (or after a failed connect, e.g. to fix its
      // URL): the next connect uses the new settings.
      connection.updateEntry(entry);
    }
    if (!connection) {
      connection = new Connection(entry, this.limits(), this.log);
      const c = connection;
      this.connections.set(key, c);
      this.listeners.set(key, c.onDidChange(() => { this.changed.fire(c); }));
    }
    return connection;
  }

  /**
   * Resolves once the window knows its profiles (see `setReadyGate`): false when a command that
   * lists connections should stop (the user was told why). True at once when no gate is set.
   */
  ready(): Promise<boolean> {
    return this.readyGate();
  }

  /** What `ready()` waits for: the extension passes the first read of the profiles. */
  setReadyGate(gate: () => Promise<boolean>): void {
    this.readyGate = gate;
  }

  get(key: string): Connection | undefined {
    return this.connections.get(key);
  }

  all(): Connection[] {
    return [...this.connections.values()];
  }

  /** Applies new store budgets (settings changed) to every connection. */
  applyLimits(): void {
    const limits = this.limits();
    for (const c of this.connections.values()) {
      c.store.setLimits(limits);
      if (limits.maxTrackedTopics !== undefined) c.topics.maxTracked = limits.maxTrackedTopics;
    }
  }

  /** Sends DISCONNECT on every live connection and waits, at most `timeoutMs`, then forces. */
  async disconnectAll(timeoutMs = 2000): Promise<void> {
    const live = this.all().filter((c) => c.state !== 'disconnected');
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(live.map((c) => c.disconnect())),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  dispose(): void {
    for (const l of this.listeners.values()) l.dispose();
    for (const c of this.connections.values()) c.dispose();
    this.listeners.clear();
    this.connections.clear();
    this.changed.dispose();
  }
}
