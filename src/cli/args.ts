// Command-line parsing for `agent-trail`, kept free of I/O so it can be tested directly.

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
  claudeDirs: string[];
  codexDirs: string[];
  geminiDirs: string[];
  disabled: Set<'claude-code' | 'codex' | 'gemini-cli'>;
}

export class UsageError extends Error {}

const agentFlags: Record<string, 'claude-code' | 'codex' | 'gemini-cli'> = {
  '--no-claude': 'claude-code',
  '--no-codex': 'codex',
  '--no-gemini': 'gemini-cli',
};

export function parseArgs(argv: readonly string[]): CliOptions {
  const opts: CliOptions = { command: 'help', json: false, verbose: false, restoreFiles: [], dryRun: false, yes: false, force: false, claudeDirs: [], codexDirs: [], geminiDirs: [], disabled: new Set() };
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
      case '--claude-dir':
        opts.claudeDirs.push(value());
        break;
      case '--codex-dir':
        opts.codexDirs.push(value());
        break;
      case '--gemini-dir':
        opts.geminiDirs.push(value());
        break;
      case '--help':
      case '-h':
        opts.command = 'help';
        return opts;
      case '--version':
        opts.command = 'version';
        return opts;
      default:
        if (agentFlags[name]) {
          opts.disabled.add(agentFlags[name]);
        } else if (arg.startsWith('-')) {
          throw new UsageError(`unknown option ${arg}`);
        } else {
          positional.push(arg);
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

export const helpText = `agent-trail — the history of what AI coding agents did in a workspace

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
      --claude-dir DIR  Claude Code data folder (default: $CLAUDE_CONFIG_DIR or ~/.claude); repeatable
      --codex-dir DIR   Codex data folder (default: $CODEX_HOME or ~/.codex); repeatable
      --gemini-dir DIR  Gemini CLI data folder (default: ~/.gemini); repeatable
      --no-claude, --no-codex, --no-gemini   skip that agent
      --cache-dir DIR   where the index lives (default: $XDG_CACHE_HOME/agent-trail/<workspace hash>)
  -v, --verbose         log indexing details to stderr
  -h, --help            this help
      --version         the version

Session ids may be abbreviated to a unique prefix. Exit code 0 on success, 1 on error, 2 on bad usage.
`;
