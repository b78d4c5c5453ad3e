import type { Connection } from '../connection/connection';
import type { ConnectionManager } from '../connection/connectionManager';
import { Emitter, type Disposable, type Event } from '../base/emitter';
import { ProtocolTrace, type TraceSettings } from './protocolTrace';

/** The trace settings (`tracemq.trace.*`). */
export interface TraceConfig extends TraceSettings {
  /** Trace every connection from its first byte. Off by default: see the README's "Protocol trace". */
  enabled: boolean;
}

/** Why a connection is traced: the `tracemq.trace.enabled` setting, or the user opened its trace view. */
export type TraceOrigin = 'setting' | 'view';

/** One connection's trace and how it began. */
export interface ConnectionTrace {
  trace: ProtocolTrace;
  /** Began on a live connection: its CONNECT and handshake came before it. */
  startedLate: boolean;
  origin: TraceOrigin;
}

/** What is read of a configuration change (VS Code's `ConfigurationChangeEvent` is one). */
export interface ConfigurationChange {
  affectsConfiguration(section: string): boolean;
}

/**
 * The traces of this window's connections. With `tracemq.trace.enabled`, every connection is traced
 * from its first connect (and a live one from when the setting is turned on); otherwise a connection
 * is traced only once asked (`start`, e.g. when its trace view opens), and until then nothing listens
 * to its packets. Turning the setting off stops and frees the traces it started; a trace started
 * by opening its view is the user's and keeps running.
 */
export class ConnectionTraces implements Disposable {
  private readonly traces = new Map<Connection, ConnectionTrace & { tap: Disposable }>();
  private readonly subscriptions: Disposable[];
  private readonly changed = new Emitter<Connection>();
  /** Fires with a connection whose trace started or stopped (an open trace view then shows the new one, or that it stopped). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly manager: ConnectionManager,
    private readonly config: () => TraceConfig,
    configChanged: Event<ConfigurationChange>,
  ) {
    this.subscriptions = [
      // A connect fires `connecting` before its client is made, so the trace sees the first byte.
      manager.onDidChange((c) => {
        if (c.state === 'connecting' && !this.traces.has(c) && this.config().enabled) this.start(c, 'setting');
      }),
      configChanged((e) => {
        if (e.affectsConfiguration('tracemq.trace')) this.applyConfig();
      }),
    ];
  }

  get(connection: Connection): ConnectionTrace | undefined {
    return this.traces.get(connection);
  }

  /** The connection's trace, started now (for `origin`) if it had none. */
  start(connection: Connection, origin: TraceOrigin = 'view'): ConnectionTrace {
    const existing = this.traces.get(connection);
    if (existing) return existing;
    const trace = new ProtocolTrace(this.config(), { nextSeq: () => connection.store.nextSeq });
    const startedLate = connection.state === 'connected' || connection.state === 'reconnecting';
    const tap = connection.addTap(trace);
    const started = { trace, startedLate, origin, tap };
    this.traces.set(connection, started);
    this.changed.fire(connection);
    return started;
  }

  /** Stops and forgets a connection's trace: the listeners are removed and its ring freed. */
  stop(connection: Connection): void {
    const t = this.traces.get(connection);
    if (!t) return;
    t.tap.dispose();
    t.trace.dispose();
    this.traces.delete(connection);
    this.changed.fire(connection);
  }

  /**
   * The settings changed: new bounds for every trace; with `enabled` off, the traces the setting
   * started stop; with it on, the live connections not traced yet are traced from now.
   */
  applyConfig(): void {
    const config = this.config();
    for (const [connection, t] of [...this.traces]) {
      if (!config.enabled && t.origin === 'setting') this.stop(connection);
      else t.trace.setSettings(config);
    }
    if (!config.enabled) return;
    for (const c of this.manager.all()) {
      if (!this.traces.has(c) && c.state !== 'disconnected' && c.state !== 'error') this.start(c, 'setting');
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const c of [...this.traces.keys()]) this.stop(c);
    this.changed.dispose();
  }
}
