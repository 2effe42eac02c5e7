// The hover on an attributed line, as Markdown source. Pure (no `vscode`): blameHover.ts wraps it in a MarkdownString
// that trusts only the two commands linked here. Every transcript text is escaped (or fenced) before it gets here.
import type { LineAttribution } from '../../core/blame/blameModel';
import type { PromptSummary } from '../../core/readModel';
import { baseName, displayPath, normalizeSlashes, type PathContext } from '../paths';
import { pluralize } from '../../core/plural';
import { absoluteTime, agentLabel, changeOpLabel, commandStatus, escapeMarkdown, firstLine, inlineCode, relativeTime, truncate } from '../sessionLabels';
import { blameGlyph, markdownLiteral, markdownLiteralParagraphs } from './blameLabels';
import { commandLink, promptRef } from './promptRef';

export const revealPromptCommand = 'agentTrail.revealPrompt';
export const copyPromptCommand = 'agentTrail.copyPrompt';
/** Takes a PromptRef: opens the session's timeline scrolled to the prompt. */
export const openTimelineCommand = 'agentTrail.openTimeline';
/** Takes (sessionKey, beforePrompt, path): the restore preview of this one file (src/vscode/restore). */
export const restoreFileCommand = 'agentTrail.restoreFile';
/** The only commands the hover's MarkdownString may run. */
export const hoverCommands: readonly string[] = [openTimelineCommand, revealPromptCommand, copyPromptCommand, restoreFileCommand];

const maxPromptLines = 20;
const maxPromptChars = 4000;
const maxListedFiles = 10;
const maxListedCommands = 10;

export interface BlameHoverInput {
  attribution: LineAttribution;
  /** The prompt as the index lists it (files changed, commands); absent when it could not be loaded. */
  summary?: PromptSummary;
  /** The hovered file (absolute). */
  path: string;
  paths: PathContext;
  now: number;
  /** Offer "Restore this file to before this prompt" (only in trusted workspaces: restore writes files). */
  restore?: boolean;
}

export interface FoldedText {
  shown: string;
  /** Lines not shown. */
  hiddenLines: number;
  /** The shown lines were cut short as well (a prompt of few, very long lines). */
  truncated: boolean;
}

/** The first `maxLines` lines of a prompt (and at most `maxChars` characters); the rest is counted. */
export function foldPrompt(text: string, maxLines = maxPromptLines, maxChars = maxPromptChars): FoldedText {
  const lines = text.replace(/\s+$/, '').split(/\r?\n/);
  const head = lines.slice(0, maxLines).join('\n');
  const shown = truncate(head, maxChars);
  return { shown, hiddenLines: Math.max(0, lines.length - maxLines), truncated: shown !== head };
}

