// GitHub Copilot Chat in VS Code in the agent registry (agentDescriptor.ts). Its data roots are editors' `User`
// folders and workspace storage folders (discovery.ts); the watch scope follows both shapes (paths.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { copilotChatAdapter } from './copilotChatAdapter';
import { belowStorage, descendBelowStorage, kindBelowStorage } from './paths';

export const copilotChatAgent: AgentDescriptor = {
  id: 'copilot-chat',
  label: 'Copilot Chat',
  settingKey: 'copilotChat',
  cliName: 'copilot-chat',
  icon: { codicon: 'comment-discussion', color: 'terminal.ansiBlue' },
  defaultFolders:
    "the editor's storage folder of the open workspace, and `workspaceStorage/` in every VS Code-family editor's user folder (Code, Insiders, VSCodium, Cursor, Windsurf) and in `~/.vscode-server/data/User`, `~/.vscode-server-insiders/data/User` and `~/.local/share/code-server/User`",
  blame: true,
  watch: {
    descend: (s) => {
      if (s[0] === 'workspaceStorage' && s.length <= 2) {
        return true;
      }
      const rest = belowStorage(s);
      return rest !== undefined && descendBelowStorage(rest);
    },
    relevant: (s) => {
      const rest = belowStorage(s);
      const kind = rest === undefined ? undefined : kindBelowStorage(rest);
      return kind === undefined ? undefined : kind === 'layout' ? 'layout' : 'transcript';
    },
  },
  adapter: copilotChatAdapter as AgentAdapter,
};
