import { Component } from 'preact';
import type { TopicRow } from '../../shared/topics/topicsProtocol';
import { formatAge, formatBytesShort, formatCompact, formatRatePerSecond } from './topicFormat';

export interface TopicTreeRowProps {
  /** The row's index in the flattened tree (its element id and `data-line`). */
  line: number;
  level: number;
  /** Undefined while its page is on its way. */
  row: TopicRow | undefined;
  top: number;
  expanded: boolean;
  /** The log is filtered to this node. */
  selected: boolean;
  /** The keyboard is on this row. */
  active: boolean;
  /** Search results show the whole topic, not the last level. */
  showPath: boolean;
  now: number;
}

/**
 * One node of the Topics tree: one line of fixed height with fixed-width figures, so a stats update
 * changes text in place and never moves anything (no layout beyond the row, which is `contain: strict`).
 * Topic names and payload previews are untrusted: text nodes only.
 */
export class TopicTreeRow extends Component<TopicTreeRowProps> {
  /** Only a row whose props changed renders again (a class rather than preact/compat's `memo`, as LogRow.tsx says why). */
  override shouldComponentUpdate(next: TopicTreeRowProps): boolean {
    const p = this.props;
    return (
      next.row !== p.row || next.top !== p.top || next.expanded !== p.expanded || next.selected !== p.selected || next.active !== p.active ||
      next.line !== p.line || next.showPath !== p.showPath || (next.now !== p.now && next.row?.lastAt != null)
    );
  }

  override render() {
    return renderTopicRow(this.props);
  }
}

function renderTopicRow({ line, level, row, top, expanded, selected, active, showPath, now }: TopicTreeRowProps) {
  const style = { transform: `translateY(${top}px)`, paddingLeft: `${(showPath ? 0 : level - 1) * 14 + 6}px` };
  if (!row) {
    return (
      <div class="topic-row placeholder" role="treeitem" id={`topic-line-${line}`} aria-level={level} aria-selected={false} data-line={line} style={style}>
        <span class="placeholder-text">…</span>
      </div>
    );
  }
  const name = showPath ? row.path : row.name;
  return (
    <div
      class={`topic-row${selected ? ' selected' : ''}${active ? ' active' : ''}`}
      role="treeitem"
      id={`topic-line-${line}`}
      aria-level={level}
      aria-expanded={row.hasChildren && !showPath ? expanded : undefined}
      aria-selected={selected}
      data-line={line}
      data-path={row.path}
      data-testid="topic-row"
      title={row.path}
      style={style}
    >
      <span class="twisty" aria-hidden="true">
        {row.hasChildren && !showPath ? (expanded ? '▾' : '▸') : ''}
      </span>
      <span class={`topic-name${name === '' ? ' empty' : ''}`} data-testid="topic-name">
        {name === '' ? '(empty level)' : name}
      </span>
      {row.retained && (
        <span class="topic-retained" title="The broker holds a retained message for this topic" data-testid="topic-retained">
          R
        </span>
      )}
      <span class="topic-stats">
        <span class="stat count" title={`${row.count.toLocaleString('en-US')} messages`} data-testid="topic-count">
          {formatCompact(row.count)}
        </span>
        <span class="stat rate" title="Messages per second (last ~10 s)" data-testid="topic-rate">
          {formatRatePerSecond(row.rate)}
        </span>
        <span class="stat bytes" title={`${row.bytes.toLocaleString('en-US')} payload bytes`} data-testid="topic-bytes">
          {formatBytesShort(row.bytes)}
        </span>
        <span class="stat age" title={row.lastAt === null ? 'Nothing received' : `Last message ${new Date(row.lastAt).toLocaleTimeString()}`} data-testid="topic-age">
          {formatAge(row.lastAt, now)}
        </span>
        <span class="stat below" title={`${row.topicsBelow.toLocaleString('en-US')} topics below`} data-testid="topic-below">
          {row.topicsBelow > 0 ? `${formatCompact(row.topicsBelow)} ▸` : ''}
        </span>
      </span>
      {row.isTopic && row.lastPreview !== undefined && (
        <span class="topic-preview" data-testid="topic-preview">
          {row.lastPreview}
        </span>
      )}
    </div>
  );
}
