// Command-line parsing for `agent-trail`, kept free of I/O so it can be tested directly.

export interface CliOptions {
  command: 'sessions' | 'show' | 'blame' | 'help' | 'version';
  sessionId?: string;
  /** `blame`: the file, and `-` when its current content comes from stdin (`--contents -`). */
  file?: string;
  contents?: string;
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
  const opts: CliOptions = { command: 'help', json: false, verbose: false, claudeDirs: [], codexDirs: [], geminiDirs: [], disabled: new Set() };
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
  throw new UsageError(`unknown command ${command}`);
}

export const helpText = `agent-trail — the history of what AI coding agents did in a workspace

Usage:
  agent-trail sessions [--workspace DIR] [--json]
  agent-trail show <session-id> [--workspace DIR] [--json]
  agent-trail blame <file> [--workspace DIR] [--contents -] [--json]

Options:
  -w, --workspace DIR   the workspace (default: git top level of the current directory, else it)
      --json            machine-readable output
      --contents -      blame: read the file's current content from stdin (like git blame --contents)
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
