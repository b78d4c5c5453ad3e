import { Component } from 'preact';
import type { LogFilter } from '../../shared/log/logFilter';
import type { RowDto } from '../../shared/log/rowDto';
import { highlightRow, type TextPiece } from './filterMatch';
import { formatRow } from './formatRow';
import type { MissingRow } from './logStore';

export interface LogRowProps {
  row: RowDto;
  /** Offset from the top of the list, px. */
  top: number;
  /** The row is the selected one (keyboard and detail pane). */
  selected: boolean;
  /** The filter the host applied: its matches are marked in the topic and the preview. */
  filter: LogFilter | null;
}

/**
 * One received message, a line of inline cells (log.css says why not a grid). Topic and payload are
 * untrusted: they are only ever text children. Rendered again only when its row, place or selection
 * changes, and formatted once (formatRow.ts). (A class for `shouldComponentUpdate`: preact/compat's
 * `memo` would add 7 KB to the bundle that every Open Log loads.)
 */
export class LogRow extends Component<LogRowProps> {
  override shouldComponentUpdate(next: LogRowProps): boolean {
    return next.row !== this.props.row || next.top !== this.props.top || next.selected !== this.props.selected || next.filter !== this.props.filter;
  }

  override render() {
    return renderRow(this.props);
  }
}

function renderRow({ row, top, selected, filter }: LogRowProps) {
  const cells = formatRow(row);
  const marks = highlightRow(row, filter);
  const { preview } = cells;
  const payloadClass = `payload ${preview.kind}${preview.text === '' ? ' empty' : ''}`;
  return (
    <div
      class={`log-row${selected ? ' selected' : ''}${cells.colourClass}`}
      role="option"
      aria-selected={selected}
      data-testid="log-row"
      data-pos={row.pos}
      data-seq={row.seq}
      style={{ transform: `translateY(${top}px)` }}
    >
      <span class="time">{cells.time}</span>{' '}
      <span class="topic" title={cells.topic}>
        {marks.topic ? pieces(marks.topic) : cells.topic}
      </span>{' '}
      <span class="qos">{row.qos}</span>{' '}
      <span class="retain" title={cells.flagTitle}>
        {cells.flags}
      </span>{' '}
      {cells.badge && (
        <>
          <span class={`decoded-badge${cells.badge.failed ? ' failed' : ''}`} title={cells.badge.title} data-testid="row-decoded-badge">
            {cells.badge.text}
          </span>{' '}
        </>
      )}
      <span class={payloadClass} title={preview.text}>
        {preview.text === '' ? '(empty)' : marks.preview ? pieces(marks.preview) : preview.text}
      </span>
    </div>
  );
}

/** Text pieces as text nodes, the filter's matches in `<mark>` (never HTML: the text is untrusted). */
function pieces(list: readonly TextPiece[]) {
  return list.map((p, i) => (p.match ? <mark key={i} class="match">{p.text}</mark> : p.text));
}

export interface MissingLogRowProps {
  pos: number;
  state: MissingRow;
  top: number;
}

/** Stands in for a row whose data is being fetched; rendered again only when it changes. */
export class MissingLogRow extends Component<MissingLogRowProps> {
  override shouldComponentUpdate(next: MissingLogRowProps): boolean {
    return next.pos !== this.props.pos || next.state !== this.props.state || next.top !== this.props.top;
  }

  override render() {
    const { pos, state, top } = this.props;
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
}
