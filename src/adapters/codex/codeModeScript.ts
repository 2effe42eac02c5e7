// Codex "code mode": the model writes JavaScript for the freeform `exec` tool, and the script runs nested tools
// through the global `tools` object (`await tools.exec_command({ cmd: "npm test" })`). Rollouts of 0.14x (history
// mode "legacy") record only the script and its combined output; the nested commands leave no record of their own
// (codex-rs/rollout/src/policy.rs: ExecCommandEnd is not persisted, ItemCompleted only in paginated history). So the
// commands are read from the script: each `tools.<name>(<object literal>)` call with its literal arguments.
// This is a scanner, not an evaluator: comments, strings, template literals and regular expressions are skipped so
// a call inside them is not taken for one; an argument that is not a literal keeps its source text.
import type { JsonObject } from '../../core/jsonValues';

export interface NestedToolCall {
  /** The nested tool's name (`exec_command`, `apply_patch`, …). */
  tool: string;
  /** The argument object with the values the script spells out literally; undefined if it is not an object literal. */
  args?: JsonObject;
  /** Keys whose value is an expression (a template with `${…}`, a variable): their source text is in `args`. */
  dynamicKeys: string[];
}

/** A parse failure inside an argument: the call is still reported, without arguments. */
class NotLiteral extends Error {}

const identStart = /[A-Za-z_$]/;
const identPart = /[\w$]/;

// After these characters (or keywords) a `/` starts a regular expression, not a division.
const regexAfter = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const regexAfterWords = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** Deeper bracket nesting than any script a model writes: scanning stops there (no stack overflow on hostile input). */
const maxDepth = 256;

function deeper(depth: number): number {
  if (depth >= maxDepth) {
    throw new NotLiteral('nested too deeply');
  }
  return depth + 1;
}

class Scanner {
  pos = 0;
  constructor(readonly src: string) {}

  get done(): boolean {
    return this.pos >= this.src.length;
  }

  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  /** Skips whitespace and comments. */
  skipTrivia(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\ufeff') {
        this.pos++;
      } else if (c === '/' && this.peek(1) === '/') {
        const nl = this.src.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.src.length : nl + 1;
      } else if (c === '/' && this.peek(1) === '*') {
        const end = this.src.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? this.src.length : end + 2;
      } else {
        return;
      }
    }
  }

  identifier(): string | undefined {
    if (!identStart.test(this.peek())) {
      return undefined;
    }
    const start = this.pos;
    while (identPart.test(this.peek())) {
      this.pos++;
    }
    return this.src.slice(start, this.pos);
  }

  /** A '…' or "…" string literal at the cursor, decoded. */
  quoted(): string {
    const quote = this.src[this.pos++];
    let out = '';
    while (!this.done) {
      const c = this.src[this.pos++];
      if (c === quote) {
        return out;
      }
      if (c === '\n') {
        throw new NotLiteral('unterminated string');
      }
      out += c === '\\' ? this.escape() : c;
    }
    throw new NotLiteral('unterminated string');
  }

  private escape(): string {
    const c = this.src[this.pos++] ?? '';
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '0':
        return '\0';
      case '\r':
        if (this.peek() === '\n') {
          this.pos++;
        }
        return '';
      case '\n':
        return '';
      case 'x':
        return this.codePoint(/^[0-9a-fA-F]{2}/);
      case 'u':
        if (this.peek() === '{') {
          const end = this.src.indexOf('}', this.pos);
          const hex = this.src.slice(this.pos + 1, end);
          if (end < 0 || !/^[0-9a-fA-F]{1,6}$/.test(hex)) {
            throw new NotLiteral('bad escape');
          }
          this.pos = end + 1;
          return String.fromCodePoint(parseInt(hex, 16));
        }
        return this.codePoint(/^[0-9a-fA-F]{4}/);
      default:
        return c;
    }
  }

  private codePoint(re: RegExp): string {
    const m = re.exec(this.src.slice(this.pos));
    if (!m) {
      throw new NotLiteral('bad escape');
    }
    this.pos += m[0].length;
    return String.fromCodePoint(parseInt(m[0], 16));
  }

  /**
   * A template literal at the cursor: its text when it has no substitution, else undefined (the cursor is after it
   * either way; substitutions are skipped with the strings and templates inside them).
   */
  template(depth = 0): string | undefined {
    this.pos++;
    let out = '';
    let literal = true;
    while (!this.done) {
      const c = this.src[this.pos++];
      if (c === '`') {
        return literal ? out : undefined;
      }
      if (c === '\\') {
        out += this.escape();
      } else if (c === '$' && this.peek() === '{') {
        this.pos++;
        literal = false;
        this.skipBalanced('}', depth);
      } else {
        out += c;
      }
    }
    throw new NotLiteral('unterminated template');
  }

  /** Skips one token: a string, a template, a bracketed group (with all it holds), or a single character. */
  skipToken(depth = 0): void {
    const c = this.peek();
    if (c === "'" || c === '"') {
      this.quoted();
    } else if (c === '`') {
      this.template(depth);
    } else if (c === '(' || c === '[' || c === '{') {
      this.pos++;
      this.skipBalanced(c === '(' ? ')' : c === '[' ? ']' : '}', depth);
    } else {
      this.pos++;
    }
  }

  /** Skips to after the `close` that balances an already consumed opener, over strings, templates and comments. */
  skipBalanced(close: string, depth = 0): void {
    const inner = deeper(depth);
    for (;;) {
      this.skipTrivia();
      const c = this.peek();
      if (c === '') {
        return;
      }
      if (c === close) {
        this.pos++;
        return;
      }
      this.skipToken(inner);
    }
  }
}

