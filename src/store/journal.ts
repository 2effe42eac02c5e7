// The archive journal: every batch of (blob-referenced) operations the indexer applied, per transcript, append
// only. Agents delete their transcripts (Claude Code after 30 days); when the DB must be rebuilt (corrupt file,
// new schema), replaying the journal brings back every session whose transcript is gone.
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AgentId } from '../core/model';
import type { StoredOp } from './storedOps';

export interface JournalHeader {
  v: 1;
  source: string;
  agent: AgentId;
  mode: 'append' | 'whole';
}

export interface JournalEntry {
  header: JournalHeader;
  batches: StoredOp[][];
  /** Lines that could not be read back (a crash mid-append leaves at most one). */
  damagedLines: number;
}

export class Journal {
  /** Journals written since the last sync(): made durable together with the blob archive, before the DB. */
  private readonly unsynced = new Set<string>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private fileFor(source: string): string {
    return join(this.dir, `${createHash('sha1').update(source).digest('hex').slice(0, 32)}.jsonl`);
  }

  /** Appends one batch for an `append` transcript (creating the journal with its header). */
  append(header: JournalHeader, ops: readonly StoredOp[]): void {
    if (ops.length === 0) {
      return;
    }
    const file = this.fileFor(header.source);
    const prefix = existsSync(file) ? '' : `${JSON.stringify(header)}\n`;
    appendFileSync(file, `${prefix}${JSON.stringify(ops)}\n`);
    this.unsynced.add(file);
  }

  /** Replaces the journal of a `whole` transcript: its latest full parse is the whole truth. */
  replace(header: JournalHeader, ops: readonly StoredOp[]): void {
    const file = this.fileFor(header.source);
    const text = `${JSON.stringify(header)}\n${JSON.stringify(ops)}\n`;
    if (!existsSync(file)) {
      // Nothing to protect yet: a crash leaves at most a torn last line, which readAll() counts and skips.
      writeFileSync(file, text);
      this.unsynced.add(file);
      return;
    }
    // An existing journal is replaced atomically: a crash must leave the old one or the new one, whole.
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    this.unsynced.delete(file);
  }

  /** fsyncs the journals written since the last call. */
  sync(): void {
    for (const file of this.unsynced) {
      let fd: number | undefined;
      try {
        fd = openSync(file, 'r');
        fsyncSync(fd);
      } catch {
        // Renamed or removed meanwhile: nothing left to make durable.
      } finally {
        if (fd !== undefined) {
          closeSync(fd);
        }
      }
    }
    this.unsynced.clear();
  }

  /** Every journal, for a rebuild. */
  readAll(): JournalEntry[] {
    const entries: JournalEntry[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.jsonl'));
    } catch {
      return entries;
    }
    for (const name of names) {
      let text: string;
      try {
        text = readFileSync(join(this.dir, name), 'utf8');
      } catch {
        continue;
      }
      const lines = text.split('\n');
      let header: JournalHeader | undefined;
      const batches: StoredOp[][] = [];
      let damagedLines = 0;
      for (const line of lines) {
        if (!line) {
          continue;
        }
        try {
          const value: unknown = JSON.parse(line);
          if (!header) {
            header = value as JournalHeader;
          } else if (Array.isArray(value)) {
            batches.push(value as StoredOp[]);
          }
        } catch {
          damagedLines++;
        }
      }
      if (header && typeof header.source === 'string') {
        entries.push({ header, batches, damagedLines });
      }
    }
    return entries;
  }
}
