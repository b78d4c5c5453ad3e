import type { SparkplugCodec } from './sparkplugCodec';

/** The metric a host writes to ask an edge node to publish its births again (Sparkplug B). */
export const REBIRTH_METRIC = 'Node Control/Rebirth';

/**
 * The NCMD that asks an edge node to rebirth (`Node Control/Rebirth` = true), for "Request
 * Rebirth" when a data message's aliases cannot be named. Publish it at QoS 0, not retained
 * (Sparkplug B: commands are never retained).
 */
export function rebirthCommand(codec: SparkplugCodec, groupId: string, edgeNodeId: string, now = Date.now()): { topic: string; payload: Uint8Array } {
  const payload = codec.encode({ timestamp: now, metrics: [{ name: REBIRTH_METRIC, timestamp: now, datatype: 'Boolean', value: true }] });
  return { topic: `spBv1.0/${groupId}/NCMD/${edgeNodeId}`, payload };
}
