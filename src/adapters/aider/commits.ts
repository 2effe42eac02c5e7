// The commits aider made, read from the repository strictly read-only (src/adapters/git/gitObjects.ts: plumbing only,
// no locks, nothing fetched): their attribution and their exact diffs (before/after of every file from the blobs).
// Aider commits every applied edit itself (aider/repo.py `GitRepo.commit`, Aider-AI/aider 0.86.3.dev, 5dc9490b) and
// prints `Commit <short hash> <message>` into the history (repo.py:313); the hash is resolved here. Attribution
// (repo.py:160-300): an aider edit carries the trailer `Co-authored-by: aider (<model>) <aider@aider.chat>` (the
// default) or an author name ending in ` (aider)` (with --no-attribute-co-authored-by or --attribute-author), or an
// `aider: ` message prefix (--attribute-commit-message-*); a commit of the user's own changes (`--commit`, /commit,
// the dirty commit before an edit) has only the committer renamed ` (aider)`.
import { gitBlobMaxBytes, objectContents, objectInfos, runGitRead, type GitSource } from '../git/gitObjects';

export type CommitAuthorship = 'aider' | 'user' | 'unmarked';

export interface CommitFileChange {
  /** Repo-relative, forward slashes. */
  rel: string;
  status: 'A' | 'M' | 'D' | 'T';
  /** Content in the parent (null: absent); undefined with `unknown` saying why (binary, too large, pruned). */
  before?: string | null;
  after?: string | null;
  unknown?: string;
}

export interface AiderCommit {
  oid: string;
  /** First parent: the checkpoint a restore of the commit's prompt goes back to. Absent: a root commit. */
  parent?: string;
  author: string;
  committer: string;
  authorTime: string;
  committerTime: string;
  subject: string;
  authorship: CommitAuthorship;
  /** The model the Co-authored-by trailer names. */
  model?: string;
  changes: CommitFileChange[];
}

const zeroOid = /^0+$/;

function signature(line: string | undefined): { name: string; time: string } {
  const m = /^(.*) <[^>]*> (\d+) [+-]\d{4}$/.exec(line ?? '');
  return m ? { name: m[1], time: new Date(Number(m[2]) * 1000).toISOString() } : { name: '', time: '' };
}

const trailerRe = /^Co-authored-by: aider \((.*)\) <aider@aider\.chat>\s*$/m;

function authorshipOf(author: string, committer: string, message: string): CommitAuthorship {
  const subject = message.split('\n')[0] ?? '';
  return trailerRe.test(message) || author.endsWith(' (aider)') || subject.startsWith('aider: ') ? 'aider' : committer.endsWith(' (aider)') ? 'user' : 'unmarked';
}

function parseCommit(oid: string, body: string): Omit<AiderCommit, 'changes'> | undefined {
  const split = body.indexOf('\n\n');
  const header = split < 0 ? body : body.slice(0, split);
  const message = split < 0 ? '' : body.slice(split + 2);
  const fields = header.split('\n');
  if (!fields[0]?.startsWith('tree ')) {
    return undefined;
  }
  const parent = fields.find((l) => l.startsWith('parent '))?.slice('parent '.length).trim();
  const author = signature(fields.find((l) => l.startsWith('author '))?.slice('author '.length));
  const committer = signature(fields.find((l) => l.startsWith('committer '))?.slice('committer '.length));
  const trailer = trailerRe.exec(message);
  const subject = message.split('\n')[0] ?? '';
  const authorship = authorshipOf(author.name, committer.name, message);
  return {
    oid,
    ...(parent ? { parent } : {}),
    author: author.name,
    committer: committer.name,
    authorTime: author.time,
    committerTime: committer.time,
    subject,
    authorship,
    ...(trailer ? { model: trailer[1] } : {}),
  };
}

/** `diff-tree --stdin -r -z --raw --root` of many commits at once: each commit's changes against its first parent. */
function commitDiffs(source: GitSource, oids: readonly string[]): Map<string, { rel: string; status: string; oldOid: string; newOid: string }[]> {
  const out = new Map<string, { rel: string; status: string; oldOid: string; newOid: string }[]>();
  if (oids.length === 0) return out;
  const r = runGitRead(source, ['diff-tree', '--stdin', '-r', '-z', '--raw', '--root', '--no-renames'], oids.join('\n') + '\n');
  if (!r.ok) throw new Error(r.reason);
  const tokens = r.stdout.toString('utf8').split('\0');
  let current: { rel: string; status: string; oldOid: string; newOid: string }[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].replace(/^\n/, '');
    if (/^[0-9a-f]{40,64}$/.test(t)) {
      current = [];
      out.set(t, current);
      continue;
    }
    const m = /^:\d+ \d+ ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(t);
    if (m && current) {
      current.push({ oldOid: m[1], newOid: m[2], status: m[3], rel: tokens[i + 1] ?? '' });
      i++;
    }
  }
  return out;
}

/** Commits read, by the name asked for; kept while the parse worker lives (a commit never changes). */
const cache = new Map<string, AiderCommit>();
const cacheLimit = 1024;

/**
 * The commits `names` (short or full hashes) resolve to in the repository at `cwd`, with their diffs: a handful of
 * git processes however many commits. A name that resolves to nothing (undone and pruned, another clone's history,
 * ambiguous) maps to undefined. Throws when git cannot read the repository at all.
 */
