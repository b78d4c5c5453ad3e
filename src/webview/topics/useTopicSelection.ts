import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TopicRow } from '../../shared/topics/topicsProtocol';
import type { LogStore } from '../log/logStore';
import { topicFilterFor } from './topicFormat';

export interface TopicSelection {
  row: TopicRow;
  /** The log filter it asked for. */
  filter: string;
  /** A new number per choice, so that choosing the same node again applies its filter again. */
  token: number;
}

/**
 * The node chosen in the Topics tree, tied to the log's filter: choosing one asks for its filter;
 * once the host applies it, a filter without it (cleared, or another topic typed) drops the choice.
 */
export function useTopicSelection(store: LogStore): [TopicSelection | undefined, (row: TopicRow | undefined) => void] {
  const [selection, setSelection] = useState<TopicSelection | undefined>(undefined);
  const applied = useRef(false);
  const latest = useRef(selection);
  latest.current = selection;
  useLayoutEffect(
    () =>
      store.subscribe(() => {
        const s = latest.current;
        if (!s) return;
        const topic = store.filter?.topic;
        if (topic === s.filter) applied.current = true;
        else if (applied.current) {
          applied.current = false;
          setSelection(undefined);
        }
      }),
    [store],
  );
  const select = (row: TopicRow | undefined): void => {
    applied.current = false;
    setSelection(row ? { row, filter: topicFilterFor(row), token: (latest.current?.token ?? 0) + 1 } : undefined);
  };
  return [selection, select];
}
