// Where Pi keeps its sessions (docs/formats/pi.md, dist/config.js and core/session-manager.js of 0.73.1):
// - `<agent dir>/sessions/--<cwd, encoded>--/<time>_<uuid>.jsonl`; the agent dir is `$PI_CODING_AGENT_DIR` (`~`
//   expanded) or `~/.pi/agent`;
// - with `--session-dir`, `$PI_CODING_AGENT_SESSION_DIR` or `sessionDir` in `<agent dir>/settings.json`, the files lie
//   directly in that folder, whatever their cwd.
// A folder the user names may be any of the three: the agent dir, its `sessions/`, or a session dir of its own.
// The folder name encodes the cwd lossily (`/`, `\` and `:` all become `-`: `/w/demo/repo` and `/w/demo-repo` share
// one), so it only rules folders out; the header's `cwd` (line 1 of every file) decides.
import { closeSync, openSync, readFileSync, readSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { AdapterEnvironment, TranscriptFile } from '../adapter';
import { errorMessage, listDir } from '../listDir';
import type { ParseIssue } from '../../core/ops';
import { mayBelongTo } from '../../core/paths';
import { isObject, nonEmpty } from '../../core/jsonValues';

/** Pi's `expandTildePath`: `~` and `~/…` are the home folder. */
function expandTilde(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? join(home, p.slice(2)) : p;
}

/** `sessionDir` of the agent's settings.json, when it names an absolute (or `~`) folder. */
function settingsSessionDir(agentDir: string, home: string): string | undefined {
  try {
    const settings: unknown = JSON.parse(readFileSync(join(agentDir, 'settings.json'), 'utf8'));
    const dir = isObject(settings) ? nonEmpty(settings.sessionDir) : undefined;
    const expanded = dir !== undefined ? expandTilde(dir, home) : undefined;
    // A relative sessionDir is relative to wherever Pi was started: no one folder to read.
    return expanded !== undefined && (expanded.startsWith('/') || /^[A-Za-z]:[\\/]/.test(expanded)) ? expanded : undefined;
  } catch {
    return undefined;
  }
}

export function piDefaultRoots(env: AdapterEnvironment): string[] {
  const configured = env.env.PI_CODING_AGENT_DIR?.trim();
  const agentDir = configured ? expandTilde(configured, env.home) : join(env.home, '.pi', 'agent');
  const roots = [agentDir];
  const sessionDir = env.env.PI_CODING_AGENT_SESSION_DIR?.trim();
  const flat = sessionDir ? expandTilde(sessionDir, env.home) : settingsSessionDir(agentDir, env.home);
  if (flat !== undefined && !roots.includes(flat)) {
    roots.push(flat);
  }
  return roots;
}

/** Pi's folder name for a cwd (session-manager.js `getDefaultSessionDir`), without the `--` around it. */
export function encodeCwd(cwd: string): string {
  return cwd.replace(/^[/\\]/, '').replace(/[/\\:]/g, '-');
}

/**
 * Whether a session folder `--<encoded>--` may hold sessions of `folder`: a cwd inside the folder or above it
 * encodes to a string that extends, or is extended by, the folder's own encoding at a `-`. Drive letters and
 * Windows paths compare case-insensitively.
 */
function folderMayMatch(encoded: string, folder: string): boolean {
  const ci = /^[A-Za-z]:/.test(folder) || /^[A-Za-z]-/.test(encoded);
  const a = ci ? encoded.toLowerCase() : encoded;
  const b = ci ? encodeCwd(folder).toLowerCase() : encodeCwd(folder);
  return a === b || a.startsWith(`${b}-`) || b.startsWith(`${a}-`);
}

const headerLimit = 64 * 1024;

/** The header's cwd (line 1), or undefined when line 1 is not a session header with one. */
function headerCwd(path: string): string | undefined {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(headerLimit);
    const n = readSync(fd, buf, 0, headerLimit, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const end = text.indexOf('\n');
    const header: unknown = JSON.parse(end >= 0 ? text.slice(0, end) : text);
    return isObject(header) && header.type === 'session' ? nonEmpty(header.cwd) : undefined;
  } catch (err) {
    if (err instanceof SyntaxError) {
      return undefined;
    }
    throw err;
  } finally {
    closeSync(fd);
  }
}

const isSessionFile = (e: Dirent): boolean => e.isFile() && e.name.endsWith('.jsonl');

export async function discoverPiTranscripts(roots: string[], workspaceFolders: string[], issues: ParseIssue[]): Promise<TranscriptFile[]> {
  const found: TranscriptFile[] = [];
  const consider = (path: string): void => {
    let cwd: string | undefined;
    try {
      cwd = headerCwd(path);
    } catch (err) {
      issues.push({ kind: 'io', file: path, message: `cannot read: ${errorMessage(err)}` });
      return;
    }
    // No readable header (a damaged first line): keep the file, its parse reports what is wrong.
    if (cwd === undefined || workspaceFolders.some((f) => mayBelongTo(cwd, f))) {
      found.push({ agent: 'pi', path, mode: 'append' });
    }
  };
  /** `--<cwd>--` folders of a sessions folder, the ones that may hold the workspace's sessions read. */
  const cwdFolders = (dir: string, entries: Dirent[]): void => {
    for (const folder of entries) {
      const m = /^--(.*)--$/.exec(folder.name);
      if (folder.isDirectory() && m && workspaceFolders.some((f) => folderMayMatch(m[1], f))) {
        (listDir(join(dir, folder.name), issues, false) ?? []).filter(isSessionFile).forEach((e) => consider(join(dir, folder.name, e.name)));
      }
    }
  };
  for (const root of roots) {
    const entries = listDir(root, issues, true);
    if (!entries) {
      continue;
    }
    // A session dir of its own (`--session-dir`): the files lie directly in it.
    entries.filter(isSessionFile).forEach((e) => consider(join(root, e.name)));
    // The agent dir, or (named by the user) its sessions folder itself.
    cwdFolders(root, entries);
    if (entries.some((e) => e.isDirectory() && e.name === 'sessions')) {
      cwdFolders(join(root, 'sessions'), listDir(join(root, 'sessions'), issues, false) ?? []);
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