export function readCommits(cwd: string, names: readonly string[]): Map<string, AiderCommit | undefined> {
  const source: GitSource = { cwd };
  const out = new Map<string, AiderCommit | undefined>();
  const ask = [...new Set(names)].filter((n) => {
    const hit = cache.get(`${cwd}\0${n}`);
    if (hit) out.set(n, hit);
    return !hit && /^[0-9a-f]{4,64}$/.test(n);
  });
  if (ask.length === 0) return out;
  const infos = objectInfos(source, ask);
  const commitNames = ask.filter((n) => infos.get(n)?.type === 'commit');
  ask.filter((n) => infos.get(n)?.type !== 'commit').forEach((n) => out.set(n, undefined));
  const oidOf = new Map(commitNames.map((n) => [n, infos.get(n)?.oid ?? n]));
  const bodies = objectContents(source, [...new Set(oidOf.values())]);
  const diffs = commitDiffs(source, [...new Set(oidOf.values())]);
  const blobs = [...new Set([...diffs.values()].flatMap((d) => d.flatMap((c) => [c.oldOid, c.newOid]).filter((o) => !zeroOid.test(o))))];
  const sizes = objectInfos(source, blobs);
  const contents = objectContents(
    source,
    blobs.filter((o) => (sizes.get(o)?.size ?? Infinity) <= gitBlobMaxBytes),
  );
  const text = (oid: string): { text: string | null } | { unknown: string } => {
    if (zeroOid.test(oid)) return { text: null };
    const body = contents.get(oid);
    if (body === undefined) {
      return { unknown: sizes.get(oid) === undefined ? `its blob ${oid} is not in the repository` : `it is larger than ${gitBlobMaxBytes} bytes` };
    }
    return body.includes(0) ? { unknown: 'it is a binary file' } : { text: body.toString('utf8') };
  };
  for (const name of commitNames) {
    const oid = oidOf.get(name) ?? name;
    const body = bodies.get(oid);
    const head = body ? parseCommit(oid, body.toString('utf8')) : undefined;
    if (!head) {
      out.set(name, undefined);
      continue;
    }
    const changes = (diffs.get(oid) ?? []).map((d): CommitFileChange => {
      const status = (['A', 'M', 'D', 'T'].includes(d.status) ? d.status : 'M') as CommitFileChange['status'];
      const before = text(d.oldOid);
      const after = text(d.newOid);
      const unknown = 'unknown' in before ? before.unknown : 'unknown' in after ? after.unknown : undefined;
      return {
        rel: d.rel,
        status,
        ...('text' in before ? { before: before.text } : {}),
        ...('text' in after ? { after: after.text } : {}),
        ...(unknown !== undefined ? { unknown } : {}),
      };
    });
    const commit: AiderCommit = { ...head, changes };
    out.set(name, commit);
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as string);
    cache.set(`${cwd}\0${name}`, commit);
  }
  return out;
}

/** A commit the history names whose hash git does not know (rebased, amended, another clone): what it said. */
export interface LostCommit {
  subject: string;
  /** ISO time the commit cannot be older than (its prompt's, or its session's start). */
  after: string;
}

/** How far after its prompt's (lower-bound) time a re-found commit may have been authored. */
const refindWindowMs = 2 * 24 * 3600 * 1000;

/**
 * Aider's commits re-found by message and time (`git log --all` since the earliest time asked, read-only): for each
 * lost commit, the oldest commit on any branch with its subject, marked as aider's, authored at or after its time
 * (a minute's slack: the local-time heading has second precision) and within two days; each commit given once.
 * Rebasing and amending keep the author time and the message, so a rebased aider commit is found again.
 * Throws when git cannot read the repository.
 */
export function refindCommits(cwd: string, lost: readonly LostCommit[]): (string | undefined)[] {
  if (lost.length === 0) return [];
  const since = Math.min(...lost.map((l) => Date.parse(l.after))) - 60_000;
  if (!Number.isFinite(since)) return lost.map(() => undefined);
  const r = runGitRead({ cwd }, ['log', '--all', '--no-color', `--since=${Math.floor(since / 1000)}`, '--format=%H%x1f%at%x1f%an%x1f%cn%x1f%B%x1e']);
  if (!r.ok) throw new Error(r.reason);
  const candidates = r.stdout
    .toString('utf8')
    .split('\x1e')
    .map((rec) => rec.replace(/^\n/, '').split('\x1f'))
    .filter((f) => f.length >= 5)
    .map(([oid, at, author, committer, message]) => ({ oid, at: Number(at) * 1000, subject: message.split('\n')[0] ?? '', aider: authorshipOf(author, committer, message) === 'aider' }))
    .filter((c) => c.aider)
    .sort((a, b) => a.at - b.at);
  const used = new Set<string>();
  return lost.map((l) => {
    const from = Date.parse(l.after) - 60_000;
    const hit = candidates.find((c) => !used.has(c.oid) && c.subject.trim() === l.subject && c.at >= from && c.at <= from + refindWindowMs);
    if (hit) used.add(hit.oid);
    return hit?.oid;
  });
}
