// Reads and writes the `agentTrail.blame.*` settings (validation is blameConfig.ts's).
import * as vscode from 'vscode';
import { configSection } from '../config';
import { normalizeBlameSettings, type BlameSettings } from './blameConfig';

const blameSection = 'blame';

export function readBlameSettings(): BlameSettings {
  const cfg = vscode.workspace.getConfiguration(configSection);
  return normalizeBlameSettings((path) => cfg.get<unknown>(`${blameSection}.${path}`));
}

/** Whether a change touches `agentTrail.blame` (or one setting below it, e.g. `codeLens`). */
export function blameSettingChanged(e: vscode.ConfigurationChangeEvent, path?: string): boolean {
  return e.affectsConfiguration(`${configSection}.${blameSection}${path ? `.${path}` : ''}`);
}

/**
 * Flips `agentTrail.blame.lineAnnotation.enabled` in the user settings, and in the workspace settings when they set it
 * too (they would override the user setting, and the toggle would seem to do nothing). Returns the new state.
 */
export async function toggleLineBlame(): Promise<boolean> {
  const key = `${blameSection}.lineAnnotation.enabled`;
  const cfg = vscode.workspace.getConfiguration(configSection);
  const next = !readBlameSettings().lineAnnotation.enabled;
  await cfg.update(key, next, vscode.ConfigurationTarget.Global);
  const inspected = cfg.inspect<boolean>(key);
  if (inspected?.workspaceValue !== undefined) {
    await cfg.update(key, next, vscode.ConfigurationTarget.Workspace);
  }
  return next;
}
