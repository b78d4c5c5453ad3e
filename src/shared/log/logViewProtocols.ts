/**
 * The log webview speaks seven protocols on one channel: the log's own, the publish panel's, the
 * subscription editor's, the decoders' (Request Rebirth), the Topics pane's, the keyboard shortcuts' and the trace link (Show Protocol Trace). These are their messages together, as the log webview and the host's
 * `LogViewHost` see them.
 */

import type { DecoderRequests } from '../decoders/decodersProtocol';
import type { NotifyMessageOf, RequestMessageOf, ResponseMessage } from '../ipc/envelope';
import type { PublishHostNotifications, PublishRequests } from '../publish/publishProtocol';
import type { SubscriptionRequests } from '../subscriptions/subscriptionsProtocol';
import type { LogKeysHostNotifications } from '../logKeys/logKeysProtocol';
import type { TopicsHostNotifications, TopicsNotifications, TopicsRequests } from '../topics/topicsProtocol';
import type { TraceLinkHostNotifications, TraceLinkNotifications } from '../trace/traceLinkProtocol';
import type { LogHostNotifications, LogNotifications, LogRequests } from './logProtocol';

/** Requests the log webview may send. */
export type LogViewRequests = LogRequests & PublishRequests & SubscriptionRequests & DecoderRequests & TopicsRequests;
/** Notifications the log webview may send. */
export type LogViewNotifications = LogNotifications & TopicsNotifications & TraceLinkNotifications;
/** Notifications the host sends the log webview. */
export type LogViewHostNotifications = LogHostNotifications & PublishHostNotifications & LogKeysHostNotifications & TopicsHostNotifications & TraceLinkHostNotifications;

/** Everything the log webview posts to the host. */
export type LogViewToHost = RequestMessageOf<LogViewRequests> | NotifyMessageOf<LogViewNotifications>;

/** Everything the host posts to the log webview. */
export type HostToLogView = NotifyMessageOf<LogViewHostNotifications> | ResponseMessage;
