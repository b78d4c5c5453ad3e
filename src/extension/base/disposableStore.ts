import type { Disposable } from './emitter';

/** Base for objects that own other disposables: `register()` them, `dispose()` frees all once. */
export abstract class DisposableStore implements Disposable {
  private disposables: Disposable[] = [];
  private disposed = false;

  protected register<T extends Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Dispose in reverse order of registration, like a stack of resources.
    for (const d of this.disposables.reverse()) d.dispose();
    this.disposables = [];
  }
}
