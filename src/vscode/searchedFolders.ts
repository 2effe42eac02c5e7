// "Show Searched Folders": where the last pass looked for transcripts, per agent, and a way to change it.
// The welcome content is static text, so this is how the empty state names the actual folders.
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { agentRegistry } from '../adapters/agentRegistry';
import type { AgentId } from '../core/model';
import type { IndexStats } from '../core/readModel';
import { read as readSettings, settingId } from './config';
import type { AgentTrailSettings } from './indexConfig';
import { displayPath, type PathContext } from './paths';
import { agentLabel } from './sessionLabels';

interface FolderPick extends vscode.QuickPickItem {
  setting?: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function settingFor(agent: AgentId): string | undefined {
  const key = agentRegistry.get(agent)?.settingKey;
  return key ? settingId(`sources.${key}.folders`) : undefined;
}

/** Whether the user named the agent's folders (a missing one is then a mistake, not an agent that never ran here). */
function foldersConfigured(settings: AgentTrailSettings, agent: AgentId): boolean {
  const key = agentRegistry.get(agent)?.settingKey;
  return key !== undefined && (settings.sources[key]?.folders.length ?? 0) > 0;
}

export async function showSearchedFolders(stats: IndexStats | undefined, paths: PathContext): Promise<void> {
  if (!stats) {
    void vscode.window.showInformationMessage('Agent Trail has not finished looking for sessions yet.');
    return;
  }
  const items: FolderPick[] = [];
  const settings = readSettings();
  const agents = Object.keys(stats.searchedRoots) as AgentId[];
  for (const agent of agents) {
    const roots = stats.searchedRoots[agent] ?? [];
    const setting = settingFor(agent);
    items.push({ label: agentLabel(agent), kind: vscode.QuickPickItemKind.Separator });
    if (roots.length === 0) {
      items.push({ label: '$(circle-slash) Not searched', description: 'disabled in settings', setting });
      continue;
    }
    const configured = foldersConfigured(settings, agent);
    for (const root of roots) {
      const found = await exists(root);
      items.push({
        label: `${found ? '$(folder)' : configured ? '$(warning)' : '$(circle-outline)'} ${displayPath(root, paths)}`,
        description: found ? undefined : configured ? 'folder not found' : 'not found: the agent has not run on this machine',
        detail: root,
        setting,
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Agent Trail did not search any folder: every source is disabled.');
    return;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Folders Searched for Agent Transcripts',
    placeHolder: 'Pick a folder to change where Agent Trail looks for that agent',
    matchOnDetail: true,
  });
  if (pick?.setting) {
    await vscode.commands.executeCommand('workbench.action.openSettings', pick.setting);
  }
}
