import type protobuf from 'protobufjs';
import { isSparkplugTopic, parseSparkplugTopic } from './sparkplugTopic';
import { readSparkplugSeq } from './sparkplugSeqScan';

/** What a birth says of one metric: its name and data type (by number). */
export interface SparkplugMetricInfo {
  name: string;
  datatype: number | undefined;
}

/** One NBIRTH or DBIRTH: when it arrived (store sequence number) and its aliases. */
export interface SparkplugBirth {
  at: number;
  /** Metric by alias (the uint64 alias as decimal text). */
  aliases: Map<string, SparkplugMetricInfo>;
  metricCount: number;
}

interface DeviceState {
  births: SparkplugBirth[];
  online: boolean;
}

interface NodeState {
  births: SparkplugBirth[];
  online: boolean;
  lastSeq: number | undefined;
  /** The bdSeq metric of the last NBIRTH, as decimal text. */
  bdSeq: string | undefined;
  devices: Map<string, DeviceState>;
}

/** A primary host application's last STATE. */
export interface SparkplugHostState {
  hostId: string;
  online: boolean;
  timestamp: number | undefined;
}

/** What the state knows for decoding one message: the births in force then, and notes about it. */
export interface SparkplugContext {
  nodeBirth: SparkplugBirth | undefined;
  deviceBirth: SparkplugBirth | undefined;
  notes: readonly string[];
}

/** Most edge nodes tracked per connection; more are decoded without state. */
export const MAX_SPARKPLUG_NODES = 10_000;
/** Most devices tracked per edge node. */
const MAX_DEVICES = 10_000;
/** Births kept per node or device: a message is resolved with the last birth before it. */
const BIRTHS_KEPT = 8;
/** Messages with notes (gaps, mismatches) remembered; the oldest are forgotten first. */
const NOTES_KEPT = 10_000;
/** Primary hosts tracked. */
const MAX_HOSTS = 1000;

/**
 * The Sparkplug B state of one connection's edge nodes, built on the ingest path from what it
 * receives: births register metric names, aliases and types; every node message's `seq` is
 * checked (0–255, wrapping); a death's `bdSeq` is compared with the birth's; primary hosts' STATE.
 * Only `spBv1.0/` topics are looked at; births and deaths are decoded (rare), data messages are
 * not (their seq is read by skipping fields). Bounded in nodes, births, notes and hosts.
 */
export class SparkplugState {
  private readonly nodes = new Map<string, NodeState>();
  private readonly notes = new Map<number, string[]>();
  private readonly hosts = new Map<string, SparkplugHostState>();
  private counter = 0;

  constructor(private readonly payloadType: protobuf.Type) {}

