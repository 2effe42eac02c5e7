// The index schema. Bump `schemaVersion` on any change: a DB whose PRAGMA user_version differs is rebuilt from
// the transcripts plus the archive journal (the DB is a cache; transcripts and the archive are the truth).
// 3: commands.command holds long command lines whole (version 2 stored the JSON of their archive reference).
// 4: commands.failed (a failure without an exit code); the adapters also read more of the same transcripts (Claude
//    files over 10,000 characters are no longer "created", Gemini legacy writes, Codex code-mode commands, injected
//    messages that are not prompts), so every transcript is read again.
// 5: journal_applied (how much of each archive journal the DB holds), so the DB is saved only now and then: a start
//    applies the journal lines written since the saved DB (a crash between saves, another process's work).
// 6: file_changes.tool / tool_kind (blame reads them for every edit of a file).
// 7: a smaller DB (it is held whole in memory): steps.data leaves out what the row's columns hold and a result text
//    that repeats the command's output (storedStep.ts); texts over 1 KB are archived (blobRefs.ts inlineLimit);
//    commands.output_preview is gone (read from the step's output); the (session_key, prompt_id) indexes of
//    file_changes, commands and reads are gone (no query filters them by prompt: the session's other index serves).
// 8: sessions.prompt_tree (a branched session's conversation tree, Pi `/tree`); Pi transcripts are read again.
export const schemaVersion = 8;

export const schemaSql = `
CREATE TABLE sources (
  path TEXT PRIMARY KEY,
  agent TEXT NOT NULL,
  mode TEXT NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  mtime_ms REAL NOT NULL DEFAULT 0,
  ino INTEGER NOT NULL DEFAULT 0,
  head TEXT NOT NULL DEFAULT '',
  offset INTEGER NOT NULL DEFAULT 0,
  line_no INTEGER NOT NULL DEFAULT 0,
  state TEXT,
  status TEXT NOT NULL DEFAULT 'ok'
);
CREATE TABLE sessions (
  key TEXT PRIMARY KEY,
  agent TEXT NOT NULL,
  id TEXT NOT NULL,
  cwd TEXT NOT NULL DEFAULT '',
  title TEXT,
  title_priority INTEGER NOT NULL DEFAULT -1,
  started_at TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL DEFAULT '',
  models TEXT NOT NULL DEFAULT '[]',
  parent_id TEXT,
  cli_version TEXT,
  sources TEXT NOT NULL DEFAULT '[]',
  prompt_tree TEXT
);
CREATE TABLE prompts (
  session_key TEXT NOT NULL,
  id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  text TEXT NOT NULL,
  ts TEXT NOT NULL,
  PRIMARY KEY (session_key, id)
);
CREATE INDEX prompts_order ON prompts (session_key, idx);
CREATE TABLE steps (
  session_key TEXT NOT NULL,
  id TEXT NOT NULL,
  prompt_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  ts TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (session_key, id)
);
CREATE INDEX steps_order ON steps (session_key, prompt_id, seq);
CREATE TABLE file_changes (
  session_key TEXT NOT NULL,
  step_id TEXT NOT NULL,
  prompt_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  ord INTEGER NOT NULL,
  path TEXT NOT NULL,
  op TEXT NOT NULL,
  move_path TEXT,
  -- blob hashes; NULL = not known from the transcript, '' = the file did not exist / was deleted
  before_blob TEXT,
  after_blob TEXT,
  patch_blob TEXT,
  ts TEXT NOT NULL,
  -- the step's tool name and kind, copied from its data: blame reads them for every edit of a file, and parsing
  -- each step's JSON for two fields was most of its history query
  tool TEXT NOT NULL DEFAULT '',
  tool_kind TEXT NOT NULL DEFAULT ''
);
CREATE INDEX file_changes_step ON file_changes (session_key, step_id);
CREATE INDEX file_changes_path ON file_changes (path);
CREATE TABLE commands (
  session_key TEXT NOT NULL,
  step_id TEXT NOT NULL,
  prompt_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  command TEXT NOT NULL,
  exit_code INTEGER,
  -- 1 when the command failed: a non-zero exit code, or a tool result marked as an error that gives no code
  failed INTEGER NOT NULL DEFAULT 0,
  ts TEXT NOT NULL,
  PRIMARY KEY (session_key, step_id)
);
CREATE TABLE reads (
  session_key TEXT NOT NULL,
  step_id TEXT NOT NULL,
  prompt_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  ord INTEGER NOT NULL,
  path TEXT NOT NULL,
  start_line INTEGER,
  end_line INTEGER
);
CREATE INDEX reads_step ON reads (session_key, step_id);
CREATE TABLE backups (
  session_key TEXT NOT NULL,
  prompt_id TEXT NOT NULL,
  path TEXT NOT NULL,
  version INTEGER NOT NULL,
  blob TEXT,
  status TEXT NOT NULL,
  ts TEXT NOT NULL,
  PRIMARY KEY (session_key, prompt_id, path)
);
-- What of each archive journal file (name = hash of the transcript path) the DB holds: its size and inode when the
-- DB last applied or wrote to it. A journal found longer gained lines since; another inode: it was rewritten.
CREATE TABLE journal_applied (
  name TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  ino INTEGER NOT NULL
);
CREATE TABLE issue_counts (
  kind TEXT PRIMARY KEY,
  count INTEGER NOT NULL
);
`;
