import type { Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { Packet } from 'mqtt-packet';
import WebSocket from 'ws';
import type { JsonObject } from '../../shared/json/jsonValue';
import { PUBLISH_FLOW_TYPES, type TraceCounters, type TraceDirection, type TraceEntry, type TransportType } from '../../shared/trace/traceEntry';
import { Emitter, type Disposable } from '../base/emitter';
import type { ClientTap } from '../connection/connection';
import { AckPairing, UNANSWERED_MS } from './ackPairing';
import { describePacket } from './packetEntry';
import { packetBytes, sentWireSize, type PacketBytes } from './packetBytes';
import { RateBudget } from './rateBudget';
import { TraceRing, type TraceLimits, type TraceRecord } from './traceRing';
import { recordUpgrade, watchSocket } from './transportEvents';

/** The bounds of a trace: the ring's and the rate budget of publishes and their acks. */
export interface TraceSettings extends TraceLimits {
  publishesPerSecond: number;
}

export const DEFAULT_TRACE_SETTINGS: TraceSettings = { maxEntries: 20_000, maxBytes: 16 * 1024 * 1024, publishesPerSecond: 200 };

/** What the trace needs from its connection besides the client. */
export interface TraceHost {
  /** The store's next `seq`: a received PUBLISH becomes that message (mqtt.js emits it right after). */
  nextSeq(): number;
}

/**
 * One connection's protocol trace: a tap on each of its mqtt.js clients that records every packet
 * both ways (`packetsend`/`packetreceive`) and the transport's events into a bounded ring. Control
 * packets are always kept; publishes and their acks up to a rate budget, the rest counted.
 * Secrets are removed before anything is stored (see describePacket, maskedHeaders).
 */
export class ProtocolTrace implements ClientTap, Disposable {
  private readonly ring: TraceRing;
  private readonly budget: RateBudget;
  private readonly pairing: AckPairing;
  private version: 3 | 4 | 5 = 4;
  private readonly appended = new Emitter<void>();
  /** Fires (at most once per packet) when entries were added or changed; listeners pace themselves. */
  readonly onDidChange = this.appended.event;
  /** Entries changed after they were added (an ack paired, an unanswered mark), for live views. */
  private readonly updated = new Set<number>();

  constructor(
    settings: TraceSettings,
    private readonly host: TraceHost,
    unansweredMs = UNANSWERED_MS,
  ) {
    this.ring = new TraceRing(settings);
    this.budget = new RateBudget(settings.publishesPerSecond);
    this.pairing = new AckPairing((entry) => {
      this.updated.add(entry.id);
      this.appended.fire();
    }, unansweredMs);
  }

  setSettings(settings: TraceSettings): void {
    this.ring.setLimits(settings);
    this.budget.setPerSecond(settings.publishesPerSecond);
  }

  // ── ClientTap ─────────────────────────────────────────────────────────────────────────────

  /** For WebSocket URLs: makes the socket itself (as mqtt.js would) to see the upgrade's request and response. */
  options(options: IClientOptions): IClientOptions {
    if (options.protocol !== 'ws' && options.protocol !== 'wss') return options;
    return {
      ...options,
      createWebsocket: (url: string, protocols: string[], opts: IClientOptions) => {
        const socket = new WebSocket(url, protocols, opts.wsOptions as WebSocket.ClientOptions | undefined);
        // ws keeps its handshake request only until the upgrade; its headers are read now.
        const request = (socket as WebSocket & { _req?: { getHeaders?: () => Record<string, unknown> } | null })._req;
        const requestHeaders = request?.getHeaders?.() ?? { ...(opts.wsOptions as { headers?: Record<string, unknown> } | undefined)?.headers };
        socket.once('upgrade', (response: IncomingMessage) => {
          const target = new URL(url);
          recordUpgrade(response, requestHeaders, target.pathname + target.search, this.transportSink);
        });
        return socket;
      },
    };
  }

  attach(client: MqttClient): Disposable {
    this.version = client.options.protocolVersion ?? 4;
    let socketWatch: Disposable | undefined;
    const onSend = (packet: Packet): void => {
      if (packet.cmd === 'connect') {
        // A new network connection: its socket was just made (mqtt.js writes CONNECT at once).
        socketWatch?.dispose();
        socketWatch = this.watchStream(client);
      }
      this.record(packet, 'out');
    };
    const onReceive = (packet: Packet): void => {
      this.record(packet, 'in');
    };
    client.on('packetsend', onSend);
    client.on('packetreceive', onReceive);
    return {
      dispose: () => {
        client.off('packetsend', onSend);
        client.off('packetreceive', onReceive);
        socketWatch?.dispose();
      },
    };
  }

  // ── Reading ───────────────────────────────────────────────────────────────────────────────

  get counters(): TraceCounters {
    return this.ring.counters(this.budget.dropped, this.budget.droppedThisSecond);
  }

  get firstId(): number {
    return this.ring.firstId;
  }

  get endId(): number {
    return this.ring.endId;
  }

  entry(id: number): TraceEntry | undefined {
    return this.ring.get(id)?.entry;
  }

  /** Every held entry, oldest first. */
  *entries(): IterableIterator<TraceEntry> {
    for (const r of this.ring) yield r.entry;
  }

  /** The bytes of an entry's packet for the hex view (regenerated now), or undefined for transport events. */
  bytesOf(id: number): PacketBytes | undefined {
    const kept = this.ring.get(id)?.kept;
    if (!kept) return undefined;
    try {
      return packetBytes(kept, this.version);
    } catch {
      return undefined;
    }
  }

  /** Ids changed since the last call (still held), for a live view to fetch again. */
  takeUpdated(): number[] {
    const ids = [...this.updated].filter((id) => id >= this.ring.firstId);
    this.updated.clear();
    return ids;
  }

  /** Stops pairing and frees the ring (the trace stopped; a view may still hold this object). */
  dispose(): void {
    this.pairing.dispose();
    this.appended.dispose();
    this.ring.clear();
    this.updated.clear();
  }

  // ── Recording ─────────────────────────────────────────────────────────────────────────────

  private readonly transportSink = (type: TransportType, summary: string, fields: JsonObject): void => {
    if (type === 'close') this.pairing.closeAll();
    this.add({ at: Date.now(), dir: 'transport', type, summary, fields });
  };

  private record(packet: Packet, dir: TraceDirection): void {
    // The one check a flood pays beyond the budget.
    if (PUBLISH_FLOW_TYPES.has(packet.cmd) && !this.budget.admit()) return;
    const at = Date.now();
    const { entry, kept } = describePacket(packet, dir, this.version);
    if (entry.bytes === undefined) {
      // A packet mqtt-packet refuses to write (mqtt.js then fails it too) has no size: the trace must not throw.
      try {
        entry.bytes = sentWireSize(packet, this.version, kept.payloadLength);
      } catch {
        // The entry is kept without its size.
      }
    }
    if (PUBLISH_FLOW_TYPES.has(packet.cmd)) {
      const gap = this.budget.takeGap();
      if (gap > 0) entry.dropped = gap;
    }
    if (dir === 'in' && packet.cmd === 'publish') entry.seq = this.host.nextSeq();
    this.add({ ...entry, at }, kept);
  }

  private add(entry: Omit<TraceEntry, 'id'>, kept?: TraceRecord['kept']): void {
    const record = this.ring.append(entry, kept);
    this.pairing.see(record.entry);
    this.appended.fire();
  }

  private watchStream(client: MqttClient): Disposable | undefined {
    const stream = client.stream as unknown;
    const closedByUs = (): boolean => client.disconnecting || client.disconnected;
    if (isSocket(stream)) return watchSocket(stream, this.transportSink, closedByUs);
    if (typeof (stream as { on?: unknown } | undefined)?.on !== 'function') return undefined;
    // A WebSocket stream: its upgrade is recorded by `options`; here only its close.
    const duplex = stream as NodeJS.EventEmitter;
    let error: string | undefined;
    const onError = (e: Error): void => {
      error = e.message;
    };
    const onClose = (): void => {
      const by = closedByUs() ? 'client' : error !== undefined ? 'error' : 'broker';
      const fields: JsonObject = { by };
      if (error !== undefined) fields.error = error;
      this.transportSink('close', `closed by ${by === 'error' ? 'an error' : `the ${by}`}${error !== undefined ? `: ${error}` : ''}`, fields);
    };
    duplex.on('error', onError);
    duplex.on('close', onClose);
    return {
      dispose: () => {
        duplex.off('error', onError);
        duplex.off('close', onClose);
      },
    };
  }
}

function isSocket(stream: unknown): stream is Socket {
  return typeof stream === 'object' && stream !== null && 'remoteAddress' in stream && 'setNoDelay' in stream;
}
