/** The part of `vscode.Memento` (workspace state) this needs. */
interface StateMemento {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

export const LIVE_CONNECTIONS_KEY = 'tracemq.liveConnections';

/**
 * The profiles the user left connected in this workspace (by profile key), so that a window
 * reload (or VS Code restart) connects them again. Only the user's Connect and Disconnect change
 * it: closing the window disconnects everything without forgetting it.
 */
export class LiveConnections {
  constructor(private readonly state: StateMemento) {}

  keys(): string[] {
    const stored = this.state.get(LIVE_CONNECTIONS_KEY);
    return Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string') : [];
  }

  set(key: string, live: boolean): Thenable<void> {
    const others = this.keys().filter((k) => k !== key);
    return this.state.update(LIVE_CONNECTIONS_KEY, live ? [...others, key] : others);
  }
}
