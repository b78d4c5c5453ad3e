/**
 * The log view's link with the protocol trace: its header's Trace button (`trace/show`), and the
 * trace's "Show in Log", which the host hands the log view as the message's place in it
 * (`trace/revealMessage`): the view scrolls to it, selects and opens it, or says why it cannot.
 */

import { isCount, isRecord, noParams, type NoMessages, type WebviewProtocol } from '../ipc/webviewProtocol';

/** Why the log does not show a message the trace asked for. */
export type HiddenReason =
  /** No longer in the store: evicted, or the log was cleared. */
  | 'evicted'
  /** The log's filter does not match it. */
  | 'filtered'
  /** The log's filter is still being applied to the stored messages and has not reached it. */
  | 'filtering';

/** A message the trace asked the log to show: its position in the view, or why the view does not show it. */
export type RevealedMessage = { seq: number; pos: number } | { seq: number; hidden: HiddenReason };

/** Notifications the log view may send about the trace. */
export interface TraceLinkNotifications {
  /** Show the protocol trace of this log's connection. */
  'trace/show': Record<string, never>;
  /** Reveal this message again (the view cleared its filter to show it). */
  'trace/reveal': { seq: number };
}

/** Notifications the host sends the log view about the trace. */
export interface TraceLinkHostNotifications {
  /** Reveal a message (the trace's "Show in Log"): scroll to `pos`, select and open it; or say why it is hidden. */
  'trace/revealMessage': RevealedMessage;
}

export const traceLinkProtocol: WebviewProtocol<NoMessages, TraceLinkNotifications, TraceLinkHostNotifications> = {
  requests: {},
  notifications: {
    'trace/show': noParams,
    'trace/reveal': (p) => (isRecord(p) && isCount(p.seq) ? { seq: p.seq } : undefined),
  },
};
