import type { Connection } from '../connection/connection';
import type { ConnectionManager } from '../connection/connectionManager';
import type { Disposable } from '../base/emitter';
import { ProtocolTrace, type TraceSettings } from './protocolTrace';

/** The trace settings (`tracemq.trace.*`). */
export interface TraceConfig extends TraceSettings {
  /** Trace every connection from its first byte. Off by default: see the README's "Protocol trace". */
  enabled: boolean;
}

/** One connection's trace and how it began. */
export interface ConnectionTrace {
  trace: ProtocolTrace;
  /** Began on a live connection: its CONNECT and handshake came before it. */
  startedLate: boolean;
}

/**
 * The traces of this window's connections. With `tracemq.trace.enabled`, every connection is traced
 * from its first connect; otherwise a connection is traced only once asked (`start`, e.g. when its
 * trace view opens), and until then nothing listens to its packets.
 */
export class ConnectionTraces implements Disposable {
  private readonly traces = new Map<Connection, ConnectionTrace & { tap: Disposable }>();
  private readonly watching: Disposable;

  constructor(
    manager: ConnectionManager,
    private readonly config: () => TraceConfig,
  ) {
    // A connect fires `connecting` before its client is made, so the trace sees the first byte.
    this.watching = manager.onDidChange((c) => {
      if (c.state === 'connecting' && !this.traces.has(c) && this.config().enabled) this.start(c);
    });
  }

  get(connection: Connection): ConnectionTrace | undefined {
    return this.traces.get(connection);
  }

  /** The connection's trace, started now if it had none. */
  start(connection: Connection): ConnectionTrace {
    const existing = this.traces.get(connection);
    if (existing) return existing;
    const trace = new ProtocolTrace(this.config(), { nextSeq: () => connection.store.nextSeq });
    const startedLate = connection.state === 'connected' || connection.state === 'reconnecting';
    const tap = connection.addTap(trace);
    const started = { trace, startedLate, tap };
    this.traces.set(connection, started);
    return started;
  }

  /** Stops and forgets a connection's trace (the listeners are removed). */
  stop(connection: Connection): void {
    const t = this.traces.get(connection);
    if (!t) return;
    t.tap.dispose();
    t.trace.dispose();
    this.traces.delete(connection);
  }

  /** Takes new bounds (settings changed). */
  applyConfig(): void {
    const config = this.config();
    for (const t of this.traces.values()) t.trace.setSettings(config);
  }

  dispose(): void {
    this.watching.dispose();
    for (const c of [...this.traces.keys()]) this.stop(c);
  }
}
