import { useLayoutEffect, useReducer, useState } from 'preact/hooks';
import type { TopicRow } from '../../shared/topics/topicsProtocol';
import type { LogChannel } from '../log/logChannel';
import { Button } from '../toolkit/Button';
import { SegmentedControl } from '../toolkit/SegmentedControl';
import { TopicChart } from './TopicChart';
import { TopicHistory } from './TopicHistory';
import type { TopicPaneModel } from './topicPaneModel';

type Tab = 'history' | 'chart';

const TABS: readonly { value: Tab; label: string }[] = [
  { value: 'history', label: 'History' },
  { value: 'chart', label: 'Chart' },
];

export interface TopicDetailProps {
  row: TopicRow;
  channel: LogChannel;
  tree: TopicPaneModel;
  onClose: () => void;
}

/** The detail pane for a topic chosen in the tree: its stored messages with diffs, or a chart of its numeric fields. */
export function TopicDetail({ row: chosen, channel, tree, onClose }: TopicDetailProps) {
  const [tab, setTab] = useState<Tab>('history');
  // The chosen row as the latest stats update left it: a new message refreshes the history.
  const [, render] = useReducer((n: number) => n + 1, 0);
  const row = tree.rowByPath(chosen.path) ?? chosen;
  useLayoutEffect(() => {
    let last = tree.rowByPath(chosen.path);
    return tree.subscribe(() => {
      const now = tree.rowByPath(chosen.path);
      if (now !== last) {
        last = now;
        render(0);
      }
    });
  }, [tree, chosen.path]);
  return (
    <section class="message-detail topic-detail" data-testid="topic-detail" aria-label={`Topic ${row.path}`}>
      <div class="detail-toolbar">
        <span class="detail-topic" data-testid="topic-detail-topic">
          {row.path}
        </span>
        <span class="detail-meta">{row.count.toLocaleString('en-US')} messages</span>
        <SegmentedControl label="Show" value={tab} options={TABS} onChange={setTab} testId="topic-detail-tab" />
        <span class="detail-spacer" />
        <Button appearance="secondary" testId="topic-detail-close" onClick={onClose}>
          Close
        </Button>
      </div>
      <div class="detail-body topic-detail-body">
        {tab === 'history' ? <TopicHistory topic={row.path} channel={channel} lastSeq={row.lastSeq} /> : <TopicChart topic={row.path} channel={channel} tree={tree} />}
      </div>
    </section>
  );
}