/** A literal value (string, template without substitutions, number, boolean, null, array, object) or NotLiteral. */
function literal(s: Scanner, depth = 0): unknown {
  s.skipTrivia();
  const c = s.peek();
  if (c === "'" || c === '"') {
    return s.quoted();
  }
  if (c === '`') {
    const text = s.template();
    if (text === undefined) {
      throw new NotLiteral('template with substitutions');
    }
    return text;
  }
  if (c === '{') {
    return objectLiteral(s, deeper(depth)).value;
  }
  if (c === '[') {
    const inner = deeper(depth);
    s.pos++;
    const items: unknown[] = [];
    for (;;) {
      s.skipTrivia();
      if (s.peek() === ']') {
        s.pos++;
        return items;
      }
      items.push(literal(s, inner));
      s.skipTrivia();
      if (s.peek() === ',') {
        s.pos++;
      } else if (s.peek() !== ']') {
        throw new NotLiteral('array');
      }
    }
  }
  const m = /^-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(s.src.slice(s.pos));
  if (m) {
    s.pos += m[0].length;
    return Number(m[0]);
  }
  const word = s.identifier();
  if (word === 'true' || word === 'false') {
    return word === 'true';
  }
  if (word === 'null') {
    return null;
  }
  throw new NotLiteral('expression');
}

/** Skips one expression up to the `,` or closer that ends it (the cursor stops on that character). */
function skipExpression(s: Scanner, closer: string, depth: number): void {
  for (;;) {
    s.skipTrivia();
    const c = s.peek();
    if (c === '' || c === ',' || c === closer) {
      return;
    }
    s.skipToken(depth);
  }
}

/** `{ key: value, … }` at the cursor. Non-literal values are kept as their source text and listed in `dynamic`. */
function objectLiteral(s: Scanner, depth = 0): { value: JsonObject; dynamic: string[] } {
  s.pos++;
  const value: JsonObject = {};
  const dynamic: string[] = [];
  for (;;) {
    s.skipTrivia();
    const c = s.peek();
    if (c === '}') {
      s.pos++;
      return { value, dynamic };
    }
    let key: string | undefined;
    if (c === "'" || c === '"') {
      key = s.quoted();
    } else {
      key = s.identifier();
    }
    if (key === undefined) {
      // Spread, computed key, method: not a plain object literal.
      throw new NotLiteral('object key');
    }
    s.skipTrivia();
    if (s.peek() !== ':') {
      // Shorthand `{ cmd }`: the value is a variable.
      value[key] = key;
      dynamic.push(key);
    } else {
      s.pos++;
      s.skipTrivia();
      const start = s.pos;
      try {
        const v = literal(s, depth);
        s.skipTrivia();
        if (s.peek() !== ',' && s.peek() !== '}') {
          // `"echo " + n`: a literal that only starts an expression.
          throw new NotLiteral('expression');
        }
        value[key] = v;
      } catch (err) {
        if (!(err instanceof NotLiteral)) {
          throw err;
        }
        s.pos = start;
        skipExpression(s, '}', depth);
        value[key] = s.src.slice(start, s.pos).trim();
        dynamic.push(key);
      }
    }
    s.skipTrivia();
    if (s.peek() === ',') {
      s.pos++;
    } else if (s.peek() !== '}') {
      throw new NotLiteral('object');
    }
  }
}

