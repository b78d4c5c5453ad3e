import { useState } from 'preact/hooks';
import type { TopicRow } from '../../shared/topics/topicsProtocol';
import type { LogChannel } from '../log/logChannel';
import { Button } from '../toolkit/Button';

export interface TopicActionsProps {
  /** The node the keyboard (or the last click) is on. */
  row: TopicRow;
  channel: LogChannel;
  onPublish: (topic: string) => void;
}

/**
 * What can be done with a node: copy its topic, subscribe to it or its subtree, publish to it (fills
 * the publish panel), clear its retained message(s) (the host confirms, saying how many), export its
 * messages. A node with children acts on its subtree, a topic on itself. The outcome is said in words.
 */
export function TopicActions({ row, channel, onPublish }: TopicActionsProps) {
  const [status, setStatus] = useState<{ text: string; error: boolean } | undefined>(undefined);
  const subtree = row.hasChildren;
  const filter = subtree ? `${row.path}/#` : row.path;
  const act = async (action: () => Promise<string | undefined>): Promise<void> => {
    try {
      const text = await action();
      setStatus(text === undefined ? undefined : { text, error: false });
    } catch (e) {
      setStatus({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  };
  return (
    <div class="topic-actions" role="toolbar" aria-label={`Actions on ${filter}`} data-testid="topic-actions">
      <span class="topic-actions-target" title={filter}>
        {filter}
      </span>
      <Button
        appearance="secondary"
        testId="topic-copy"
        title={`Copy ${filter}`}
        onClick={() => {
          void act(async () => {
            await channel.request('topics/copy', { path: row.path, subtree });
            return `Copied ${filter}`;
          });
        }}
      >
        Copy
      </Button>
      <Button
        appearance="secondary"
        testId="topic-subscribe"
        title={`Subscribe to ${filter}`}
        onClick={() => {
          void act(async () => {
            await channel.request('mqtt/subscribe', { topic: filter, qos: 0 });
            return `Subscribed to ${filter}`;
          });
        }}
      >
        Subscribe
      </Button>
      {row.isTopic && (
        <Button
          appearance="secondary"
          testId="topic-publish"
          title={`Publish to ${row.path}`}
          onClick={() => {
            onPublish(row.path);
          }}
        >
          Publish…
        </Button>
      )}
      <Button
        appearance="secondary"
        testId="topic-clear-retained"
        title={subtree ? `Clear every retained message under ${row.path}` : `Clear the retained message of ${row.path}`}
        onClick={() => {
          void act(async () => {
            const { cleared, found } = await channel.request('topics/clearRetained', { path: row.path, subtree });
            if (found === 0) return 'The broker holds no retained message here';
            return cleared === 0 ? 'Nothing cleared' : `Cleared ${cleared} retained message${cleared === 1 ? '' : 's'}`;
          });
        }}
      >
        Clear retained…
      </Button>
      <Button
        appearance="secondary"
        testId="topic-export"
        title={`Export the stored messages of ${filter} to an NDJSON file`}
        onClick={() => {
          void act(async () => {
            await channel.request('topics/export', { path: row.path, subtree });
            return undefined;
          });
        }}
      >
        Export…
      </Button>
      {status && (
        <span class={`topic-actions-status${status.error ? ' error' : ''}`} role={status.error ? 'alert' : 'status'} data-testid="topic-actions-status">
          {status.text}
        </span>
      )}
    </div>
  );
}
