// Entry point: activate/deactivate only. Everything else is built and owned by the Container.
import * as vscode from 'vscode';
import { Container } from './vscode/container';

let container: Container | undefined;

export function activate(context: vscode.ExtensionContext): void {
  try {
    const c = Container.create(context);
    context.subscriptions.push(c);
    container = c;
    // Indexing runs in the background (and in a worker); activation never waits for it.
    c.start();
  } catch (err) {
    // VS Code does not tell people when an extension fails to activate, so say it ourselves.
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Agent Trail failed to start: ${message}`);
    throw err;
  }
}

export async function deactivate(): Promise<void> {
  const c = container;
  container = undefined;
  // Persist before VS Code disposes the subscriptions (which would stop the worker without flushing).
  await c?.shutdownIndex();
}
