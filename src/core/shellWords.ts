// Shell command lines as words, for reading what agents' shell commands did (renames for blame, writes for
// checkpoints). Plain POSIX-shell quoting only: callers skip words with globs, variables or substitutions.

export interface ShellWord {
  text: string;
  /** An unquoted operator: `>`, `>>`, `&&`, `;`, `|`, newline … */
  op?: boolean;
}

/** Words and unquoted operators of a command line; quotes and escapes resolved, heredoc bodies skipped. */
export function shellTokens(command: string): ShellWord[] {
  const out: ShellWord[] = [];
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

/** The simple commands of a line (split at `&&`, `||`, `;`, `|`, newlines), without their redirections. */
export function simpleCommands(command: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  const tokens = shellTokens(command);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.op && (t.text === '>' || t.text === '>>')) {
      i++; // the redirection target is not an argument
      continue;
    }
    if (t.op) {
      if (words.length > 0) {
        out.push(words);
      }
      words = [];
      continue;
    }
    words.push(t.text);
  }
  if (words.length > 0) {
    out.push(words);
  }
  return out;
}
