import type { PacketType, TraceDirection, TraceEntry } from '../../shared/trace/traceEntry';

/** How long a request may wait for its next ack before it is marked unanswered. */
export const UNANSWERED_MS = 30_000;

interface Flow {
  request: TraceEntry;
  deadline: number;
}

/** Which flow an ack belongs to: the key of its request (by direction and packet id). */
function flowKeyOfAck(dir: TraceDirection, type: PacketType, packetId: number | undefined): string | undefined {
  const other = dir === 'in' ? 'out' : 'in';
  switch (type) {
    case 'puback':
    case 'pubrec':
    case 'pubcomp':
      return `${other}:${packetId}`;
    case 'pubrel':
      return `${dir}:${packetId}`;
    case 'suback':
    case 'unsuback':
      return `${other}:${packetId}`;
    case 'pingresp':
      return `${other}:ping`;
    case 'connack':
      return `${other}:connect`;
    default:
      return undefined;
  }
}

/** The key a request opens a flow under, or undefined when nothing answers it. */
function flowKeyOfRequest(entry: TraceEntry): string | undefined {
  switch (entry.type) {
    case 'publish':
      return entry.qos !== undefined && entry.qos > 0 ? `${entry.dir}:${entry.packetId}` : undefined;
    case 'subscribe':
    case 'unsubscribe':
      return `${entry.dir}:${entry.packetId}`;
    case 'pingreq':
      return `${entry.dir}:ping`;
    case 'connect':
      return `${entry.dir}:connect`;
    default:
      return undefined;
  }
}

function isFinal(type: PacketType, reasonCode: number | undefined): boolean {
  if (type === 'pubrec') return reasonCode !== undefined && reasonCode >= 0x80;
  return type !== 'pubrel';
}

/**
 * Pairs acknowledged flows by packet id: PUBLISH↔PUBACK, the four steps of QoS 2, SUBSCRIBE↔SUBACK,
 * UNSUBSCRIBE↔UNSUBACK, PINGREQ↔PINGRESP, CONNECT↔CONNACK. A request whose next step does not come
 * within `boundMs` is marked unanswered (one timer for the oldest deadline, not one per packet).
 * Only kept requests are tracked, so a flood beyond the rate budget costs nothing here.
 */
export class AckPairing {
  /** In insertion order, which is deadline order (a step re-inserts its flow). */
  private readonly flows = new Map<string, Flow>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly changed: (entry: TraceEntry) => void,
    private readonly boundMs = UNANSWERED_MS,
  ) {}

  /** Called with every kept entry, in order. */
  see(entry: TraceEntry): void {
    const requestKey = flowKeyOfRequest(entry);
    if (requestKey !== undefined) {
      this.flows.delete(requestKey);
      this.flows.set(requestKey, { request: entry, deadline: entry.at + this.boundMs });
      this.arm();
      return;
    }
    const key = flowKeyOfAck(entry.dir, entry.type as PacketType, entry.packetId);
    const flow = key === undefined ? undefined : this.flows.get(key);
    if (key === undefined || !flow) return;
    const ms = entry.at - flow.request.at;
    const request = flow.request;
    (request.acks ??= []).push({ type: entry.type as PacketType, ms, entry: entry.id });
    entry.ackMs = ms;
    entry.answers = request.id;
    this.flows.delete(key);
    if (isFinal(entry.type as PacketType, entry.reasonCode)) {
      request.ackMs = ms;
    } else {
      this.flows.set(key, { request, deadline: entry.at + this.boundMs });
      this.arm();
    }
    this.changed(request);
  }

  /** The connection closed: whatever still waits is unanswered. */
  closeAll(): void {
    for (const flow of this.flows.values()) this.markUnanswered(flow);
    this.flows.clear();
    this.disarm();
  }

  get pending(): number {
    return this.flows.size;
  }

  dispose(): void {
    this.flows.clear();
    this.disarm();
  }

  private markUnanswered(flow: Flow): void {
    if (flow.request.unanswered) return;
    flow.request.unanswered = true;
    this.changed(flow.request);
  }

  private arm(): void {
    if (this.timer !== undefined) return;
    const oldest = this.flows.values().next().value;
    if (!oldest) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sweep();
    }, Math.max(0, oldest.deadline - Date.now()));
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Marks every flow past its deadline (they stay paired if the ack comes late), then waits for the next. */
  private sweep(): void {
    const now = Date.now();
    for (const flow of this.flows.values()) {
      if (flow.deadline > now) break;
      this.markUnanswered(flow);
    }
    // Marked flows stay (a late ack still pairs) but need no timer; wait for the first unmarked one.
    for (const flow of this.flows.values()) {
      if (flow.request.unanswered) continue;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.sweep();
      }, Math.max(0, flow.deadline - Date.now()));
      return;
    }
  }
}
