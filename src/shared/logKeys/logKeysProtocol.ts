/**
 * The log view's keyboard shortcuts: VS Code runs the command of a keybinding (see logKeys.ts), the
 * host tells the focused log view which action, and the view does what its button does.
 */

import type { NoMessages, WebviewProtocol } from '../ipc/webviewProtocol';
import type { LogKeyAction } from './logKeys';

/** Notifications the host sends the log view. */
export interface LogKeysHostNotifications {
  /** A shortcut was pressed while this view had focus. */
  'logKeys/run': { action: LogKeyAction };
}

export const logKeysProtocol: WebviewProtocol<NoMessages, NoMessages, LogKeysHostNotifications> = {
  requests: {},
  notifications: {},
};
