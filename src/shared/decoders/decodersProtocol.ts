/**
 * The decoders' protocol (in the log view): what the views ask of the workspace's payload
 * decoders beyond the rows and messages the log protocol carries. The host
 * (`registerDecoderHandlers`) checks everything again and answers in words.
 */

import { isRecord, type NoMessages, type WebviewProtocol } from '../ipc/webviewProtocol';
import type { RebirthTarget } from './decodedPayload';

/** Requests the log view may send about decoders, with their params and result types. */
export interface DecoderRequests {
  /** Sparkplug B "Request Rebirth": publish the NCMD `Node Control/Rebirth = true` to the edge node; replies with its topic. */
  'decoders/rebirth': { params: RebirthTarget; result: { topic: string } };
}

/** Longest group or edge node id taken (a topic level; the topic itself is checked again when published). */
const MAX_ID_CHARS = 1024;

/** A Sparkplug B id: one topic level, without wildcards or separators. */
const isSparkplugId = (v: unknown): v is string => typeof v === 'string' && v !== '' && v.length <= MAX_ID_CHARS && !/[/+#]/.test(v);

/** The decoders protocol's validators: the host checks every message the view sends with them. */
export const decodersProtocol: WebviewProtocol<DecoderRequests, NoMessages, NoMessages> = {
  requests: {
    'decoders/rebirth': (p) => (isRecord(p) && isSparkplugId(p.groupId) && isSparkplugId(p.edgeNodeId) ? { groupId: p.groupId, edgeNodeId: p.edgeNodeId } : undefined),
  },
  notifications: {},
};
