// Picks the lines of a failed command's output (npm, node-gyp, apt-get, vsce) that say WHY it failed. npm ends
// every failure with "A complete log of this run can be found in: …", so the last line (what provisioning showed
// before) never explained anything. Checked against recorded real outputs in test/fixtures/command-failures/.

/** npm's own prefix on every error line; a failing install script's output gets one more per nesting level. */
const npmPrefix = /^npm (error|ERR!) ?/;
/** npm's category word in front of an explanation ("notsup Required: …"); the rest of the line is the message. */
const npmCategory = /^(engine|notsup|notarget|network) /;

/** Lines that say where to look, echo the command, or dump a stack or an error object: never the reason. */
const boilerplate = [
  /A complete log of this run can be found in/i,
  /^Log files were not written/i,
  /^(code|errno|syscall|path|command|signal|cwd)\b/, // npm's metadata lines: "code 1", "command sh -c …"
  /^Unsupported engine$/, // the heading of an EBADENGINE explanation; the lines after it say which
  /^gyp ERR! (cwd|node -v|node-gyp -v|command|System|not ok|\$npm_package_|stack\s+at\s)/,
  /^\s+at\s/, // stack frames
  /^\s+[\w$]+: .*,?$/, // an error object's fields ("  code: 'ECONNREFUSED',")
  /^[{}]\s*$/,
  /^make(\[\d+\])?: (Entering|Leaving) directory/,
  /DeprecationWarning|--trace-deprecation/,
];

/** Words of a reason: a version or platform mismatch, something missing, refused or unreachable. */
const reason = new RegExp([
  String.raw`\brequires?\b`, String.raw`\brequired\b`, String.raw`\bactual:`, 'not compatible', 'unsupported',
  'not supported', 'no such file', 'not found', 'cannot find', "can't find", "could(n't| not) find", 'unable to',
  'no matching', "does(n't| not) exist", 'missing', 'fatal error', 'permission denied', 'no space left', 'detected',
  String.raw`\bE(CONNREFUSED|NOTFOUND|TIMEDOUT|AI_AGAIN|CONNRESET|ACCES|PERM|NOSPC|NOENT)\b`, '^E: ', String.raw`^\s*ERROR\b`,
].join('|'), 'i');

const maxLines = 3;
const maxLength = 240;

/** Strips npm's prefixes and category word; undefined for an empty line, a warning or boilerplate. */
function message(line) {
  let text = line.replace(/\x1b\[[0-9;]*m/g, '').trimEnd(); // vsce and npm colour their output on a terminal
  if (/^npm (warn|WARN|notice)\b/.test(text)) return undefined;
  while (npmPrefix.test(text)) text = text.replace(npmPrefix, '');
  text = text.replace(npmCategory, '');
  if (text.trim() === '' || boilerplate.some((re) => re.test(text))) return undefined;
  return text.trim();
}

/** The distinct messages of one stream, in order. */
function messages(stream) {
  const out = [];
  for (const line of `${stream ?? ''}`.split(/\r?\n/)) {
    const text = message(line);
    if (text !== undefined && !out.includes(text)) out.push(text);
  }
  return out;
}

/**
 * Up to three lines explaining a failure: the first lines naming a reason, stderr's before stdout's (the first
 * error is usually the cause; later ones follow from it), else the last lines, stderr after stdout (a failing
 * script prints its own error last). Empty when the output has nothing but boilerplate.
 */
export function explainFailure({ stdout, stderr }) {
  const err = messages(stderr);
  const out = messages(stdout).filter((l) => !err.includes(l));
  const reasons = [...err, ...out].filter((l) => reason.test(l));
  const picked = reasons.length > 0 ? reasons.slice(0, maxLines) : [...out, ...err].slice(-maxLines);
  return picked.map((l) => (l.length > maxLength ? `${l.slice(0, maxLength - 1)}…` : l));
}