  /**
   * Takes note of one received message. `at` is its store sequence number (so that a later decode
   * of that row finds the birth then in force and the notes about it). Never throws.
   */
  observe(topic: string, payload: Uint8Array, at: number = ++this.counter): void {
    if (!isSparkplugTopic(topic)) return;
    try {
      this.observeSparkplug(topic, payload, at);
    } catch (e) {
      this.note(at, `not a valid Sparkplug B payload: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The births in force at `at` (the last before it) and the notes about that message. */
  context(groupId: string, edgeNodeId: string, deviceId: string | undefined, at: number | undefined): SparkplugContext {
    const node = this.nodes.get(nodeKey(groupId, edgeNodeId));
    const device = deviceId === undefined ? undefined : node?.devices.get(deviceId);
    return {
      nodeBirth: node ? birthBefore(node.births, at) : undefined,
      deviceBirth: device ? birthBefore(device.births, at) : undefined,
      notes: at === undefined ? [] : (this.notes.get(at) ?? []),
    };
  }

  /** The notes (gaps, mismatches) recorded for the message `at`. */
  notesAt(at: number): readonly string[] {
    return this.notes.get(at) ?? [];
  }

  /** Whether an edge node is online (birth seen, no death since); undefined when never seen. */
  nodeOnline(groupId: string, edgeNodeId: string): boolean | undefined {
    return this.nodes.get(nodeKey(groupId, edgeNodeId))?.online;
  }

  /** The edge nodes seen (births, data or deaths), for a "Request Rebirth" to pick from. */
  edgeNodes(): { groupId: string; edgeNodeId: string; online: boolean }[] {
    return [...this.nodes.entries()].map(([key, node]) => {
      const slash = key.indexOf('/');
      return { groupId: key.slice(0, slash), edgeNodeId: key.slice(slash + 1), online: node.online };
    });
  }

  /** The primary hosts seen, with their last STATE. */
  get hostStates(): readonly SparkplugHostState[] {
    return [...this.hosts.values()];
  }

  /** Forgets everything (the store was cleared). */
  clear(): void {
    this.nodes.clear();
    this.notes.clear();
    this.hosts.clear();
  }

  private observeSparkplug(topic: string, payload: Uint8Array, at: number): void {
    const parsed = parseSparkplugTopic(topic);
    if (!parsed) return;
    if (parsed.kind === 'state') {
      this.observeHost(parsed.hostId, payload);
      return;
    }
    const type = parsed.messageType;
    if (type === 'NCMD' || type === 'DCMD') return; // sent by hosts: no seq of the node
    const key = nodeKey(parsed.groupId, parsed.edgeNodeId);
    let node = this.nodes.get(key);
    if (!node) {
      if (this.nodes.size >= MAX_SPARKPLUG_NODES) return;
      node = { births: [], online: false, lastSeq: undefined, bdSeq: undefined, devices: new Map() };
      this.nodes.set(key, node);
    }
    switch (type) {
      case 'NBIRTH': {
        const message = this.decode(payload);
        node.births = keepLast([...node.births, birthOf(message, at)]);
        node.bdSeq = bdSeqOf(message);
        node.lastSeq = seqOf(message);
        node.online = true;
        return;
      }
      case 'NDEATH': {
        const bdSeq = bdSeqOf(this.decode(payload));
        if (node.bdSeq !== undefined && bdSeq !== undefined && bdSeq !== node.bdSeq) {
          this.note(at, `bdSeq mismatch: this NDEATH has bdSeq ${bdSeq} but the last NBIRTH had bdSeq ${node.bdSeq} — a stale death from an earlier session, the node is still online`);
          return;
        }
        node.online = false;
        node.lastSeq = undefined;
        return;
      }
      default:
        break;
    }
    const deviceId = parsed.deviceId;
    if (type === 'DBIRTH' && deviceId !== undefined) {
      const message = this.decode(payload);
      this.checkSeq(node, seqOf(message), at);
      const device = this.device(node, deviceId);
      if (device) {
        device.births = keepLast([...device.births, birthOf(message, at)]);
        device.online = true;
      }
      return;
    }
    this.checkSeq(node, readSparkplugSeq(payload), at);
    if (type === 'DDEATH' && deviceId !== undefined) {
      const device = node.devices.get(deviceId);
      if (device) device.online = false;
    }
  }

  private checkSeq(node: NodeState, seq: number | undefined, at: number): void {
    if (seq === undefined) return;
    const last = node.lastSeq;
    node.lastSeq = seq;
    if (last === undefined) return;
    const expected = (last + 1) % 256;
    if (seq === expected) return;
    if (seq === last) {
      this.note(at, `seq ${seq} repeated: a duplicate, or the node resent a message`);
      return;
    }
    const missing = (seq - expected + 256) % 256;
    this.note(at, `seq jumped ${last} → ${seq}: ${missing} message${missing === 1 ? '' : 's'} missing`);
  }

  private device(node: NodeState, deviceId: string): DeviceState | undefined {
    let device = node.devices.get(deviceId);
    if (!device && node.devices.size < MAX_DEVICES) {
      device = { births: [], online: false };
      node.devices.set(deviceId, device);
    }
    return device;
  }

  private observeHost(hostId: string, payload: Uint8Array): void {
    if (!this.hosts.has(hostId) && this.hosts.size >= MAX_HOSTS) return;
    const text = new TextDecoder().decode(payload.subarray(0, 4096));
    let state: { online?: unknown; timestamp?: unknown } | undefined;
    try {
      state = JSON.parse(text) as { online?: unknown; timestamp?: unknown };
    } catch {
      state = undefined;
    }
    if (state && typeof state.online === 'boolean') this.hosts.set(hostId, { hostId, online: state.online, timestamp: typeof state.timestamp === 'number' ? state.timestamp : undefined });
  }

  private decode(payload: Uint8Array): SparkplugMessage {
    return this.payloadType.decode(payload) as unknown as SparkplugMessage;
  }

  private note(at: number, text: string): void {
    const list = this.notes.get(at);
    if (list) {
      list.push(text);
      return;
    }
    if (this.notes.size >= NOTES_KEPT) {
      const oldest = this.notes.keys().next().value;
      if (oldest !== undefined) this.notes.delete(oldest);
    }
    this.notes.set(at, [text]);
  }
}

/** The decoded Payload message, as far as the state reads it (protobufjs runtime message). */
interface SparkplugMessage {
  seq?: { toString(): string } | number | null;
  metrics?: { name?: string | null; alias?: { toString(): string } | number | null; datatype?: number | null; longValue?: { toString(): string } | number | null; intValue?: number | null }[];
}

const nodeKey = (groupId: string, edgeNodeId: string): string => `${groupId}/${edgeNodeId}`;

const keepLast = (births: SparkplugBirth[]): SparkplugBirth[] => (births.length > BIRTHS_KEPT ? births.slice(-BIRTHS_KEPT) : births);

function birthBefore(births: readonly SparkplugBirth[], at: number | undefined): SparkplugBirth | undefined {
  for (let i = births.length - 1; i >= 0; i--) {
    const birth = births[i] as SparkplugBirth;
    if (at === undefined || birth.at <= at) return birth;
  }
  return undefined;
}

function birthOf(message: SparkplugMessage, at: number): SparkplugBirth {
  const aliases = new Map<string, SparkplugMetricInfo>();
  const metrics = message.metrics ?? [];
  for (const m of metrics) {
    if (m.alias !== undefined && m.alias !== null && m.name) aliases.set(m.alias.toString(), { name: m.name, datatype: m.datatype ?? undefined });
  }
  return { at, aliases, metricCount: metrics.length };
}

function seqOf(message: SparkplugMessage): number | undefined {
  const seq = message.seq;
  if (seq === undefined || seq === null) return undefined;
  const n = Number(seq.toString());
  return Number.isFinite(n) ? n : undefined;
}

/** The `bdSeq` metric of a birth or death, as decimal text. */
function bdSeqOf(message: SparkplugMessage): string | undefined {
  const metric = (message.metrics ?? []).find((m) => m.name === 'bdSeq');
  const value = metric?.longValue ?? metric?.intValue;
  return value === undefined || value === null ? undefined : value.toString();
}
