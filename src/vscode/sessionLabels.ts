// Labels, descriptions and tooltips for the Sessions view. Pure (no `vscode`): tooltips are returned as Markdown
// source and wrapped in a MarkdownString by the nodes, so all wording is unit-tested here.
import { pluralize } from '../core/plural';
import { format, formatDistanceStrict, isSameDay, isValid, parseISO } from 'date-fns';
import { agentLabels, type AgentId, type FileChangeOp, type Timestamp } from '../core/model';
import type { ChangedFileSummary, CommandSummary, PromptSummary, SessionSummary } from '../core/readModel';
import { displayPath, type PathContext } from './paths';

const maxLabelLength = 80;
const maxTooltipTextLength = 4000;

export function agentLabel(agent: AgentId): string {
  return agentLabels[agent] ?? agent;
}

export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) {
    return text;
  }
  return `${text.slice(0, Math.max(0, maxLength - 1)).trimEnd()}…`;
}

/** First non-blank line, whitespace collapsed, truncated with an ellipsis. */
export function firstLine(text: string, maxLength = maxLabelLength): string {
  const line = text.split(/\r?\n/).find((l) => l.trim().length > 0) ?? '';
  return truncate(line.replace(/\s+/g, ' ').trim(), maxLength);
}

export function parseTimestamp(ts: Timestamp | undefined): Date | undefined {
  if (!ts) {
    return undefined;
  }
  const d = parseISO(ts);
  return isValid(d) ? d : undefined;
}

/** "3 minutes ago" (date-fns strict distance, as formatDistanceToNowStrict with an injectable clock); '' if unparsable. */
export function relativeTime(ts: Timestamp | undefined, now: number = Date.now()): string {
  const d = parseTimestamp(ts);
  return d ? formatDistanceStrict(d, now, { addSuffix: true }) : '';
}

/** "Nov 20, 2025, 2:02 PM" in local time; the raw value when it cannot be parsed. */
export function absoluteTime(ts: Timestamp | undefined): string {
  const d = parseTimestamp(ts);
  return d ? format(d, 'PPp') : (ts ?? '');
}

/** Time of day for today's prompts, date and time otherwise. */
export function shortTime(ts: Timestamp | undefined, now: number = Date.now()): string {
  const d = parseTimestamp(ts);
  if (!d) {
    return '';
  }
  return isSameDay(d, now) ? format(d, 'p') : format(d, 'MMM d, p');
}


/** Escapes Markdown syntax so transcript text renders literally in a tooltip. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$&]/g, '\\$&');
}

/** Escaped text whose line breaks survive Markdown rendering. */
export function markdownParagraphs(text: string): string {
  return escapeMarkdown(text)
    .split(/\r?\n/)
    .map((line) => line.replace(/^( +)/, (m) => '&nbsp;'.repeat(m.length)))
    .join('  \n');
}

