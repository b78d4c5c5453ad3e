import type { RequestMessage, ResponseMessage } from './envelope';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (reason: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Raised when the other side answered a request with an error; the message is user-facing. */
export class RequestError extends Error {
  override name = 'RequestError';
}

/**
 * Sends requests with ids and resolves them from responses. Every request settles exactly once:
 * with the result, with the other side's error, with a timeout, or when the tracker is disposed.
 */
export class RequestTracker<Requests extends { [M in keyof Requests]: { params: unknown; result: unknown } }> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly post: (message: RequestMessage) => void,
    private readonly timeoutMs = 15_000,
  ) {}

  request<M extends keyof Requests & string>(method: M, params: Requests[M]['params']): Promise<Requests[M]['result']> {
    const id = this.nextId++;
    return new Promise<Requests[M]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError(`${method} timed out after ${Math.round(this.timeoutMs / 1000)} s`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve, reject, timer });
      try {
        this.post({ kind: 'request', id, method, params });
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Settles the matching request; returns false when no request waits for this id. */
  handleResponse(message: ResponseMessage): boolean {
    const entry = this.pending.get(message.id);
    if (!entry) return false;
    this.pending.delete(message.id);
    clearTimeout(entry.timer);
    if (message.error !== undefined) entry.reject(new RequestError(message.error));
    else entry.resolve(message.result);
    return true;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  dispose(): void {
    for (const [, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new RequestError('the view was closed'));
    }
    this.pending.clear();
  }
}
