import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type {
  HostNotificationMethod,
  HostToWebview,
  ResponseMessage,
  WebviewNotificationMethod,
  WebviewNotifications,
  WebviewRequestMethod,
  WebviewRequests,
  WebviewToHost,
} from '../shared/protocol';
import { RequestTracker } from '../shared/requestTracker';
import type { VsCodeApi } from './vscodeApi';

/** A notification from the host, narrowed by its method. */
export type HostNotification = Extract<HostToWebview, { kind: 'notify' }>;

const HOST_METHODS: ReadonlySet<string> = new Set<HostNotificationMethod>(['log/snapshot', 'log/tail', 'connection/state']);

/**
 * The webview's typed side of the protocol: posts notifications and requests (through the shared
 * `RequestTracker`, so every request settles with a result, the host's error or a timeout) and
 * hands host notifications to its listeners. Host messages arrive as `message` events on window.
 */
export class HostClient {
  private readonly tracker: RequestTracker<WebviewRequests>;
  private readonly listeners = new Set<(message: HostNotification) => void>();

  constructor(
    private readonly api: VsCodeApi,
    private readonly target: Window = window,
  ) {
    this.tracker = new RequestTracker<WebviewRequests>((message) => {
      this.api.postMessage(message);
    });
    target.addEventListener('message', this.onMessage);
  }

  notify<M extends WebviewNotificationMethod>(method: M, params: WebviewNotifications[M]): void {
    this.post({ kind: 'notify', method, params } as WebviewToHost);
  }

  request<M extends WebviewRequestMethod>(method: M, params: WebviewRequests[M]['params']): Promise<WebviewRequests[M]['result']> {
    return this.tracker.request(method, params);
  }

  /** Calls `listener` for every host notification until the returned function is called. */
  onNotification(listener: (message: HostNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.target.removeEventListener('message', this.onMessage);
    this.tracker.dispose();
    this.listeners.clear();
  }

  private post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  private readonly onMessage = (event: MessageEvent<unknown>): void => {
    const message = event.data;
    if (typeof message !== 'object' || message === null) return;
    const { kind } = message as { kind?: unknown };
    if (kind === 'response') {
      if (typeof (message as { id?: unknown }).id === 'number') this.tracker.handleResponse(message as ResponseMessage);
      return;
    }
    if (kind !== 'notify' || !HOST_METHODS.has(String((message as { method?: unknown }).method))) return;
    for (const listener of this.listeners) listener(message as HostNotification);
  };
}

export const HostClientContext = createContext<HostClient | undefined>(undefined);

export function useHostClient(): HostClient {
  const client = useContext(HostClientContext);
  if (!client) throw new Error('useHostClient() outside <HostClientContext.Provider>');
  return client;
}
