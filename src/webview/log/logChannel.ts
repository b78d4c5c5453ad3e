import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LogViewHostNotifications, LogViewNotifications, LogViewRequests } from '../../shared/log/logViewProtocols';
import { WebviewChannel } from '../ipc/webviewChannel';
import type { VsCodeApi } from '../ipc/vscodeApi';

/**
 * The log webview's channel to the host: it speaks the log's protocol, the publish panel's and the
 * subscription editor's (see `LogViewRequests`).
 */
export class LogChannel extends WebviewChannel<LogViewRequests, LogViewNotifications, LogViewHostNotifications> {
  constructor(api: VsCodeApi, target: Window = window) {
    super(api, undefined, target);
  }
}

export const LogChannelContext = createContext<LogChannel | undefined>(undefined);

export function useLogChannel(): LogChannel {
  const channel = useContext(LogChannelContext);
  if (!channel) throw new Error('useLogChannel() outside <LogChannelContext.Provider>');
  return channel;
}
