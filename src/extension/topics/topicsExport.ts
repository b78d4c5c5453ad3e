import type { MessageStore } from '../store/messageStore';
import type { TopicIndex } from './topicIndex';
import { previewOf } from './topicQueries';

/** One topic in `TraceMQ: Export Topics…`'s file. */
export interface ExportedTopic {
  topic: string;
  /** Messages received on the topic since the connection's log started (or was cleared): exact, not sampled. */
  count: number;
  bytes: number;
  retained: boolean;
  firstReceivedAt: string;
  lastReceivedAt: string;
  /** One line of the last payload while it is still stored, else null. */
  lastPayloadPreview: string | null;
}

/** The whole file: what the Topics pane shows of one connection. */
export interface TopicsExport {
  exportedAt: string;
  connection: string;
  topics: ExportedTopic[];
  /** Present only when `tracemq.topics.maxTracked` was reached: what was counted but not tracked. */
  untracked?: { topics: number; messages: number };
}

/** The export of an index, topics sorted by name (code-unit order, stable across runs). */
export function topicsExport(connection: string, index: TopicIndex, store: MessageStore, now: Date): TopicsExport {
  const topics: ExportedTopic[] = [];
  for (let slot = 0; slot < index.size; slot++) {
    const topic = index.topic(slot);
    const seq = index.lastSeqOf(slot);
    topics.push({
      topic,
      count: index.countAt(slot),
      bytes: index.bytesAt(slot),
      retained: index.retainedAt(slot),
      firstReceivedAt: new Date(index.firstAtOf(slot)).toISOString(),
      lastReceivedAt: new Date(index.lastAtOf(slot)).toISOString(),
      lastPayloadPreview: store.has(seq) && store.topicAt(seq) === topic ? previewOf(store.payloadAt(seq)) : null,
    });
  }
  topics.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  const result: TopicsExport = { exportedAt: now.toISOString(), connection, topics };
  if (index.untrackedMessages > 0) result.untracked = { topics: index.untrackedTopics, messages: index.untrackedMessages };
  return result;
}
