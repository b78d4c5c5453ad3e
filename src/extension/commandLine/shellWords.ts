/** A word of a shell command line, as the shell would pass it to the program (no expansion done). */
export interface ShellWord {
  kind: 'word';
  text: string;
  /** True when the shell would expand part of it (`$NAME`, `${…}`, `$(…)`, backticks): `text` is then not the value. */
  expands: boolean;
  /** Offset of the word's first character in the input. */
  offset: number;
}

/** An unquoted control operator that ends a simple command: `|`, `||`, `&&`, `&`, `;`, a newline, or a redirection. */
export interface ShellOperator {
  kind: 'operator';
  text: string;
  offset: number;
}

export type ShellToken = ShellWord | ShellOperator;

/** A command line that cannot be split (an unterminated quote); `offset` is where the problem starts. */
export class ShellSyntaxError extends Error {
  override name = 'ShellSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const OPERATOR_CHARS = new Set(['|', '&', ';', '<', '>', '(', ')', '\n']);
const BLANK = new Set([' ', '\t', '\r']);

/**
 * Splits a POSIX shell command line into words and operators the way sh does before expansion:
 * blanks separate words; single quotes keep everything literally; double quotes keep everything
 * but `\` before `$`, `` ` ``, `"`, `\` or a newline; an unquoted backslash quotes the next
 * character, and backslash-newline joins lines; `#` at the start of a word begins a comment.
 * Parameter and command substitutions are not performed (a pasted command must never run
 * anything): the word is returned as written and marked `expands`.
 *
 * Written here because no shell-word splitter is among the project's dependencies (`shell-quote`
 * would be the one to add); it is small and covered by unit tests.
 */
export function shellWords(input: string): ShellToken[] {
  const tokens: ShellToken[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    const c = input.charAt(i);
    if (BLANK.has(c)) {
      i++;
      continue;
    }
    if (c === '\\' && input.charAt(i + 1) === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < n && input.charAt(i) !== '\n') i++;
      continue;
    }
    if (OPERATOR_CHARS.has(c)) {
      const two = input.slice(i, i + 2);
      const text = ['||', '&&', '>>', '<<', '>&', '<&', ';;'].includes(two) ? two : c;
      tokens.push({ kind: 'operator', text, offset: i });
      i += text.length;
      continue;
    }
    // A word: runs until an unquoted blank or operator.
    const start = i;
    let text = '';
    let expands = false;
    let quoted = false;
    while (i < n) {
      const ch = input.charAt(i);
      if (BLANK.has(ch) || OPERATOR_CHARS.has(ch)) break;
      if (ch === '\\') {
        if (i + 1 >= n) {
          i++;
          break;
        }
        if (input.charAt(i + 1) !== '\n') text += input.charAt(i + 1);
        i += 2;
      } else if (ch === "'") {
        quoted = true;
        const end = input.indexOf("'", i + 1);
        if (end < 0) throw new ShellSyntaxError('A single quote (\') is not closed.', i);
        text += input.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        const open = i;
        quoted = true;
        i++;
        for (;;) {
          if (i >= n) throw new ShellSyntaxError('A double quote (") is not closed.', open);
          const q = input.charAt(i);
          if (q === '"') {
            i++;
            break;
          }
          if (q === '\\' && i + 1 < n && '$`"\\\n'.includes(input.charAt(i + 1))) {
            if (input.charAt(i + 1) !== '\n') text += input.charAt(i + 1);
            i += 2;
            continue;
          }
          if (q === '$' || q === '`') expands = true;
          text += q;
          i++;
        }
      } else {
        if (ch === '$' || ch === '`') expands = true;
        text += ch;
        i++;
      }
    }
    // `2>/dev/null`: the digits are the redirection's file descriptor, not an argument.
    if (!quoted && /^\d+$/.test(text) && (input.charAt(i) === '<' || input.charAt(i) === '>')) continue;
    tokens.push({ kind: 'word', text, expands, offset: start });
  }
  return tokens;
}

/** The simple commands of a token list: the words between control operators (redirection targets dropped). */
export function simpleCommands(tokens: readonly ShellToken[]): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let current: ShellWord[] = [];
  let skipNext = false;
  for (const t of tokens) {
    if (t.kind === 'operator') {
      if (['<', '>', '>>', '<<', '>&', '<&'].includes(t.text)) {
        skipNext = true;
        continue;
      }
      if (current.length > 0) commands.push(current);
      current = [];
      continue;
    }
    if (skipNext) {
      skipNext = false;
      continue;
    }
    current.push(t);
  }
  if (current.length > 0) commands.push(current);
  return commands;
}
