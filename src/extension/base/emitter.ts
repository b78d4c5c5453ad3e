/**
 * A typed event emitter shaped like `vscode.EventEmitter`, so that the connection layer and the
 * store run (and are tested) in plain Node without the `vscode` module.
 */
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners: ((e: T) => void)[] = [];

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  };

  fire(e: T): void {
    // Copy: a listener may dispose itself (or others) while we iterate.
    for (const l of this.listeners.slice()) l(e);
  }

  get listenerCount(): number {
    return this.listeners.length;
  }

  dispose(): void {
    this.listeners = [];
  }
}
