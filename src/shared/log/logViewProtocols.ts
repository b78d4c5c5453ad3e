/**
 * The log webview speaks three protocols on one channel: the log's own, the publish panel's and the
 * subscription editor's. These are their messages together, as the log webview and the host's
 * `LogViewHost` see them.
 */

import type { NotifyMessageOf, RequestMessageOf, ResponseMessage } from '../ipc/envelope';
import type { PublishHostNotifications, PublishRequests } from '../publish/publishProtocol';
import type { SubscriptionRequests } from '../subscriptions/subscriptionsProtocol';
import type { TraceLinkNotifications } from '../trace/traceLinkProtocol';
import type { LogHostNotifications, LogNotifications, LogRequests } from './logProtocol';

/** Requests the log webview may send. */
export type LogViewRequests = LogRequests & PublishRequests & SubscriptionRequests;
/** Notifications the log webview may send. */
export type LogViewNotifications = LogNotifications & TraceLinkNotifications;
/** Notifications the host sends the log webview. */
export type LogViewHostNotifications = LogHostNotifications & PublishHostNotifications;

/** Everything the log webview posts to the host. */
export type LogViewToHost = RequestMessageOf<LogViewRequests> | NotifyMessageOf<LogViewNotifications>;

/** Everything the host posts to the log webview. */
export type HostToLogView = NotifyMessageOf<LogViewHostNotifications> | ResponseMessage;
