import type { RequestMessage, RequestTable, ResponseMessage } from '../../shared/ipc/envelope';
import { RequestTracker } from '../../shared/ipc/requestTracker';
import type { VsCodeApi } from './vscodeApi';

/**
 * A webview's end of its protocols (one or several: their tables joined with `&`): posts
 * notifications and requests (through the shared `RequestTracker`, so every request settles with a
 * result, the host's error or a timeout) and hands each host notification to the listeners of its
 * method. Host messages arrive as `message` events on window; anything else posted there, and any
 * notification nobody listens to, is ignored.
 */
export class WebviewChannel<Requests extends RequestTable<Requests>, Notifications, HostNotifications> {
  private readonly tracker: RequestTracker<Requests>;
  private readonly listeners = new Map<string, Set<(params: never) => void>>();

  constructor(
    private readonly api: VsCodeApi,
    timeoutMs?: number,
    private readonly target: Window = window,
  ) {
    this.tracker = new RequestTracker<Requests>((message: RequestMessage) => {
      this.api.postMessage(message);
    }, timeoutMs);
    target.addEventListener('message', this.onMessage);
  }

  notify<M extends keyof Notifications & string>(method: M, params: Notifications[M]): void {
    this.api.postMessage({ kind: 'notify', method, params });
  }

  request<M extends keyof Requests & string>(method: M, params: Requests[M]['params']): Promise<Requests[M]['result']> {
    return this.tracker.request(method, params);
  }

  /** Calls `listener` with the params of every `method` notification until the returned function is called. */
  on<M extends keyof HostNotifications & string>(method: M, listener: (params: HostNotifications[M]) => void): () => void {
    let set = this.listeners.get(method);
    if (!set) this.listeners.set(method, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  dispose(): void {
    this.target.removeEventListener('message', this.onMessage);
    this.tracker.dispose();
    this.listeners.clear();
  }

  private readonly onMessage = (event: MessageEvent<unknown>): void => {
    const message = event.data;
    if (typeof message !== 'object' || message === null) return;
    const { kind, method, params } = message as { kind?: unknown; method?: unknown; params?: unknown };
    if (kind === 'response') {
      if (typeof (message as { id?: unknown }).id === 'number') this.tracker.handleResponse(message as ResponseMessage);
      return;
    }
    if (kind !== 'notify' || typeof method !== 'string') return;
    // The host is trusted: its params are what its protocol says they are.
    for (const listener of this.listeners.get(method) ?? []) listener(params as never);
  };
}