/** The argument of a call whose `(` was just consumed. */
function callArgument(s: Scanner): Pick<NestedToolCall, 'args' | 'dynamicKeys'> {
  s.skipTrivia();
  const start = s.pos;
  if (s.peek() === '{') {
    try {
      const { value, dynamic } = objectLiteral(s);
      s.skipBalanced(')');
      return { args: value, dynamicKeys: dynamic };
    } catch (err) {
      if (!(err instanceof NotLiteral)) {
        throw err;
      }
      s.pos = start;
    }
  }
  s.skipBalanced(')');
  return { dynamicKeys: [] };
}

/** The `tools.<name>(` calls of a code-mode script, in source order, with their literal arguments. */
export function nestedToolCalls(script: string): NestedToolCall[] {
  const s = new Scanner(script);
  const calls: NestedToolCall[] = [];
  // The last significant token, for telling a regular expression from a division.
  let last = '';
  while (!s.done) {
    s.skipTrivia();
    const c = s.peek();
    if (c === '') {
      break;
    }
    try {
      if (c === "'" || c === '"') {
        s.quoted();
        last = 'str';
      } else if (c === '`') {
        s.template();
        last = 'str';
      } else if (c === '/' && (regexAfter.has(last) || regexAfterWords.has(last))) {
        skipRegex(s);
        last = 'regex';
      } else if (identStart.test(c)) {
        const word = s.identifier() ?? '';
        const call = word === 'tools' && last !== '.' ? toolCallAfterTools(s) : undefined;
        if (call) {
          calls.push(call);
          last = ')';
        } else {
          last = word;
        }
      } else {
        s.pos++;
        last = c;
      }
    } catch (err) {
      if (!(err instanceof NotLiteral)) {
        throw err;
      }
      // An unterminated string or template: nothing after it can be read reliably.
      break;
    }
  }
  return calls;
}

/** After `tools`: `.name(`, `?.name(`, `["name"](`; the cursor is restored when it is something else. */
function toolCallAfterTools(s: Scanner): NestedToolCall | undefined {
  const start = s.pos;
  s.skipTrivia();
  let tool: string | undefined;
  if (s.peek() === '.' || (s.peek() === '?' && s.peek(1) === '.')) {
    s.pos += s.peek() === '.' ? 1 : 2;
    s.skipTrivia();
    tool = s.identifier();
  } else if (s.peek() === '[') {
    s.pos++;
    s.skipTrivia();
    if (s.peek() === "'" || s.peek() === '"') {
      tool = s.quoted();
      s.skipTrivia();
      tool = s.peek() === ']' ? tool : undefined;
      s.pos++;
    }
  }
  s.skipTrivia();
  if (tool === undefined || s.peek() !== '(') {
    s.pos = start;
    return undefined;
  }
  s.pos++;
  return { tool, ...callArgument(s) };
}

function skipRegex(s: Scanner): void {
  s.pos++;
  let inClass = false;
  while (!s.done) {
    const c = s.src[s.pos++];
    if (c === '\\') {
      s.pos++;
    } else if (c === '[') {
      inClass = true;
    } else if (c === ']') {
      inClass = false;
    } else if (c === '/' && !inClass) {
      break;
    } else if (c === '\n') {
      return;
    }
  }
  while (identPart.test(s.peek())) {
    s.pos++;
  }
}
