// Files a shell command changes, read from its text: redirections (`>`, `>>`), `sed -i`, `rm`, `mv`, `cp`, `tee`,
// `touch`, `truncate`, `git mv`/`git rm`. The transcripts record no content for them, so a checkpoint that depends
// on such a change is reported as not restorable instead of silently restoring an older recorded state. Plain
// forms only; words with globs, variables or command substitution are skipped rather than guessed.
import { isWithin, normalizePath } from '../paths';
import { shellTokens } from '../shellWords';

const unsafe = /[*?[\]$`{}~]/;

function operands(words: readonly string[]): string[] {
  const out: string[] = [];
  let options = true;
  for (const w of words) {
    if (options && w === '--') {
      options = false;
    } else if (options && w.startsWith('-') && w !== '-') {
      continue;
    } else {
      out.push(w);
    }
  }
  return out;
}

/** Absolute paths of the files `command`, run in `cwd`, writes, deletes or moves. */
export function shellWrites(command: string, cwd: string): string[] {
  const found: string[] = [];
  const add = (p: string): void => {
    if (p === '' || unsafe.test(p) || p === '/dev/null' || p.startsWith('/dev/')) {
      return;
    }
    const abs = normalizePath(p.startsWith('/') ? p : `${normalizePath(cwd)}/${p.replace(/^\.\//, '')}`);
    if (!found.includes(abs) && isWithin(abs, cwd)) {
      found.push(abs);
    }
  };
  const tokens = shellTokens(command);
  let words: string[] = [];
  const flush = (): void => {
    let [name, ...args] = words;
    if (name === 'sudo' || name === 'command') {
      [name, ...args] = args;
    }
    const ops = operands(args);
    if (name === 'git' && (args[0] === 'mv' || args[0] === 'rm')) {
      operands(args.slice(1)).forEach(add);
    } else if (name === 'sed' && args.some((a) => a === '-i' || a.startsWith('-i') || a === '--in-place' || a.startsWith('--in-place='))) {
      // The first operand is the script (also with -e, whose argument operands() keeps as one).
      ops.slice(1).forEach(add);
    } else if (name === 'rm' || name === 'tee' || name === 'touch' || name === 'truncate' || name === 'mv') {
      ops.forEach(add);
    } else if (name === 'cp' && ops.length >= 2) {
      add(ops[ops.length - 1]);
    }
    words = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.op && (t.text === '>' || t.text === '>>')) {
      const target = tokens[i + 1];
      if (target && !target.op) {
        add(target.text);
        i++;
      }
      continue;
    }
    if (t.op) {
      flush();
      continue;
    }
    words.push(t.text);
  }
  flush();
  return found;
}
