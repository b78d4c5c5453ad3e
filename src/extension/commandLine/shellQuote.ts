/** Characters a POSIX shell takes literally in a word (no quoting needed). */
const PLAIN_WORD = /^[A-Za-z0-9_./:@%+=,-]+$/;

/**
 * One argument quoted for a POSIX shell (sh, bash, dash, zsh): left bare when it holds only plain
 * characters, otherwise in single quotes, where nothing is special except the quote itself
 * (written as `'\''`). A word must not start with `~` or `#` to stay bare, which PLAIN_WORD ensures.
 */
export function shellQuote(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
