import { subscriptionColour } from '../../shared/mqtt/subscriptionColour';
import { formatPreview, showControls, type PayloadPreview } from '../../shared/payload/payloadPreview';
import type { RowDto } from '../../shared/log/rowDto';
import { formatTime } from '../format/formatTime';

/** A log row's cells as they are shown: text ready to render, no bytes left to decode. */
export interface FormattedRow {
  time: string;
  /** The topic with control and invisible characters made visible. */
  topic: string;
  preview: PayloadPreview;
  /** Class names beyond `log-row` (the subscription's colour stripe), with a leading space, or ''. */
  colourClass: string;
  /** The flags column ("R", "D", "RD" or "") and its tooltip. */
  flags: string;
  flagTitle: string | undefined;
}

/**
 * Formatted rows, by the row object. The log store keeps one object per position (a tail post or a
 * page that brings a row it holds keeps the one it has: `LogStore.addRows`), so a row is decoded and
 * formatted once while it stays in the store's bounded cache, however many posts and renders show
 * it; its entry goes with it.
 */
const formatted = new WeakMap<RowDto, FormattedRow>();

/** The row's cells, formatted the first time it is asked for and remembered after. */
export function formatRow(row: RowDto): FormattedRow {
  let cells = formatted.get(row);
  if (cells === undefined) {
    const colour = subscriptionColour(row.sub);
    cells = {
      time: formatTime(row.time),
      topic: showControls(row.topic),
      preview: formatPreview(row.preview, row.size),
      colourClass: colour ? ` sub-${colour}` : '',
      flags: `${row.retain ? 'R' : ''}${row.dup ? 'D' : ''}`,
      flagTitle: flagTitle(row),
    };
    formatted.set(row, cells);
  }
  return cells;
}

/** What the flags column says: R retained, D a duplicate (redelivery the broker was not sure we had). */
function flagTitle(row: RowDto): string | undefined {
  const parts = [row.retain ? 'R: retained' : '', row.dup ? 'D: duplicate (redelivered with the DUP flag; may repeat an earlier row)' : ''].filter((p) => p !== '');
  return parts.length ? parts.join('\n') : undefined;
}
