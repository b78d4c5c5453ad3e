import { FORMAT_BADGES, FORMAT_NAMES } from '../../shared/decoders/decodedPayload';
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
  /** A topic bound to a decoder: the format's badge (PB, SPB, CBOR, MSGPACK, AVRO) and its name; the preview is the decoded value. */
  badge?: { text: string; title: string; failed: boolean };
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
      preview: row.decoded ? decodedPreview(row.decoded.text) : payloadPreview(row),
      colourClass: colour ? ` sub-${colour}` : '',
      flags: `${row.retain ? 'R' : ''}${row.dup ? 'D' : ''}`,
      flagTitle: flagTitle(row),
    };
    if (row.decoded) {
      const name = FORMAT_NAMES[row.decoded.format];
      cells.badge = { text: FORMAT_BADGES[row.decoded.format], title: row.decoded.failed ? `${name}: did not decode (open the message for the raw bytes)` : `Decoded as ${name} (open the message for the raw bytes)`, failed: row.decoded.failed === true };
    }
    formatted.set(row, cells);
  }
  return cells;
}

/** The payload preview; one the host cut around a filter match starts with "…" (only text is cut so). */
function payloadPreview(row: RowDto): PayloadPreview {
  const preview = formatPreview(row.preview, row.size);
  return row.previewFrom && preview.kind === 'text' ? { ...preview, text: `…${preview.text}` } : preview;
}

/** A decoded preview (compact JSON from the host, already cut) as the payload cell shows text. */
function decodedPreview(text: string): PayloadPreview {
  return { text: showControls(text), kind: 'text', truncated: text.endsWith('…') };
}

/** What the flags column says: R retained, D a duplicate (redelivery the broker was not sure we had). */
function flagTitle(row: RowDto): string | undefined {
  const parts = [row.retain ? 'R: retained' : '', row.dup ? 'D: duplicate (redelivered with the DUP flag; may repeat an earlier row)' : ''].filter((p) => p !== '');
  return parts.length ? parts.join('\n') : undefined;
}
