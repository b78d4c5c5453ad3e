import type { TopicRow } from '../../shared/topics/topicsProtocol';
import { formatBytesShort, formatCompact, formatRatePerSecond } from './topicFormat';

/** What a tree row shows of a node's stats, as text. */
export interface TopicRowText {
  count: string;
  rate: string;
  bytes: string;
  below: string;
}

/** Row objects are replaced, never changed, so each is formatted once (a stats post replaces the rows it carries). */
const cache = new WeakMap<TopicRow, TopicRowText>();

/** The short figures of a node's row, formatted once per row object. */
export function topicRowText(row: TopicRow): TopicRowText {
  let text = cache.get(row);
  if (!text) {
    text = {
      count: formatCompact(row.count),
      rate: formatRatePerSecond(row.rate),
      bytes: formatBytesShort(row.bytes),
      below: row.topicsBelow > 0 ? `${formatCompact(row.topicsBelow)} ▸` : '',
    };
    cache.set(row, text);
  }
  return text;
}

/** Whether two rows of the same node look the same in the tree (the figures as shown, not as counted). */
export function sameRowText(a: TopicRow, b: TopicRow): boolean {
  if (a === b) return true;
  const x = topicRowText(a);
  const y = topicRowText(b);
  return (
    a.path === b.path && a.name === b.name && a.retained === b.retained && a.hasChildren === b.hasChildren && a.isTopic === b.isTopic &&
    a.lastPreview === b.lastPreview && x.count === y.count && x.rate === y.rate && x.bytes === y.bytes && x.below === y.below
  );
}

const numbers = new Intl.NumberFormat('en-US');
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** The exact figures behind a row's short ones, for its tooltip (made when the pointer comes, not per stats post). */
export function topicStatsTitle(row: TopicRow): string {
  const last = row.lastAt === null ? 'nothing received' : `last message ${clock.format(row.lastAt)}`;
  const below = row.topicsBelow > 0 ? ` · ${numbers.format(row.topicsBelow)} topics below` : '';
  return `${numbers.format(row.count)} messages · ${formatRatePerSecond(row.rate)} (last ~10 s) · ${numbers.format(row.bytes)} payload bytes · ${last}${below}`;
}
