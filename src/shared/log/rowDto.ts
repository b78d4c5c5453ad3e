import type { DecodedPreview } from '../decoders/decodedPayload';
import type { QoS } from '../mqtt/publishShapes';

/**
 * One received message as the webview sees it: metadata plus a bounded payload preview.
 *
 * A log view shows a sequence of positions: without a filter, position = seq; with a filter, the
 * matching messages get consecutive positions (`pos`) while `seq` stays the message's identity in
 * the store (used to fetch it in full). Positions, like seqs, are never reused: the oldest go when
 * messages are evicted, and the numbering goes on.
 */
export interface RowDto {
  /** Position in the view (see above). */
  pos: number;
  /** Monotonic sequence number within the connection's store (never reused, survives eviction). */
  seq: number;
  /** Receive time, epoch milliseconds. */
  time: number;
  topic: string;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  /** Full payload length in bytes. */
  size: number;
  /**
   * At most `PREVIEW_BYTES` of the payload: its first bytes, or, when a payload search matches
   * further on, the bytes from `previewFrom`; `size > preview.length` means cut.
   */
  preview: Uint8Array;
  /**
   * Where `preview` starts in the payload, in bytes, when the host cut it around the first match of
   * the view's payload search (which lay beyond the first `PREVIEW_BYTES`): the row shows a leading
   * "…". Absent: the preview is the payload's start.
   */
  previewFrom?: number;
  /** Id of the subscription it matched (`ConnectionInfo.subscriptions`), 0 when none is known. */
  sub: number;
  /** Only for a topic the workspace binds to a decoder: the payload decoded (or why not), shown instead of `preview`. */
  decoded?: DecodedPreview;
}

/** Longest payload preview the host sends per row; full payloads are fetched on request. */
export const PREVIEW_BYTES = 256;
/** Most rows the host sends in one tail update or one page. */
export const MAX_ROWS_PER_POST = 500;
