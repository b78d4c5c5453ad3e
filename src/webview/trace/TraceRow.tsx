import type { TraceEntry } from '../../shared/trace/traceEntry';
import { formatTime } from '../format/formatTime';

const ARROW: Record<TraceEntry['dir'], string> = { in: '←', out: '→', transport: '·' };
const DIR_WORDS: Record<TraceEntry['dir'], string> = { in: 'received', out: 'sent', transport: 'transport' };

/** The ack column: the time the flow took, or that it is still waiting / was never answered. */
export function ackText(e: TraceEntry): string {
  if (e.unanswered) return 'unanswered';
  if (e.ackMs !== undefined) return `${e.ackMs} ms`;
  return '';
}

export interface TraceRowProps {
  entry: TraceEntry;
  top: number;
  selected: boolean;
  onSelect: (id: number) => void;
}

/** One line of the timeline: time, direction, type, summary, ack time; untrusted text as text nodes. */
export function TraceRow({ entry, top, selected, onSelect }: TraceRowProps) {
  return (
    <div
      class={`trace-row dir-${entry.dir}${selected ? ' selected' : ''}${entry.unanswered ? ' unanswered' : ''}`}
      style={{ top: `${top}px` }}
      role="option"
      aria-selected={selected}
      data-testid="trace-row"
      data-id={entry.id}
      onClick={() => {
        onSelect(entry.id);
      }}
    >
      <span class="time">{formatTime(entry.at)}</span>
      <span class="dir" title={DIR_WORDS[entry.dir]}>
        {ARROW[entry.dir]}
      </span>
      <span class="type">{entry.type.toUpperCase()}</span>
      <span class="summary">
        {entry.dropped !== undefined ? <span class="dropped">{`${entry.dropped.toLocaleString('en-US')} not kept before · `}</span> : null}
        {entry.summary}
      </span>
      <span class="ack">{ackText(entry)}</span>
    </div>
  );
}
