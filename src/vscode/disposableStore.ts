// What a component owns and must let go of together: listeners, watchers, providers, child components. Disposed in
// the reverse order of adding (a listener goes before what it listens to), each once, and one that throws does not
// keep the others alive.
import type * as vscode from 'vscode';

export class DisposableStore implements vscode.Disposable {
  private items: vscode.Disposable[] = [];
  private disposed = false;

  /** `onError`: told of a disposable that threw (default: ignored, the rest are still disposed). */
  constructor(private readonly onError: (err: unknown) => void = () => undefined) {}

  /** Owns `items` from now on; after this store was disposed they are disposed at once. */
  push(...items: vscode.Disposable[]): void {
    if (this.disposed) {
      items.reverse().forEach((d) => this.disposeOne(d));
      return;
    }
    this.items.push(...items);
  }

  dispose(): void {
    this.disposed = true;
    const items = this.items;
    this.items = [];
    for (const d of items.reverse()) {
      this.disposeOne(d);
    }
  }

  private disposeOne(d: vscode.Disposable): void {
    try {
      d.dispose();
    } catch (err) {
      this.onError(err);
    }
  }
}
