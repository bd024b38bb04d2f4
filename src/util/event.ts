import { EventEmitter } from 'node:events';

/** A disposable subscription; structurally compatible with `vscode.Disposable`. */
export interface Disposable {
  dispose(): void;
}

/**
 * An event subscription function, structurally compatible with `vscode.Event<T>` so services
 * outside the editor layer can be unit-tested without the `vscode` module.
 */
export type Event<T> = (listener: (e: T) => unknown) => Disposable;

/** Minimal typed emitter on top of Node's `EventEmitter` (mirrors `vscode.EventEmitter`). */
export class Emitter<T> implements Disposable {
  private readonly inner = new EventEmitter();

  /** Subscribe; returns a Disposable that unsubscribes. */
  readonly event: Event<T> = (listener) => {
    const wrapped = (e: T): void => {
      try {
        listener(e);
      } catch {
        // A failing listener must not break the emitter or the other listeners.
      }
    };
    this.inner.on('e', wrapped);
    return { dispose: () => this.inner.off('e', wrapped) };
  };

  /** Deliver `e` to every current listener, synchronously. */
  fire(e: T): void {
    this.inner.emit('e', e);
  }

  dispose(): void {
    this.inner.removeAllListeners();
  }
}
