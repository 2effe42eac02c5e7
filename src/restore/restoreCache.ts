// Where the CLI keeps a workspace's index and restore records: $XDG_CACHE_HOME/agent-trail/<hash of the workspace
// path>. The editor writes its restore records there too, so `agent-trail restore --undo <id>` and the editor's
// Undo Restore see each other's restores.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export function workspaceCacheDir(workspace: string, env: NodeJS.ProcessEnv, home: string): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== '' ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(base, 'agent-trail', createHash('sha256').update(workspace).digest('hex').slice(0, 16));
}
