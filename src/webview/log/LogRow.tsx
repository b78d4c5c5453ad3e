import { formatPreview, showControls, type PayloadPreview } from '../../shared/payload/payloadPreview';
import type { RowDto } from '../../shared/log/rowDto';
import { formatTime } from '../format/formatTime';
import type { MissingRow } from './logStore';
import { subscriptionColour } from '../../shared/mqtt/subscriptionColour';

// Rows come back on every render while on screen; format each one once.
const previews = new WeakMap<RowDto, PayloadPreview>();
function previewOf(row: RowDto): PayloadPreview {
  let preview = previews.get(row);
  if (!preview) {
    preview = formatPreview(row.preview, row.size);
    previews.set(row, preview);
  }
  return preview;
}

export interface LogRowProps {
  row: RowDto;
  /** Offset from the top of the list, px. */
  top: number;
  /** The row is the selected one (keyboard and detail pane). */
  selected: boolean;
}

/**
 * One received message, a line of inline cells (log.css says why not a grid). Topic and payload are
 * untrusted: they are only ever text children.
 */
export function LogRow({ row, top, selected }: LogRowProps) {
  const preview = previewOf(row);
  const topic = showControls(row.topic);
  const payloadClass = `payload ${preview.kind}${preview.text === '' ? ' empty' : ''}`;
  return (
    <div
      class={`log-row${selected ? ' selected' : ''}${colourClass(row.sub)}`}
      role="option"
      aria-selected={selected}
      data-testid="log-row"
      data-pos={row.pos}
      data-seq={row.seq}
      style={{ transform: `translateY(${top}px)` }}
    >
      <span class="time">{formatTime(row.time)}</span>{' '}
      <span class="topic" title={topic}>
        {topic}
      </span>{' '}
      <span class="qos">{row.qos}</span>{' '}
      <span class="retain" title={flagTitle(row)}>
        {row.retain ? 'R' : ''}
        {row.dup ? 'D' : ''}
      </span>{' '}
      <span class={payloadClass} title={preview.text}>
        {preview.text === '' ? '(empty)' : preview.text}
      </span>
    </div>
  );
}

export interface MissingLogRowProps {
  pos: number;
  state: MissingRow;
  top: number;
}

/** Stands in for a row whose data is being fetched. */
export function MissingLogRow({ pos, state, top }: MissingLogRowProps) {
  return (
    <div
      class={`log-row placeholder ${state}`}
      role="option"
      aria-busy={state === 'loading'}
      data-testid="log-row-placeholder"
      data-pos={pos}
      style={{ transform: `translateY(${top}px)` }}
    >
      <span class="placeholder-text">{state === 'loading' ? 'Loading…' : 'Could not load this message; retrying…'}</span>
    </div>
  );
}

/** The row's subscription colour (a stripe at its start; see subscriptionColour.ts). */
function colourClass(sub: number): string {
  const colour = subscriptionColour(sub);
  return colour ? ` sub-${colour}` : '';
}

/** What the flags column says: R retained, D a duplicate (redelivery the broker was not sure we had). */
function flagTitle(row: RowDto): string | undefined {
  const parts = [row.retain ? 'R: retained' : '', row.dup ? 'D: duplicate (redelivered with the DUP flag; may repeat an earlier row)' : ''].filter((p) => p !== '');
  return parts.length ? parts.join('\n') : undefined;
}
