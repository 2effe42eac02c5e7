// Renames made through the shell (`mv a b`, `git mv a b`): a renamed file keeps its lines' origins, so blame must
// follow it back to its old path. Only the plain forms are recognised (options, `--`, a file or a directory as
// destination); anything with globs, variables or command substitution is left alone rather than guessed.
import { isWithin, normalizePath } from '../paths';
import { simpleCommands } from '../shellWords';

export interface ShellRename {
  from: string;
  to: string;
}

function resolve(path: string, cwd: string): string {
  return normalizePath(path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) ? path : `${cwd}/${path}`);
}

function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

/**
 * Renames a command performs, resolved against `cwd`. A destination that is an existing directory cannot be told
 * from a file name here: `isDirectory` answers for the caller (the store knows which paths were files).
 */
export function shellRenames(command: string, cwd: string, isDirectory: (path: string) => boolean = () => false): ShellRename[] {
  const renames: ShellRename[] = [];
  for (const words of simpleCommands(command)) {
    let args: string[];
    if (words[0] === 'mv') {
      args = words.slice(1);
    } else if (words[0] === 'git' && words[1] === 'mv') {
      args = words.slice(2);
    } else {
      continue;
    }
    const operands: string[] = [];
    let optionsDone = false;
    for (const a of args) {
      if (!optionsDone && a === '--') {
        optionsDone = true;
      } else if (!optionsDone && a.startsWith('-')) {
        continue;
      } else {
        operands.push(a);
      }
    }
    if (operands.length < 2 || operands.some((o) => /[*?[$`]/.test(o))) {
      continue;
    }
    const target = resolve(operands[operands.length - 1], cwd);
    const sources = operands.slice(0, -1).map((o) => resolve(o, cwd));
    const intoDirectory = sources.length > 1 || operands[operands.length - 1].endsWith('/') || isDirectory(target);
    for (const from of sources) {
      const to = intoDirectory ? `${target}/${baseName(from)}` : target;
      if (from !== to && !isWithin(from, to)) {
        renames.push({ from, to });
      }
    }
  }
  return renames;
}