export function blameHoverMarkdown(input: BlameHoverInput): string {
  const { attribution: a, summary, now } = input;
  const out: string[] = [];
  const when = relativeTime(a.timestamp, now);

  out.push(`**${escapeMarkdown(`${blameGlyph} ${agentLabel(a.agent)}`)}** · prompt ${a.promptIndex}${when ? ` · ${escapeMarkdown(when)}` : ''}`);
  if (a.sessionTitle?.trim()) {
    out.push('');
    out.push(`$(comment-discussion) ${markdownLiteral(firstLine(a.sessionTitle, 200))}`);
  }
  out.push('', '---', '');

  const folded = foldPrompt(a.prompt.trim());
  out.push(markdownLiteralParagraphs(folded.shown) || '_(empty prompt)_');
  if (folded.hiddenLines > 0 || folded.truncated) {
    out.push('');
    const more = folded.hiddenLines > 0 ? `${pluralize(folded.hiddenLines, 'more line')}` : 'Shortened';
    out.push(`_(${more} — Copy Prompt for the full text)_`);
  }
  out.push('', '---', '');

  const facts: string[] = [];
  if (a.model) {
    facts.push(`$(hubot) ${inlineCode(a.model)}`);
  }
  facts.push(`$(clock) ${escapeMarkdown(absoluteTime(a.timestamp))}${when ? ` (${escapeMarkdown(when)})` : ''}`);
  if (a.via === 'observed') {
    // Seen, not recorded: no tool call names the change (a Cursor composer's edit the extension watched happen).
    facts.push(`$(eye) Observed, not recorded: the file changed while this ${escapeMarkdown(agentLabel(a.agent))} session was working`);
  } else {
    // The tool and how it wrote; the agent's internal call id means nothing to a reader (the timeline has the step).
    facts.push(`$(tools) ${inlineCode(a.tool)} · ${escapeMarkdown(a.via)}`);
  }
  if (summary?.otherBranch !== undefined) {
    // Pi `/tree`: the session went on from an earlier point, but nothing reverted what this prompt wrote.
    facts.push(`$(git-branch) On ${markdownLiteral(summary.otherBranch)}, not the conversation the session ended on (its changes stayed on disk)`);
  }
  out.push(facts.join('  \n'));

  if (summary) {
    const others = otherFiles(summary, input.path);
    if (others.length > 0) {
      out.push('');
      out.push(`**Also changed** (${others.length})`);
      out.push('');
      for (const f of others.slice(0, maxListedFiles)) {
        out.push(`- ${inlineCode(displayPath(f.path, input.paths))} · ${escapeMarkdown(f.label)}`);
      }
      if (others.length > maxListedFiles) {
        out.push(`- _and ${others.length - maxListedFiles} more_`);
      }
    }
    if (summary.commands.length > 0) {
      out.push('');
      out.push(`**Commands** (${summary.commands.length})`);
      out.push('');
      for (const c of summary.commands.slice(0, maxListedCommands)) {
        out.push(`- ${statusIcon(c)} ${inlineCode(firstLine(c.command, 80) || '(empty command)')} · ${escapeMarkdown(exitText(c))}`);
      }
      if (summary.commands.length > maxListedCommands) {
        out.push(`- _and ${summary.commands.length - maxListedCommands} more_`);
      }
    }
  }

  out.push('', '---', '');
  const ref = promptRef(a);
  out.push(
    [
      `[$(history) Open Timeline](${commandLink(openTimelineCommand, ref)} "Show this prompt in the session's timeline")`,
      `[$(list-tree) Reveal in Sessions](${commandLink(revealPromptCommand, ref)} "Show this prompt in the Sessions view")`,
      `[$(copy) Copy Prompt](${commandLink(copyPromptCommand, ref)} "Copy the full prompt text")`,
    ].join(' &nbsp;·&nbsp; '),
  );
  if (input.restore) {
    // Only the key, the number and the hovered path travel in the link; the preview asks before writing anything.
    out.push('', `[$(discard) Restore this file to before this prompt](${commandLink(restoreFileCommand, a.sessionKey, a.promptIndex, input.path)} "Preview and restore this file as it was before prompt ${a.promptIndex}")`);
  }
  return out.join('\n');
}

interface OtherFile {
  path: string;
  label: string;
}

/** The files the prompt changed besides this one (after a rename: under its new name), each once. */
function otherFiles(summary: PromptSummary, path: string): OtherFile[] {
  const self = comparable(path);
  const seen = new Set<string>([self]);
  const out: OtherFile[] = [];
  for (const change of summary.filesChanged) {
    const target = change.op === 'rename' && change.movePath ? change.movePath : change.path;
    const key = comparable(target);
    if (seen.has(key) || comparable(change.path) === self) {
      continue;
    }
    seen.add(key);
    out.push({ path: target, label: change.op === 'rename' && change.movePath ? `renamed from ${baseName(change.path)}` : changeOpLabel(change.op) });
  }
  return out;
}

/** Windows drive paths compare case-insensitively. */
function comparable(path: string): string {
  const p = normalizeSlashes(path);
  return /^[a-zA-Z]:/.test(p) ? p.toLowerCase() : p;
}

function statusIcon(c: PromptSummary['commands'][number]): string {
  switch (commandStatus(c)) {
    case 'passed':
      return '$(pass)';
    case 'failed':
      return '$(error)';
    default:
      return '$(question)';
  }
}

function exitText(c: PromptSummary['commands'][number]): string {
  if (c.exitCode === null || c.exitCode === undefined) {
    return c.failed ? 'failed, no exit code' : 'no exit code';
  }
  return `exit ${c.exitCode}`;
}
