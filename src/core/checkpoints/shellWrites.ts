// Files a shell command changes, read from its text: redirections (`>`, `>>`), `sed -i`, `rm`, `mv`, `cp`, `tee`,
// `touch`, `truncate`, `git mv`/`git rm`. The transcripts record no content for them, so a checkpoint that depends
// on such a change is reported as not restorable instead of silently restoring an older recorded state. Plain
// forms only; words with globs, variables or command substitution are skipped rather than guessed.
import { isWithin, normalizePath } from '../paths';

interface Word {
  text: string;
  /** An unquoted operator: `>`, `>>`, `&&`, `;`, `|`, newline … */
  op?: boolean;
}

function tokenize(command: string): Word[] {
  const out: Word[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  const heredocs: string[] = [];
  const end = (): void => {
    if (inWord) {
      out.push({ text: word });
    }
    word = '';
    inWord = false;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) {
        quote = undefined;
      } else if (c === '\\' && quote === '"' && i + 1 < command.length) {
        word += command[++i];
      } else {
        word += c;
      }
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
      continue;
    }
    if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
      continue;
    }
    if (c === '\n') {
      end();
      out.push({ text: '\n', op: true });
      // Heredoc bodies are data, not commands.
      while (heredocs.length > 0) {
        const delimiter = heredocs.shift() ?? '';
        const lines = command.slice(i + 1).split('\n');
        let consumed = 0;
        for (const line of lines) {
          consumed += line.length + 1;
          if (line.replace(/^\t+/, '') === delimiter) {
            break;
          }
        }
        i += consumed;
      }
      continue;
    }
    if (c === ' ' || c === '\t') {
      end();
      continue;
    }
    if (c === '<' && command[i + 1] === '<') {
      end();
      const m = /^<<-?\s*(['"]?)([\w.-]+)\1/.exec(command.slice(i));
      if (m) {
        heredocs.push(m[2]);
        i += m[0].length - 1;
        continue;
      }
    }
    if (c === '>' || c === '&' || c === '|' || c === ';') {
      // `2>&1`, `>&2`: fd duplications, not files.
      const dup = /^(>>?|&>>?)&?\d*/.exec(command.slice(i));
      if (c === '>' || (c === '&' && command[i + 1] === '>')) {
        const fdPrefix = inWord && /^\d+$/.test(word);
        if (fdPrefix) {
          word = '';
          inWord = false;
        }
        end();
        const text = dup ? dup[0] : c;
        if (/&\d*$/.test(text) && text.includes('>&')) {
          i += text.length - 1;
          continue;
        }
        out.push({ text: text.replace(/^&/, ''), op: true });
        i += text.length - 1;
        continue;
      }
      end();
      const two = command.slice(i, i + 2);
      const text = two === '&&' || two === '||' ? two : c;
      out.push({ text, op: true });
      i += text.length - 1;
      continue;
    }
    word += c;
    inWord = true;
  }
  end();
  return out;
}

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
  const tokens = tokenize(command);
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
