import { useState } from 'preact/hooks';
import { MAX_PUBLISH_PAYLOAD_CHARS, MAX_TOPIC_BYTES, type QoS } from '../shared/protocol';
import type { HostClient } from './hostClient';
import { Button } from './toolkit/Button';
import { Checkbox } from './toolkit/Checkbox';
import { Dropdown, type DropdownOption } from './toolkit/Dropdown';
import { TextArea } from './toolkit/TextArea';
import { TextField } from './toolkit/TextField';
import type { PublishDraft, UiStateStore } from './uiStateStore';

export interface PublishPanelProps {
  client: HostClient;
  ui: UiStateStore;
}

type Status = { kind: 'idle' | 'busy' | 'ok' | 'error'; text: string; title?: string };

const QOS_OPTIONS: readonly DropdownOption<'0' | '1' | '2'>[] = [
  { value: '0', label: '0 · at most once' },
  { value: '1', label: '1 · at least once' },
  { value: '2', label: '2 · exactly once' },
];

/** Why `topic` cannot be published to, or undefined when it can (the host checks again). */
export function publishTopicProblem(topic: string): string | undefined {
  if (topic === '') return 'Enter the topic to publish to.';
  if (topic.includes('+') || topic.includes('#')) return 'A publish topic cannot contain the wildcards + or #.';
  if (topic.includes('\0')) return 'A topic cannot contain the null character.';
  if (new TextEncoder().encode(topic).length > MAX_TOPIC_BYTES) return `A topic is at most ${MAX_TOPIC_BYTES} bytes long.`;
  return undefined;
}

/** Topic, payload, QoS and retain, and a Publish button that reports the host's answer beside it. */
export function PublishPanel({ client, ui }: PublishPanelProps) {
  const [draft, setDraft] = useState<PublishDraft>(() => ui.get().publish);
  const [status, setStatus] = useState<Status>({ kind: 'idle', text: '' });

  const change = (update: Partial<PublishDraft>): void => {
    setDraft((d) => ({ ...d, ...update }));
    ui.updatePublish(update);
  };

  const publish = async (): Promise<void> => {
    if (status.kind === 'busy') return;
    const problem =
      publishTopicProblem(draft.topic) ??
      (draft.payload.length > MAX_PUBLISH_PAYLOAD_CHARS ? 'The payload is too large to publish from here.' : undefined);
    if (problem) {
      setStatus({ kind: 'error', text: problem });
      return;
    }
    setStatus({ kind: 'busy', text: 'Publishing…' });
    try {
      const { messageId } = await client.request('mqtt/publish', { ...draft });
      setStatus({ kind: 'ok', text: 'Published', ...(messageId !== undefined ? { title: `Packet id ${messageId}` } : {}) });
    } catch (e) {
      setStatus({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  };

  const publishOnCtrlEnter = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void publish();
    }
  };

  return (
    <section class="publish-panel" aria-label="Publish">
      <div class="publish-row">
        <TextField
          class="publish-topic"
          label="Topic"
          value={draft.topic}
          placeholder="devices/led/set"
          testId="publish-topic"
          onInput={(topic) => {
            change({ topic });
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void publish();
            }
          }}
        />
        <Dropdown
          class="publish-qos"
          label="QoS"
          value={String(draft.qos) as '0' | '1' | '2'}
          options={QOS_OPTIONS}
          testId="publish-qos"
          onChange={(value) => {
            change({ qos: Number(value) as QoS });
          }}
        />
        <Checkbox
          class="publish-retain"
          label="Retain"
          checked={draft.retain}
          testId="publish-retain"
          onChange={(retain) => {
            change({ retain });
          }}
        />
      </div>
      <TextArea
        class="publish-payload"
        label="Payload"
        value={draft.payload}
        rows={2}
        placeholder='{"on": true}'
        testId="publish-payload"
        onInput={(payload) => {
          change({ payload });
        }}
        onKeyDown={publishOnCtrlEnter}
      />
      <div class="publish-row publish-actions">
        <Button
          onClick={() => {
            void publish();
          }}
          disabled={status.kind === 'busy'}
          title="Publish (Ctrl+Enter in the payload)"
          testId="publish-send"
        >
          Publish
        </Button>
        <span class={`publish-status ${status.kind}`} data-testid="publish-status" role="status" title={status.title}>
          {status.text}
        </span>
      </div>
    </section>
  );
}
