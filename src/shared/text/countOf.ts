/**
 * A count with its noun in the right number, digits grouped: `countOf(1, 'message')` is
 * "1 message", `countOf(12000, 'message')` "12,000 messages". `plural` for nouns that do not just
 * take an "s" ("publish" → "publishes").
 */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}
