/**
 * The log view's way to the protocol trace: one notification from its header's Trace button. The
 * host opens (or reveals) the trace panel of the log's connection.
 */

import { noParams, type NoMessages, type WebviewProtocol } from '../ipc/webviewProtocol';

/** Notifications the log view may send about the trace. */
export interface TraceLinkNotifications {
  /** Show the protocol trace of this log's connection. */
  'trace/show': Record<string, never>;
}

export const traceLinkProtocol: WebviewProtocol<NoMessages, TraceLinkNotifications, NoMessages> = {
  requests: {},
  notifications: { 'trace/show': noParams },
};
