// The one error type for "the files Agent Trail keeps cannot be written": a storage folder that cannot be created or
// is read-only, a full disk, a failed write. Its message is one line meant for the user (the CLI prints it as is);
// `path` and `code` say which file and which system error, for callers that react to them.

export type StorageFailure = 'folder' | 'write';

export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    /** `folder`: the storage folder is unusable; `write`: one file could not be written (the previous one stays). */
    readonly failure: StorageFailure,
    readonly path: string,
    message: string,
    /** The system error code (ENOSPC, EACCES, EROFS…) when there was one. */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `EACCES: permission denied, open '/x'` → `permission denied (EACCES)`: the path is said once, by the caller. */
export function systemReason(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  const bare = message.replace(/^E[A-Z]+:\s*/, '').replace(/,\s*\w+\s+'[^']*'(\s*->\s*'[^']*')?$/, '');
  return code && !bare.includes(code) ? `${bare} (${code})` : bare;
}

export function errorCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Wraps a failed write of `path`; a StorageError passes through unchanged. */
export function writeFailure(path: string, err: unknown): StorageError {
  if (err instanceof StorageError) {
    return err;
  }
  return new StorageError('write', path, `cannot write ${path}: ${systemReason(err)}`, errorCode(err), { cause: err });
}
