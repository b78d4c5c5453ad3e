import type { Connection, ConnectionDecoding } from '../connection/connection';
import type { ConnectionManager } from '../connection/connectionManager';
import type { Disposable } from '../base/emitter';
import type { DecoderBindings } from './decoderBindings';
import { exportDecodeOf } from './exportDecode';
import type { SparkplugState } from './sparkplugState';
import { isSparkplugTopic } from './sparkplugTopic';
import { ViewDecoder } from './viewDecoder';

/**
 * Hands every connection of the window what the workspace's bindings make of its payloads: the
 * export's decoder, the log views' decoder (rows, detail pane, filters, publish encoding) and,
 * when a binding is Sparkplug B, the rebirth command and a state of its own that sees the `spBv1.0/`
 * messages as they are stored (births register aliases; nothing else is decoded on ingest). Done
 * again for every connection when the bindings change, and for a connection when it appears.
 */
export class ConnectionDecodings implements Disposable {
  private readonly sparkplug = new WeakMap<Connection, SparkplugState>();
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly manager: ConnectionManager,
    private readonly bindings: DecoderBindings,
  ) {
    this.subscriptions = [
      bindings.onDidChange(() => {
        for (const c of manager.all()) this.attach(c, true);
      }),
      manager.onDidChange((c) => {
        this.attach(c, false);
      }),
    ];
    for (const c of manager.all()) this.attach(c, true);
  }

  /** The Sparkplug B state of a connection, when its workspace binds Sparkplug B. */
  sparkplugOf(connection: Connection): SparkplugState | undefined {
    return this.sparkplug.get(connection);
  }

  private attach(connection: Connection, bindingsChanged: boolean): void {
    if (!bindingsChanged && connection.decoding !== undefined) return;
    const decoder = this.bindings.decoder;
    if (!decoder.enabled || decoder.bindings.length === 0) {
      this.sparkplug.delete(connection);
      connection.decoding = undefined;
      return;
    }
    let state: SparkplugState | undefined;
    if (decoder.hasSparkplug) {
      state = this.sparkplug.get(connection) ?? this.bindings.createSparkplugState();
      this.sparkplug.set(connection, state);
    } else this.sparkplug.delete(connection);
    const decoding: ConnectionDecoding = { exportDecode: exportDecodeOf(decoder, state), view: new ViewDecoder(decoder, state) };
    if (decoder.hasSparkplug) decoding.rebirth = (target) => this.bindings.rebirthCommand(target.groupId, target.edgeNodeId);
    if (state) {
      const tracked = state;
      decoding.observe = (topic, payload, seq) => {
        if (isSparkplugTopic(topic)) tracked.observe(topic, payload, seq);
      };
    }
    connection.decoding = decoding;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
