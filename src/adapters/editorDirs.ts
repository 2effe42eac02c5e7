// Where editors of the VS Code family keep their user data (`…/<Editor>/User`): agents that run as editor extensions
// (Cline, GitHub Copilot Chat, Cursor's own agent) keep their sessions under its `globalStorage/<extension id>/` and
// `workspaceStorage/<hash>/` folders, so those adapters need these folders as much as a CLI agent needs HOME.
import { join } from 'node:path';

/** Product folder names of the editors whose data agents may keep sessions in. */
const editors = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf'];

/**
 * Every editor's `User` folder on this platform, whether it exists or not (adapters look for their own data under
 * them; a missing one is an editor not installed). `running`: the editor this extension runs in, first, when known
 * (a portable or remote install keeps its data elsewhere).
 */
export function editorUserDirs(home: string, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, running?: string): string[] {
  const base =
    platform === 'win32'
      ? env.APPDATA || join(home, 'AppData', 'Roaming')
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : env.XDG_CONFIG_HOME || join(home, '.config');
  const dirs = editors.map((e) => join(base, e, 'User'));
  return running === undefined ? dirs : [running, ...dirs.filter((d) => d !== running)];
}