/** A fenced code block whose fence is longer than any backtick run inside the text. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

/** Inline code span that survives backticks inside the value. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

// ── Sessions ────────────────────────────────────────────────────────────────────────────────────────────────

export function sessionLabel(session: SessionSummary): string {
  return firstLine(session.title) || `Session ${session.id.slice(0, 8)}`;
}

export function sessionDescription(session: SessionSummary, now: number = Date.now()): string {
  const when = relativeTime(session.updatedAt, now);
  return when ? `${agentLabel(session.agent)} · ${when}` : agentLabel(session.agent);
}

export function sessionTooltip(session: SessionSummary, paths: PathContext, now: number = Date.now()): string {
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(truncate(session.title.trim() || sessionLabel(session), 300))}**`);
  lines.push('');
  const kind = session.parentSessionId ? `${agentLabel(session.agent)} subagent session` : `${agentLabel(session.agent)} session`;
  lines.push(`${kind} ${inlineCode(session.id)}`);
  lines.push('');
  lines.push('---');
  lines.push('');
  const rows: string[] = [];
  if (session.cwd) {
    rows.push(`$(folder) ${inlineCode(displayPath(session.cwd, paths))}`);
  }
  if (session.models.length > 0) {
    rows.push(`$(hubot) ${session.models.map(inlineCode).join(', ')}`);
  }
  if (session.cliVersion) {
    rows.push(`$(versions) ${escapeMarkdown(agentLabel(session.agent))} ${inlineCode(session.cliVersion)}`);
  }
  rows.push(`$(clock) Started ${escapeMarkdown(absoluteTime(session.startedAt))}`);
  const updated = relativeTime(session.updatedAt, now);
  rows.push(
    `$(history) Updated ${escapeMarkdown(absoluteTime(session.updatedAt))}${updated ? ` (${escapeMarkdown(updated)})` : ''}`,
  );
  lines.push(rows.join('  \n'));
  lines.push('');
  lines.push('---');
  lines.push('');
  lines.push(
    [
      `$(comment) ${pluralize(session.promptCount, 'prompt')}`,
      `$(diff) ${pluralize(session.filesChanged, 'file')} changed`,
      `$(terminal) ${pluralize(session.commandCount, 'command')}`,
    ].join(' &nbsp;·&nbsp; '),
  );
  return lines.join('\n');
}

// ── Prompts ─────────────────────────────────────────────────────────────────────────────────────────────────

export function promptLabel(prompt: PromptSummary): string {
  const text = firstLine(prompt.text);
  return text ? `#${prompt.index} ${text}` : `#${prompt.index} (empty prompt)`;
}

export function promptDescription(prompt: PromptSummary, now: number = Date.now()): string {
  return shortTime(prompt.timestamp, now);
}

export function promptTooltip(prompt: PromptSummary): string {
  const lines: string[] = [];
  lines.push(`**Prompt #${prompt.index}** · ${escapeMarkdown(absoluteTime(prompt.timestamp))}`);
  lines.push('');
  lines.push('---');
  lines.push('');
  lines.push(markdownParagraphs(truncate(prompt.text.trim(), maxTooltipTextLength)) || '_(empty prompt)_');
  const counts: string[] = [];
  if (prompt.filesChanged.length > 0) {
    counts.push(`$(diff) ${pluralize(prompt.filesChanged.length, 'file')} changed`);
  }
  if (prompt.filesRead.length > 0) {
    counts.push(`$(eye) ${pluralize(prompt.filesRead.length, 'file')} read`);
  }
  if (prompt.commands.length > 0) {
    counts.push(`$(terminal) ${pluralize(prompt.commands.length, 'command')}`);
  }
  if (counts.length > 0) {
    lines.push('');
    lines.push('---');
    lines.push('');
    lines.push(counts.join(' &nbsp;·&nbsp; '));
  }
  return lines.join('\n');
}

// ── Files ───────────────────────────────────────────────────────────────────────────────────────────────────

const opLabels: Readonly<Record<FileChangeOp, string>> = {
  create: 'created',
  update: 'modified',
  delete: 'deleted',
  rename: 'renamed',
};

export function changeOpLabel(op: FileChangeOp): string {
  return opLabels[op] ?? op;
}

/** "modified · src/core", "renamed → src/new.ts". */
export function changedFileDescription(change: ChangedFileSummary, paths: PathContext): string {
  if (change.op === 'rename' && change.movePath) {
    return `${changeOpLabel(change.op)} → ${displayPath(change.movePath, paths)}`;
  }
  const dir = parentOfDisplay(displayPath(change.path, paths));
  return dir ? `${changeOpLabel(change.op)} · ${dir}` : changeOpLabel(change.op);
}

export function changedFileTooltip(change: ChangedFileSummary, paths: PathContext): string {
  const lines = [`$(diff) **${escapeMarkdown(changeOpLabel(change.op))}** ${inlineCode(displayPath(change.path, paths))}`];
  if (change.op === 'rename' && change.movePath) {
    lines.push(`$(arrow-right) ${inlineCode(displayPath(change.movePath, paths))}`);
  }
  if (change.changeCount > 1) {
    lines.push(`${change.changeCount} edits in this prompt`);
  }
  lines.push('');
  lines.push('_Click to open the changes this prompt made._');
  return lines.join('  \n');
}

export function readFileDescription(path: string, paths: PathContext): string {
  const dir = parentOfDisplay(displayPath(path, paths));
  return dir ? `read · ${dir}` : 'read';
}

function parentOfDisplay(shown: string): string {
  const i = shown.lastIndexOf('/');
  if (i < 0) {
    return '';
  }
  return i === 0 ? '/' : shown.slice(0, i);
}

// ── Commands ────────────────────────────────────────────────────────────────────────────────────────────────

export type CommandStatus = 'passed' | 'failed' | 'unknown';

export function commandStatus(command: CommandSummary): CommandStatus {
  if (command.exitCode === null || command.exitCode === undefined) {
    return command.failed ? 'failed' : 'unknown';
  }
  return command.exitCode === 0 ? 'passed' : 'failed';
}

export function commandLabel(command: CommandSummary): string {
  return firstLine(command.command) || '(empty command)';
}

export function commandDescription(command: CommandSummary): string {
  switch (commandStatus(command)) {
    case 'failed':
      return command.exitCode === null ? 'failed' : `exit ${command.exitCode}`;
    case 'unknown':
      return 'no exit code';
    default:
      return '';
  }
}

export function commandTooltip(command: CommandSummary): string {
  const status = commandStatus(command);
  const exit =
    command.exitCode === null
      ? status === 'failed'
        ? 'failed (no exit code recorded)'
        : 'exit code not recorded'
      : `exit code ${command.exitCode}${status === 'passed' ? '' : ' (failed)'}`;
  const when = absoluteTime(command.timestamp);
  const lines = [`$(terminal) **Command** · ${escapeMarkdown(exit)}${when ? ` · ${escapeMarkdown(when)}` : ''}`, ''];
  lines.push(codeBlock(truncate(command.command, maxTooltipTextLength), 'sh'));
  const output = command.outputPreview.replace(/\s+$/, '');
  lines.push('');
  if (output) {
    lines.push('Output (first lines):');
    lines.push('');
    lines.push(codeBlock(truncate(output, maxTooltipTextLength), 'text'));
  } else {
    lines.push('_No output recorded._');
  }
  return lines.join('\n');
}
