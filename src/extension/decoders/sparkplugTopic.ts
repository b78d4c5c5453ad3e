/** The message types of a Sparkplug B topic (`spBv1.0/<group>/<type>/<edge node>[/<device>]`). */
export const SPARKPLUG_MESSAGE_TYPES = ['NBIRTH', 'NDEATH', 'DBIRTH', 'DDEATH', 'NDATA', 'DDATA', 'NCMD', 'DCMD'] as const;
export type SparkplugMessageType = (typeof SPARKPLUG_MESSAGE_TYPES)[number];

export const SPARKPLUG_NAMESPACE = 'spBv1.0/';

export type SparkplugTopic =
  | { kind: 'edge'; messageType: SparkplugMessageType; groupId: string; edgeNodeId: string; deviceId?: string }
  /** A primary host application's STATE: `spBv1.0/STATE/<host>` (Sparkplug 3.0) or `STATE/<host>` (2.2). */
  | { kind: 'state'; hostId: string; version: '3.0' | '2.2' };

/** True for a topic of the Sparkplug B namespace: the one test the ingest path makes. */
export const isSparkplugTopic = (topic: string): boolean => topic.startsWith(SPARKPLUG_NAMESPACE);

/** The parts of a Sparkplug B topic, or undefined when it is not one. */
export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
  if (topic.startsWith('STATE/') && topic.indexOf('/', 6) === -1 && topic.length > 6) return { kind: 'state', hostId: topic.slice(6), version: '2.2' };
  if (!isSparkplugTopic(topic)) return undefined;
  const parts = topic.slice(SPARKPLUG_NAMESPACE.length).split('/');
  if (parts[0] === 'STATE' && parts.length === 2 && parts[1]) return { kind: 'state', hostId: parts[1], version: '3.0' };
  const [groupId, type, edgeNodeId, deviceId] = parts;
  if (parts.length < 3 || parts.length > 4 || !groupId || !edgeNodeId || !(SPARKPLUG_MESSAGE_TYPES as readonly string[]).includes(type ?? '')) return undefined;
  const messageType = type as SparkplugMessageType;
  const isDevice = messageType.startsWith('D');
  if (isDevice !== (parts.length === 4) || (isDevice && !deviceId)) return undefined;
  return isDevice ? { kind: 'edge', messageType, groupId, edgeNodeId, deviceId: deviceId as string } : { kind: 'edge', messageType, groupId, edgeNodeId };
}
