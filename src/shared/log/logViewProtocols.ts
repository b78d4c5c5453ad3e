/**
 * The log webview speaks four protocols on one channel: the log's own, the publish panel's, the
 * subscription editor's and the Topics pane's. These are their messages together, as the log webview and the host's
 * `LogViewHost` see them.
 */

import type { NotifyMessageOf, RequestMessageOf, ResponseMessage } from '../ipc/envelope';
import type { PublishHostNotifications, PublishRequests } from '../publish/publishProtocol';
import type { SubscriptionRequests } from '../subscriptions/subscriptionsProtocol';
import type { TopicsHostNotifications, TopicsNotifications, TopicsRequests } from '../topics/topicsProtocol';
import type { LogHostNotifications, LogNotifications, LogRequests } from './logProtocol';

/** Requests the log webview may send. */
export type LogViewRequests = LogRequests & PublishRequests & SubscriptionRequests & TopicsRequests;
/** Notifications the log webview may send. */
export type LogViewNotifications = LogNotifications & TopicsNotifications;
/** Notifications the host sends the log webview. */
export type LogViewHostNotifications = LogHostNotifications & PublishHostNotifications & TopicsHostNotifications;

/** Everything the log webview posts to the host. */
export type LogViewToHost = RequestMessageOf<LogViewRequests> | NotifyMessageOf<LogViewNotifications>;

/** Everything the host posts to the log webview. */
export type HostToLogView = NotifyMessageOf<LogViewHostNotifications> | ResponseMessage;
