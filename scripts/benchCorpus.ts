// Building blocks shared by the benchmarks that generate transcripts (benchIndex, benchTimelineHost): a seeded random
// source (so every run measures the same bytes), code-like text, and a JSONL writer that counts what it wrote.
import { closeSync, mkdirSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Random = () => number;

/** A linear congruential generator in [0, 1]: cheap and, unlike Math.random, the same sequence every run. */
export function seededRandom(seed: number): Random {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const words = 'const let function return if else for while import export from class new this await async true false null undefined value result error data items count index name path file line text'.split(' ');

/** `n` lines of code-looking text (indented keyword soup), each ending in a newline. About 50 bytes a line. */
export function codeLines(rand: Random, n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = 3 + Math.floor(rand() * 10);
    const parts: string[] = [];
    for (let j = 0; j < len; j++) {
      parts.push(words[Math.floor(rand() * words.length)]);
    }
    lines.push(`${'  '.repeat(Math.floor(rand() * 4))}${parts.join(' ')};`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes one JSON value per line, synchronously (generation is not what is measured). */
export class JsonlWriter {
  private readonly fd: number;
  bytes = 0;
  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }
  line(value: unknown): void {
    const s = `${JSON.stringify(value)}\n`;
    this.bytes += Buffer.byteLength(s);
    writeSync(this.fd, s);
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** Every file under `dir`, recursively (none when it cannot be read). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    const st = statSync(p);
    if (st.isDirectory()) {
      out.push(...listFiles(p));
    } else {
      out.push(p);
    }
  }
  return out;
}
