// File names as Cursor's state.vscdb writes them (docs/formats/cursorStateVscdb.md §4): `file://` URI strings (the
// keys of `originalFileStates`, workspace.json's `folder`) or serialized VS Code URI objects (`{$mid, fsPath?,
// _fsPath?, external?, path, scheme}` in checkpoints and code blocks). Other schemes (a remote's
// `vscode-remote://…`) name no file on this machine and give undefined.
import { isObject, nonEmpty } from '../../../core/jsonValues';
import { normalizePath } from '../../../core/paths';

/** A Windows drive path written as a URI path (`/c:/x`): the drive letter first, as fsPath gives it. */
function fromUriPath(path: string): string {
  const p = /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
  return normalizePath(p);
}

/** The absolute path of a `file://` URI string; undefined for another scheme or a malformed URI. */
export function pathOfFileUri(uri: string): string | undefined {
  const m = /^file:\/\/([^/]*)(\/.*)$/i.exec(uri);
  if (!m) {
    return undefined;
  }
  try {
    const path = decodeURIComponent(m[2]);
    // A UNC share (`file://server/share/x`) keeps its host.
    return m[1] ? normalizePath(`//${decodeURIComponent(m[1])}${path}`) : fromUriPath(path);
  } catch {
    return undefined;
  }
}

/** The absolute path of a URI as Cursor stores it: a string, or a serialized VS Code URI object. */
export function pathOfUri(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return pathOfFileUri(value) ?? (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) ? normalizePath(value) : undefined);
  }
  if (!isObject(value)) {
    return undefined;
  }
  const scheme = nonEmpty(value.scheme);
  if (scheme !== undefined && scheme !== 'file') {
    return undefined;
  }
  const fsPath = nonEmpty(value.fsPath) ?? nonEmpty(value._fsPath);
  if (fsPath) {
    return normalizePath(fsPath);
  }
  const path = nonEmpty(value.path);
  if (path) {
    return fromUriPath(path);
  }
  const external = nonEmpty(value.external) ?? nonEmpty(value._formatted);
  return external ? pathOfFileUri(external) : undefined;
}
