import { Component } from 'preact';
import type { TopicRow } from '../../shared/topics/topicsProtocol';
import { formatAge } from './topicFormat';
import { sameRowText, topicRowText, topicStatsTitle } from './topicRowText';

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
  /**
   * Only a row whose picture changed renders again (a class rather than preact/compat's `memo`, as
   * LogRow.tsx says why). A stats post replaces every visible node's row object, but at 100k msg/s
   * over 100k topics most nodes' figures read the same as before ("12k", "1.0/s", "now"): those rows
   * are left alone.
   */
  override shouldComponentUpdate(next: TopicTreeRowProps): boolean {
    const p = this.props;
    if (next.top !== p.top || next.expanded !== p.expanded || next.selected !== p.selected || next.active !== p.active || next.line !== p.line || next.showPath !== p.showPath || next.level !== p.level) {
      return true;
    }
    if (next.row === undefined || p.row === undefined) return next.row !== p.row;
    return !sameRowText(next.row, p.row) || formatAge(next.row.lastAt, next.now) !== formatAge(p.row.lastAt, p.now);
  }

  /** The exact figures are made when the pointer comes to the stats, from the row as it is then. */
  private readonly describe = (e: MouseEvent): void => {
    const row = this.props.row;
    if (row) (e.currentTarget as HTMLElement).title = topicStatsTitle(row);
  };

  override render() {
    return renderTopicRow(this.props, this.describe);
  }
}

function renderTopicRow({ line, level, row, top, expanded, selected, active, showPath, now }: TopicTreeRowProps, describe: (e: MouseEvent) => void) {
  const style = { transform: `translateY(${top}px)`, paddingLeft: `${(showPath ? 0 : level - 1) * 14 + 6}px` };
  if (!row) {
    return (
      <div class="topic-row placeholder" role="treeitem" id={`topic-line-${line}`} aria-level={level} aria-selected={false} data-line={line} style={style}>
        <span class="placeholder-text">…</span>
      </div>
    );
  }
  const name = showPath ? row.path : row.name;
  const text = topicRowText(row);
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
      <span class="topic-stats" onMouseEnter={describe}>
        <span class="stat count" data-testid="topic-count">
          {text.count}
        </span>
        <span class="stat rate" data-testid="topic-rate">
          {text.rate}
        </span>
        <span class="stat bytes" data-testid="topic-bytes">
          {text.bytes}
        </span>
        <span class="stat age" data-testid="topic-age">
          {formatAge(row.lastAt, now)}
        </span>
        <span class="stat below" data-testid="topic-below">
          {text.below}
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
