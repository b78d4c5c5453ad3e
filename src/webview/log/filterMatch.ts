import type { LogFilter } from '../../shared/log/logFilter';
import { payloadSearchExpression } from '../../shared/log/previewWindow';
import type { RowDto } from '../../shared/log/rowDto';
import { showControls } from '../../shared/payload/payloadPreview';
import { formatRow } from './formatRow';

/** A piece of a cell's text; `match` pieces are what the filter found. */
export interface TextPiece {
  text: string;
  match: boolean;
}

/** A row's topic and preview cut into pieces around the filter's matches. */
export interface RowHighlight {
  /** Undefined when the topic has nothing to highlight. */
  topic: TextPiece[] | undefined;
  /** Undefined when the preview has nothing to highlight; else starts near the first match. */
  preview: TextPiece[] | undefined;
}

/** Characters kept before the first match when the preview starts at it, so the match has context. */
export const CONTEXT_CHARS = 16;
/** Matches marked in one preview at most: the row shows one line, and a pathological pattern stays cheap. */
const MAX_MARKS = 32;

interface CompiledFilter {
  /** The payload text search as a global expression, with the filter's case rule. */
  text: RegExp | undefined;
  /** The topic filter's levels; `+` and `#` mark nothing. */
  levels: string[] | undefined;
}

const compiled = new WeakMap<LogFilter, CompiledFilter>();
const highlighted = new WeakMap<RowDto, { filter: LogFilter; highlight: RowHighlight }>();
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const NOTHING: RowHighlight = { topic: undefined, preview: undefined };

/**
 * What the filter found in a row: the literal levels of the topic filter in the topic, and the
 * payload search (plain "contains" or a regular expression, case as the filter says) in the
 * preview, which then starts a little before the first match so that the match is never past
 * the cell's "…" cut-off. Computed once per row and filter (rows are kept as one object per
 * position, and a new filter brings new rows), so a re-render costs a map lookup.
 */
export function highlightRow(row: RowDto, filter: LogFilter | null): RowHighlight {
  if (filter === null) return NOTHING;
  const known = highlighted.get(row);
  if (known?.filter === filter) return known.highlight;
  const highlight = computeHighlight(row, compile(filter));
  highlighted.set(row, { filter, highlight });
  return highlight;
}

function compile(filter: LogFilter): CompiledFilter {
  let c = compiled.get(filter);
  if (c === undefined) {
    c = { text: payloadSearchExpression(filter), levels: filter.topic ? filter.topic.split('/') : undefined };
    compiled.set(filter, c);
  }
  return c;
}

function computeHighlight(row: RowDto, filter: CompiledFilter): RowHighlight {
  return { topic: filter.levels ? topicPieces(row.topic, filter.levels) : undefined, preview: filter.text ? previewPieces(row, filter.text) : undefined };
}

/** The topic's levels that the filter names literally, marked; as the row shows it (controls made visible). */
function topicPieces(topic: string, levels: readonly string[]): TextPiece[] | undefined {
  const parts = topic.split('/');
  const pieces: TextPiece[] = [];
  let plain = '';
  let marked = 0;
  parts.forEach((part, i) => {
    const level = levels[i];
    const sep = i > 0 ? '/' : '';
    if (level !== undefined && level !== '+' && level !== '#' && level === part && part !== '') {
      if (plain + sep !== '') pieces.push({ text: plain + sep, match: false });
      pieces.push({ text: showControls(part), match: true });
      plain = '';
      marked++;
    } else {
      plain += sep + showControls(part);
    }
  });
  if (plain !== '') pieces.push({ text: plain, match: false });
  return marked > 0 ? pieces : undefined;
}

/**
 * The preview cut into pieces at the search's matches. The search runs on the decoded text (as
 * on the host); the pieces are of the text the row shows, where a control character may take
 * more than one character (`\u202E`), so match offsets are carried over through `showControls`.
 */
function previewPieces(row: RowDto, search: RegExp): TextPiece[] | undefined {
  const cells = formatRow(row);
  if (cells.preview.kind !== 'text' || cells.preview.text === '') return undefined;
  // A decoded row shows (and was searched in) its decoded text, not the payload's bytes.
  const raw = row.decoded ? row.decoded.text : utf8.decode(row.preview);
  const ranges = matchRanges(raw, search);
  if (ranges.length === 0) return undefined;
  const shown = cells.preview.text;
  // A preview the host cut around the match shows a "…" first (formatRow): offsets move past it.
  const lead = !row.decoded && row.previewFrom ? 1 : 0;
  const shownAt = displayOffsets(raw);
  const at = (i: number): number => shownAt(i) + lead;
  const first = ranges[0]?.[0] ?? 0;
  const start = at(first) > CONTEXT_CHARS + lead ? at(first) - CONTEXT_CHARS : 0;
  const pieces: TextPiece[] = start > 0 ? [{ text: '…', match: false }] : [];
  let done = start;
  for (const [from, to] of ranges) {
    const a = at(from);
    const b = at(to);
    if (b <= done) continue;
    if (a > done) pieces.push({ text: shown.slice(done, a), match: false });
    pieces.push({ text: shown.slice(Math.max(a, done), b), match: true });
    done = b;
  }
  if (done < shown.length) pieces.push({ text: shown.slice(done), match: false });
  return pieces;
}

/** [start, end) of the first non-empty matches. */
function matchRanges(text: string, search: RegExp): [number, number][] {
  const ranges: [number, number][] = [];
  search.lastIndex = 0;
  while (ranges.length < MAX_MARKS) {
    const m = search.exec(text);
    if (m === null) break;
    if (m[0] === '') {
      // An empty match (`a*`) marks nothing; step past it or exec would find it forever.
      search.lastIndex++;
      continue;
    }
    ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

/** Maps an offset in `raw` to the offset in `showControls(raw)`; the identity when nothing was replaced. */
function displayOffsets(raw: string): (i: number) => number {
  if (showControls(raw) === raw) return (i) => i;
  const offsets = new Array<number>(raw.length + 1);
  let d = 0;
  for (let i = 0; i < raw.length; i++) {
    offsets[i] = d;
    d += showControls(raw.charAt(i)).length;
  }
  offsets[raw.length] = d;
  return (i) => offsets[i] ?? d;
}
