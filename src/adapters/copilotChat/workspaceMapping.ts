// Which folders a VS Code workspace storage folder (`User/workspaceStorage/<id>/`) belongs to: its `workspace.json`
// is `{"folder": "<uri>"}` for a folder window or `{"workspace": "<uri of a .code-workspace file>"}` for a
// multi-root workspace, whose `folders` list `{path}` (relative to the file) or `{uri}` entries. The id itself is a
// hash VS Code computes (of the folder URI and, for local folders, its creation time), so it cannot be recomputed.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { arr, isObject, obj, str } from '../../core/jsonValues';
import { normalizePath } from '../../core/paths';
import type { ParseIssue } from '../../core/ops';
import { errorMessage, isMissing } from '../listDir';

/**
 * The file system path of a `file:` URI (`file:///c%3A/x` → `c:/x`), or of a remote one's path
 * (`vscode-remote://ssh-remote+host/home/u/p` → `/home/u/p`: on a remote server the storage lives next to the files).
 */
export function fileUriPath(uri: string): string | undefined {
  const m = /^(file|vscode-remote):\/\/([^/]*)(\/.*)?$/.exec(uri);
  if (!m) {
    return undefined;
  }
  let path: string;
  try {
    path = decodeURIComponent(m[3] ?? '/');
  } catch {
    return undefined;
  }
  if (/^\/[A-Za-z]:/.test(path)) {
    path = path.slice(1);
  }
  if (m[1] === 'file' && m[2] !== '' && m[2] !== 'localhost') {
    path = `//${m[2]}${path}`; // a UNC share
  }
  return normalizePath(path);
}

/** JSON with comments and trailing commas, as `.code-workspace` files are written (strings kept intact). */
function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') {
          i++;
        }
      }
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else {
      out += c;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** The folders of a `.code-workspace` file. */
function workspaceFileFolders(file: string, issues: ParseIssue[]): string[] {
  let doc: unknown;
  try {
    doc = parseJsonc(readFileSync(file, 'utf8'));
  } catch (err) {
    if (!isMissing(err)) {
      issues.push({ kind: 'io', file, message: `workspace file cannot be read: ${errorMessage(err)}` });
    }
    return [];
  }
  const folders: string[] = [];
  for (const f of arr(obj(doc)?.folders)) {
    const o = obj(f);
    const uri = str(o?.uri);
    const path = str(o?.path);
    const p = uri !== undefined ? fileUriPath(uri) : path !== undefined ? (isAbsolute(path) ? path : join(dirname(file), path)) : undefined;
    if (p !== undefined) {
      folders.push(normalizePath(p));
    }
  }
  return folders;
}

/**
 * The folders the workspace storage folder `ws` belongs to, from its `workspace.json`; undefined when it has none
 * (an empty window's storage, or not a workspace storage folder), [] when it names nothing readable.
 */
export function workspaceStorageFolders(ws: string, issues: ParseIssue[]): string[] | undefined {
  const file = join(ws, 'workspace.json');
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if (isMissing(err)) {
      return undefined;
    }
    issues.push({ kind: 'io', file, message: `workspace.json cannot be read: ${errorMessage(err)}` });
    return [];
  }
  if (!isObject(doc)) {
    return [];
  }
  const folder = str(doc.folder);
  if (folder !== undefined) {
    const p = fileUriPath(folder);
    return p !== undefined ? [p] : [];
  }
  const workspace = str(doc.workspace) ?? str(doc.configuration);
  const file2 = workspace !== undefined ? fileUriPath(workspace) : undefined;
  return file2 !== undefined ? workspaceFileFolders(file2, issues) : [];
}
