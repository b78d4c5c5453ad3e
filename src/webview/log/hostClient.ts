import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { HostNotificationMethod, HostToWebview, WebviewNotifications, WebviewRequests } from '../../shared/protocol';
import { HostChannel } from '../ipc/hostChannel';
import type { VsCodeApi } from '../ipc/vscodeApi';

/** A notification from the host, narrowed by its method. */
export type HostNotification = Extract<HostToWebview, { kind: 'notify' }>;

const HOST_METHODS: ReadonlySet<string> = new Set<HostNotificationMethod>(['log/snapshot', 'log/tail', 'connection/state', 'publish/repeat']);

/** The log view's side of the protocol (see `HostChannel`). */
export class HostClient extends HostChannel<WebviewRequests, WebviewNotifications, HostNotification> {
  constructor(api: VsCodeApi, target: Window = window) {
    super(api, HOST_METHODS, undefined, target);
  }
}

export const HostClientContext = createContext<HostClient | undefined>(undefined);

export function useHostClient(): HostClient {
  const client = useContext(HostClientContext);
  if (!client) throw new Error('useHostClient() outside <HostClientContext.Provider>');
  return client;
}
