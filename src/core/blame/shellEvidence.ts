// Evidence that a change the edit tools do not record was made by an agent's shell command (sed -i, printf >>,
// heredocs). A line is credited to a shell run only on evidence, in this order:
//   1. its text appears in a command that names the file (heredoc bodies, printf/echo strings, decoded \n);
//   2. it contains the replacement of a `sed s///` in a command that names the file;
//   3. the change is bracketed by two states recorded by edits of one prompt, and every shell command run between
//      them belongs to that prompt, at least one of which names the file (a window that spans a new user prompt may
//      hold a hand edit, so it proves nothing).
// Short lines ("}", "fi") are too common for rule 1 alone; they are credited when a neighbouring changed line was
// credited to the same run and the run's command contains them too.
import type { LineAttribution, ShellRun } from './blameModel';

export interface ChangeWindow {
  /** Epoch ms of the last state known before the change (undefined: since the beginning). */
  from?: number;
  /** Epoch ms of the first state known after it (undefined: up to now, the window is open). */
  to?: number;
  /** Prompt keys (`sessionKey NUL promptId`) of the edits that recorded the bracketing states, when edits did. */
  fromPrompt?: string;
  toPrompt?: string;
}

export function promptKey(origin: { sessionKey: string; promptId: string }): string {
  return `${origin.sessionKey}\u0000${origin.promptId}`;
}

interface PreparedRun {
  run: ShellRun;
  start: number;
  end: number;
  /** The command plus its decoded escapes, searched for line texts. */
  haystack: string;
  sedReplacements: string[];
  promptKey: string;
}

/** Lines shorter than this, or without a letter or digit, are too common to be evidence on their own. */
const minLineLength = 3;

function significant(line: string): boolean {
  return line.length >= minLineLength && /[\p{L}\p{N}]/u.test(line);
}

export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

function decodeEscapes(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(["'\\$`])/g, '$1');
}

/** Replacement parts of `s<d>pattern<d>replacement<d>` expressions in a command (any delimiter). */
function sedReplacements(command: string): string[] {
  if (!/\bsed\b/.test(command)) {
    return [];
  }
  const out: string[] = [];
  const re = /(?:^|[\s'";])s([^\w\s\\])((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1/g;
  for (let m = re.exec(command); m; m = re.exec(command)) {
    const replacement = decodeEscapes(m[3].replace(new RegExp(`\\\\${m[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g'), m[1]));
    if (replacement.trim().length >= 3) {
      out.push(replacement);
    }
  }
  return out;
}

function time(iso: string | undefined): number | undefined {
  if (!iso) {
    return undefined;
  }
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export class ShellEvidence {
  /** Runs whose command names the file (by any of its names), in time order. */
  private readonly naming: PreparedRun[];
  private readonly all: PreparedRun[];

  /** `names`: every path the file had (renames followed); matched by base name in the commands. */
  constructor(runs: readonly ShellRun[], names: readonly string[]) {
    const bases = [...new Set(names.map(baseName).filter((b) => b.length > 0))];
    this.all = runs
      .map((run) => {
        const start = time(run.startedAt) ?? 0;
        return {
          run,
          start,
          end: time(run.endedAt) ?? start,
          haystack: `${run.command}\n${decodeEscapes(run.command)}`,
          sedReplacements: sedReplacements(run.command),
          promptKey: promptKey(run.origin),
        };
      })
      .sort((x, y) => x.start - y.start || x.run.seq - y.run.seq);
    this.naming = this.all.filter((p) => bases.some((b) => p.run.command.includes(b)));
  }

  get hasCandidates(): boolean {
    return this.naming.length > 0;
  }

  private inWindow(p: PreparedRun, w: ChangeWindow): boolean {
    return (w.to === undefined || p.start <= w.to) && (w.from === undefined || p.end >= w.from);
  }

  /**
   * Attributions for the changed lines `texts` (one changed block or several) that appeared in window `w`; null where
   * there is no evidence. Latest matching run wins: it is the one that left the text there.
   */
  attribute(texts: readonly string[], w: ChangeWindow): (LineAttribution | null)[] {
    const out: (LineAttribution | null)[] = texts.map(() => null);
    if (this.naming.length === 0 || texts.length === 0) {
      return out;
    }
    const candidates = this.naming.filter((p) => this.inWindow(p, w));
    if (candidates.length === 0) {
      return out;
    }
    const chosen: (PreparedRun | undefined)[] = texts.map((text) => {
      const t = text.trim();
      if (!significant(t)) {
        return undefined;
      }
      for (let i = candidates.length - 1; i >= 0; i--) {
        const p = candidates[i];
        if (p.haystack.includes(t) || p.sedReplacements.some((r) => text.includes(r))) {
          return p;
        }
      }
      return undefined;
    });
    // Short lines next to a credited line of the same command.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < texts.length; i++) {
        const t = texts[i].trim();
        if (chosen[i] || t.length === 0) {
          continue;
        }
        const near = chosen[i - 1] ?? chosen[i + 1];
        if (near && near.haystack.includes(t)) {
          chosen[i] = near;
        }
      }
    }
    // A bracketed window in which only one prompt ran shell commands.
    if (w.from !== undefined && w.to !== undefined && w.fromPrompt !== undefined && w.fromPrompt === w.toPrompt && chosen.some((c) => !c)) {
      const ran = this.all.filter((p) => this.inWindow(p, w));
      const prompts = new Set(ran.map((p) => p.promptKey));
      if (prompts.size === 1 && prompts.has(w.fromPrompt)) {
        const last = candidates[candidates.length - 1];
        for (let i = 0; i < texts.length; i++) {
          if (!chosen[i] && texts[i].trim().length > 0) {
            chosen[i] = last;
          }
        }
      }
    }
    return chosen.map((p) => (p ? toAttribution(p.run) : null));
  }
}

function toAttribution(run: ShellRun): LineAttribution {
  return { ...run.origin, via: 'shell', timestamp: run.startedAt };
}
