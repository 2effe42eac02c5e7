// The extension's one LogOutputChannel ("Agent Trail"). Lines are `[component]`-tagged, errors carry their stack,
// and the level filter follows *Developer: Set Log Level…*. The index worker's own lines are forwarded at their level.
import { inspect } from 'node:util';
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { LogLevel } from '../indexer/indexService';

export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  /** Shutdown work (flushing the index) may still log after the channel is gone. */
  private disposed = false;

  constructor(name = 'Agent Trail') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  trace(message: string, component: string): void {
    if (this.disposed) {
      return;
    }
    this.channel.trace(tag(component, message));
  }

  debug(message: string, component: string): void {
    if (this.disposed) {
      return;
    }
    this.channel.debug(tag(component, message));
  }

  info(message: string, component: string): void {
    if (this.disposed) {
      return;
    }
    this.channel.info(tag(component, message));
  }

  warn(message: string, component: string): void {
    if (this.disposed) {
      return;
    }
    this.channel.warn(tag(component, message));
  }

  error(error: unknown, component: string, context?: string): void {
    if (this.disposed) {
      return;
    }
    const body = describeError(error);
    this.channel.error(tag(component, context ? `${context}: ${body}` : body));
  }

  /** Writes a line at a level named by the index worker; without a component the line is written as is. */
  write(level: LogLevel, message: string, component?: string): void {
    if (component === undefined) {
      this.writeRaw(level, message);
      return;
    }
    switch (level) {
      case 'trace':
        this.trace(message, component);
        break;
      case 'debug':
        this.debug(message, component);
        break;
      case 'info':
        this.info(message, component);
        break;
      case 'warn':
        this.warn(message, component);
        break;
      case 'error':
        this.error(message, component);
        break;
    }
  }

  private writeRaw(level: LogLevel, line: string): void {
    if (this.disposed) {
      return;
    }
    switch (level) {
      case 'trace':
        this.channel.trace(line);
        break;
      case 'debug':
        this.channel.debug(line);
        break;
      case 'info':
        this.channel.info(line);
        break;
      case 'warn':
        this.channel.warn(line);
        break;
      case 'error':
        this.channel.error(line);
        break;
    }
  }

  /**
   * Logs the failure with its stack and shows a short notification with a way to the details.
   * Returned promise settles when the notification is closed; callers never need to await it.
   */
  async reportError(error: unknown, component: string, userMessage: string): Promise<void> {
    this.error(error, component, userMessage);
    const choice = await vscode.window.showErrorMessage(`${userMessage}: ${shortErrorMessage(error)}`, 'Show Log');
    if (choice === 'Show Log') {
      this.show();
    }
  }

  /** The core Logger port, for code that must not import `vscode`. */
  forComponent(component: string): Logger {
    return {
      trace: (m) => this.trace(m, component),
      debug: (m) => this.debug(m, component),
      info: (m) => this.info(m, component),
      warn: (m) => this.warn(m, component),
      error: (m) => this.error(m, component),
    };
  }

  show(): void {
    if (!this.disposed) {
      this.channel.show(true);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.channel.dispose();
  }
}

function tag(component: string, message: string): string {
  return `[${component}] ${message}`;
}

/** Full detail for the log: the stack (which starts with the message), causes included. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const own = error.stack ?? `${error.name}: ${error.message}`;
    return error.cause === undefined ? own : `${own}\nCaused by: ${describeError(error.cause)}`;
  }
  if (typeof error === 'string') {
    return error;
  }
  return inspect(error, { depth: 6 });
}

/** One line for a notification. */
export function shortErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : inspect(error, { depth: 2 });
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
