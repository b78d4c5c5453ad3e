import type { RequestMessage, ResponseMessage } from '../../shared/protocol';
import { RequestTracker } from '../../shared/ipc/requestTracker';
import type { VsCodeApi } from './vscodeApi';

/**
 * One webview's typed side of the protocol, shared by the log view and the profile form: posts
 * notifications and requests (through the shared `RequestTracker`, so every request settles with a
 * result, the host's error or a timeout) and hands the host's notifications whose method is in
 * `hostMethods` to its listeners. Host messages arrive as `message` events on window; anything
 * else posted there is ignored.
 */
export class HostChannel<
  Requests extends { [M in keyof Requests]: { params: unknown; result: unknown } },
  Notifications,
  HostNotification extends { kind: 'notify'; method: string },
> {
  private readonly tracker: RequestTracker<Requests>;
  private readonly listeners = new Set<(message: HostNotification) => void>();

  constructor(
    private readonly api: VsCodeApi,
    private readonly hostMethods: ReadonlySet<string>,
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

  private readonly onMessage = (event: MessageEvent<unknown>): void => {
    const message = event.data;
    if (typeof message !== 'object' || message === null) return;
    const { kind } = message as { kind?: unknown };
    if (kind === 'response') {
      if (typeof (message as { id?: unknown }).id === 'number') this.tracker.handleResponse(message as ResponseMessage);
      return;
    }
    if (kind !== 'notify' || !this.hostMethods.has(String((message as { method?: unknown }).method))) return;
    for (const listener of this.listeners) listener(message as HostNotification);
  };
}
