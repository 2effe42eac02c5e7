// Claude Code tool names → normalized tool kinds. Names not listed (TodoWrite, WebFetch, WebSearch, MCP
// `mcp__server__tool`, Skill, …) are 'other': they neither touch the work tree nor read it.
import type { ToolKind } from '../../core/model';

const KINDS: Readonly<Record<string, ToolKind>> = {
  Read: 'read',
  NotebookRead: 'read',
  Edit: 'edit',
  MultiEdit: 'edit',
  NotebookEdit: 'edit',
  Write: 'write',
  Bash: 'shell',
  PowerShell: 'shell',
  Glob: 'search',
  Grep: 'search',
  LS: 'search',
  // `Task` until 2.1.62, `Agent` from 2.1.63.
  Task: 'agent',
  Agent: 'agent',
};

export function toolKind(name: string): ToolKind {
  return Object.prototype.hasOwnProperty.call(KINDS, name) ? KINDS[name] : 'other';
}

export function isShellTool(name: string): boolean {
  return name === 'Bash' || name === 'PowerShell';
}

export function isAgentTool(name: string): boolean {
  return name === 'Task' || name === 'Agent';
}
