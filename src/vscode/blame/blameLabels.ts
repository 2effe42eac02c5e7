// Wording of the CodeLens, the current-line annotation and the status-bar item. Pure (no `vscode`) so it is
// unit-tested with a fixed clock; the general helpers (agent labels, times, escaping) are sessionLabels.ts's.
import type { LineAttribution } from '../../core/blame/blameModel';
import { agentLabel, escapeMarkdown, firstLine, markdownParagraphs, relativeTime, truncate } from '../sessionLabels';

/** Marks every blame label, so it reads as Agent Trail's and not the language's or git's. */
export const blameGlyph = '✦';

const lensPromptLength = 60;
const annotationPromptLength = 50;
const statusTooltipLines = 10;
const statusTooltipChars = 1500;

/**
 * CodeLens titles and status-bar text render `$(name)` as an icon; prompt text must show it literally. (The escape
 * is understood only in front of a valid icon name, so only those get one.)
 */
export function escapeIcons(text: string): string {
  return text.replace(/\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g, '\\$&');
}

/**
 * Transcript text for a MarkdownString that renders theme icons: VS Code replaces `$(name)` after unescaping the
 * Markdown, so the icon escape goes under the Markdown escape (escapeMarkdown alone still shows an icon).
 */
export function markdownLiteral(text: string): string {
  return escapeMarkdown(escapeIcons(text));
}

/** markdownLiteral, keeping line breaks and leading spaces (sessionLabels' markdownParagraphs). */
export function markdownLiteralParagraphs(text: string): string {
  return markdownParagraphs(escapeIcons(text));
}

/** The prompt's first non-blank line, collapsed and truncated. */
export function promptSnippet(prompt: string, maxLength: number): string {
  return firstLine(prompt, maxLength) || '(empty prompt)';
}

function promptNumber(a: LineAttribution): string {
  return `prompt ${a.promptIndex}`;
}

/** `✦ Claude Code · prompt 2 · 3 hours ago — add a divide function that…` */
export function lensTitle(a: LineAttribution, now: number): string {
  const when = relativeTime(a.timestamp, now);
  const head = [`${blameGlyph} ${agentLabel(a.agent)}`, promptNumber(a), ...(when ? [when] : [])].join(' · ');
  return escapeIcons(`${head} — ${promptSnippet(a.prompt, lensPromptLength)}`);
}

export function lensTooltip(a: LineAttribution): string {
  const session = a.sessionTitle?.trim() ? ` of “${firstLine(a.sessionTitle, 80)}”` : '';
  return `Written by ${agentLabel(a.agent)} for prompt ${a.promptIndex}${session}. Click to open the prompt in the session’s timeline.`;
}

/** `✦ Claude Code, 3 hours ago · prompt 2: add a divide function…` (after the end of the current line). */
export function annotationText(a: LineAttribution, now: number): string {
  const when = relativeTime(a.timestamp, now);
  const who = when ? `${agentLabel(a.agent)}, ${when}` : agentLabel(a.agent);
  return `${blameGlyph} ${who} · ${promptNumber(a)}: ${promptSnippet(a.prompt, annotationPromptLength)}`;
}

/** `✦ prompt 2 · Claude Code` */
export function statusText(a: LineAttribution): string {
  return escapeIcons(`${blameGlyph} ${promptNumber(a)} · ${agentLabel(a.agent)}`);
}

/** Markdown: the prompt's first lines, who and when, and what a click does. */
export function statusTooltip(a: LineAttribution, now: number): string {
  const when = relativeTime(a.timestamp, now);
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(`${blameGlyph} Prompt ${a.promptIndex}`)}** · ${escapeMarkdown(agentLabel(a.agent))}${when ? ` · ${escapeMarkdown(when)}` : ''}`);
  lines.push('');
  const text = a.prompt.trim();
  const all = text.split(/\r?\n/);
  const shown = truncate(all.slice(0, statusTooltipLines).join('\n'), statusTooltipChars);
  lines.push(markdownLiteralParagraphs(shown) || '_(empty prompt)_');
  if (all.length > statusTooltipLines) {
    lines.push('');
    lines.push('…');
  }
  lines.push('');
  lines.push('_Click to show the prompt in the Sessions view._');
  return lines.join('\n');
}
