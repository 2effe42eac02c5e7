// Command-line parsing for `agent-trail`, kept free of I/O so it can be tested directly.
import { agentRegistry, type AgentRegistry } from '../adapters/agentRegistry';
import type { AgentId } from '../core/model';

export interface CliOptions {
  command: 'sessions' | 'show' | 'blame' | 'checkpoints' | 'restore' | 'help' | 'version';
  sessionId?: string;
  /** `blame`: the file, and `-` when its current content comes from stdin (`--contents -`). */
  file?: string;
  contents?: string;
  /** `restore`: the checkpoint, the files to limit it to, and how to apply it. */
  beforePrompt?: number;
  restoreFiles: string[];
  dryRun: boolean;
  yes: boolean;
  force: boolean;
  undo?: string;
  workspace?: string;
  json: boolean;
  verbose: boolean;
  cacheDir?: string;
  /** `--<cliName>-dir DIR` per agent (adapters/agentDescriptor.ts), in the order given. */
  agentDirs: Partial<Record<AgentId, string[]>>;
  /** `--no-<cliName>`. */
  disabled: Set<AgentId>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], registry: AgentRegistry = agentRegistry): CliOptions {
  const opts: CliOptions = { command: 'help', json: false, verbose: false, restoreFiles: [], dryRun: false, yes: false, force: false, agentDirs: {}, disabled: new Set() };
  const dirFlags = new Map(registry.all.map((d) => [`--${d.cliName}-dir`, d.id]));
  const skipFlags = new Map(registry.all.map((d) => [`--no-${d.cliName}`, d.id]));
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        return arg.slice(eq + 1);
      }
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`${arg} needs a value`);
      }
      i++;
      return next;
    };
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    switch (name) {
      case '--json':
        opts.json = true;
        break;
      case '--verbose':
      case '-v':
        opts.verbose = true;
        break;
      case '--workspace':
      case '-w':
        opts.workspace = value();
        break;
      case '--before-prompt': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1) {
          throw new UsageError(`--before-prompt takes a prompt number (1, 2, …), not ${v}`);
        }
        opts.beforePrompt = Number(v);
        break;
      }
      case '--file':
        opts.restoreFiles.push(value());
        break;
      case '--dry-run':
        opts.dryRun = true;
        break;
      case '--yes':
      case '-y':
        opts.yes = true;
        break;
      case '--force':
        opts.force = true;
        break;
      case '--undo':
        opts.undo = value();
        break;
      case '--cache-dir':
        opts.cacheDir = value();
        break;
      case '--contents':
        opts.contents = value();
        break;
      case '--help':
      case '-h':
        opts.command = 'help';
        return opts;
      case '--version':
        opts.command = 'version';
        return opts;
      default: {
        const dirOf = dirFlags.get(name);
        const skipped = skipFlags.get(name);
        if (dirOf !== undefined) {
          (opts.agentDirs[dirOf] ??= []).push(value());
        } else if (skipped !== undefined) {
          opts.disabled.add(skipped);
        } else if (arg.startsWith('-')) {
          throw new UsageError(`unknown option ${arg}`);
        } else {
          positional.push(arg);
        }
      }
    }
  }
  const [command, ...rest] = positional;
  if (opts.contents !== undefined && command !== 'blame') {
    throw new UsageError('--contents is an option of blame');
  }
  const restoreOnly = opts.beforePrompt !== undefined || opts.restoreFiles.length > 0 || opts.dryRun || opts.yes || opts.force || opts.undo !== undefined;
  if (restoreOnly && command !== 'restore') {
    throw new UsageError('--before-prompt, --file, --dry-run, --yes, --force and --undo are options of restore');
  }
  if (command === undefined || command === 'help') {
    opts.command = 'help';
    return opts;
  }
  if (command === 'sessions') {
    if (rest.length > 0) {
      throw new UsageError(`unexpected argument ${rest[0]}`);
    }
    opts.command = 'sessions';
    return opts;
  }
  if (command === 'show') {
    if (rest.length !== 1) {
      throw new UsageError('show needs exactly one session id');
    }
    opts.command = 'show';
    opts.sessionId = rest[0];
    return opts;
  }
  if (command === 'blame') {
    if (rest.length !== 1) {
      throw new UsageError('blame needs exactly one file');
    }
    if (opts.contents !== undefined && opts.contents !== '-') {
      throw new UsageError('--contents takes only - (read the current content from stdin)');
    }
    opts.command = 'blame';
    opts.file = rest[0];
    return opts;
  }
  if (command === 'checkpoints') {
    if (rest.length !== 1) {
      throw new UsageError('checkpoints needs exactly one session id');
    }
    opts.command = 'checkpoints';
    opts.sessionId = rest[0];
    return opts;
  }
  if (command === 'restore') {
    opts.command = 'restore';
    if (opts.undo !== undefined) {
      if (rest.length > 0 || opts.beforePrompt !== undefined || opts.restoreFiles.length > 0 || opts.dryRun) {
        throw new UsageError('restore --undo takes only the restore id');
      }
      return opts;
    }
    if (rest.length !== 1) {
      throw new UsageError('restore needs exactly one session id');
    }
    if (opts.beforePrompt === undefined) {
      throw new UsageError('restore needs --before-prompt N');
    }
    opts.sessionId = rest[0];
    return opts;
  }
  throw new UsageError(`unknown command ${command}`);
}

/** The usage text, with a data-folder flag and a skip flag per agent of `registry`. */
export function helpText(registry: AgentRegistry = agentRegistry): string {
  const agentLines = registry.all
    .map((d) => {
      const flag = `--${d.cliName}-dir DIR`;
      return `      ${flag.padEnd(17)} ${d.label} data folder (default: ${d.defaultFolders.replace(/`/g, '')}); repeatable\n`;
    })
    .join('');
  const skips = registry.all.map((d) => `--no-${d.cliName}`).join(', ');
  return `agent-trail — the history of what AI coding agents did in a workspace

Usage:
  agent-trail sessions [--workspace DIR] [--json]
  agent-trail show <session-id> [--workspace DIR] [--json]
  agent-trail blame <file> [--workspace DIR] [--contents -] [--json]
  agent-trail checkpoints <session-id> [--json]
  agent-trail restore <session-id> --before-prompt N [--file PATH]... [--dry-run] [--yes] [--force] [--json]
  agent-trail restore --undo <restore-id> [--force] [--json]

Options:
  -w, --workspace DIR   the workspace (default: git top level of the current directory, else it)
      --json            machine-readable output
      --contents -      blame: read the file's current content from stdin (like git blame --contents)
      --before-prompt N restore: the checkpoint "before prompt N" of the session
      --file PATH       restore: only this file (workspace-relative or absolute); repeatable
      --dry-run         restore: print the plan, change nothing
  -y, --yes             restore: do not ask (required without a terminal)
      --force           restore: also overwrite files changed since the session last wrote them (conflicts);
                        with --undo: also overwrite files changed since the restore (saved first)
      --undo ID         restore: put back what restore ID changed (refused for files changed since, see --force)
${agentLines}      ${skips}   skip that agent
      --cache-dir DIR   where the index lives (default: $XDG_CACHE_HOME/agent-trail/<workspace hash>)
  -v, --verbose         log indexing details to stderr
  -h, --help            this help
      --version         the version

Session ids may be abbreviated to a unique prefix. Exit code 0 on success, 1 on error, 2 on bad usage.
`;
}
