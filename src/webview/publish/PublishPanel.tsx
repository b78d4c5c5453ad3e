import { useEffect, useState } from 'preact/hooks';
import type { PublishParams } from '../../shared/mqtt/publishShapes';
import type { RepeatStatus, RequestReply } from '../../shared/publish/publishProtocol';
import type { LogChannel } from '../log/logChannel';
import type { LogStore } from '../log/logStore';
import { Mqtt5PublishFields } from './Mqtt5PublishFields';
import { draftToParams, formatJson, paramsToDraft, type DraftProblem, type PayloadFormat, type PublishDraft } from './publishDraft';
import { PublishChoosers, TemplateSaver, usePublishLibrary } from './PublishLibraryBar';
import { Button } from '../toolkit/Button';
import { Checkbox } from '../toolkit/Checkbox';
import { Dropdown, type DropdownOption } from '../toolkit/Dropdown';
import { TextArea } from '../toolkit/TextArea';
import { TextField } from '../toolkit/TextField';
import { TopicField } from './TopicField';
import { useTopicBinding } from './useTopicBinding';
import { FORMAT_NAMES, type DecoderFormat } from '../../shared/decoders/decodedPayload';
import type { UiStateStore } from '../log/uiStateStore';
import { useLogStore } from '../log/useLogStore';

export interface PublishPanelProps {
  channel: LogChannel;
  ui: UiStateStore;
  store: LogStore;
  /** A topic to publish to, chosen elsewhere (the Topics tree): it fills the topic and opens the panel. */
  fillTopic?: { topic: string; token: number } | undefined;
}

type Status = { kind: 'idle' | 'busy' | 'ok' | 'error'; text: string; title?: string };

const QOS_OPTIONS: readonly DropdownOption<'0' | '1' | '2'>[] = [
  { value: '0', label: '0 · at most once' },
  { value: '1', label: '1 · at least once' },
  { value: '2', label: '2 · exactly once' },
];

const FORMAT_OPTIONS: readonly DropdownOption<PayloadFormat>[] = [
  { value: 'text', label: 'Text' },
  { value: 'json', label: 'JSON' },
  { value: 'hex', label: 'Hex' },
  { value: 'base64', label: 'Base64' },
];

/** "Payload as": the plain formats, and the topic's decoder when it has one (or the draft uses it). */
function formatOptions(bound: DecoderFormat | undefined, format: PayloadFormat): readonly DropdownOption<PayloadFormat>[] {
  if (bound === undefined && format !== 'encoded') return FORMAT_OPTIONS;
  return [...FORMAT_OPTIONS, { value: 'encoded', label: bound === undefined ? 'Encoded (no decoder for this topic)' : FORMAT_NAMES[bound] }];
}

/** Default wait for a reply to a request. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Publishing on the view's connection: topic (completed from topics seen), payload as text, JSON
 * (format and check), hex or base64, QoS, retain, every MQTT 5 property; publish once, as a
 * request that waits for its paired reply, or repeatedly. The history and templates sit on top.
 * The host checks everything again and answers in words.
 */
export function PublishPanel({ channel, ui, store, fillTopic }: PublishPanelProps) {
  // The panel needs the protocol version alone (MQTT 5 fields); counters and rows never render it.
  const protocolVersion = useLogStore(store, (s) => s.connection?.protocolVersion);
  const [draft, setDraft] = useState<PublishDraft>(() => ui.get().publish);
  const [status, setStatus] = useState<Status>({ kind: 'idle', text: '' });
  const [problem, setProblem] = useState<DraftProblem | undefined>(undefined);
  const [showMqtt5, setShowMqtt5] = useState(false);
  const [published, setPublished] = useState(0);
  const [reply, setReply] = useState<RequestReply | undefined>(undefined);
  const [repeat, setRepeat] = useState<RepeatStatus | undefined>(undefined);
  const [repeatCount, setRepeatCount] = useState('10');
  const [repeatInterval, setRepeatInterval] = useState('1000');
  const [open, setOpen] = useState(() => ui.get().publishOpen);
  const [templateName, setTemplateName] = useState('');
  const library = usePublishLibrary(channel, published);

  const mqtt5 = protocolVersion === '5.0';
  const bound = useTopicBinding(channel, draft.topic);
  const jsonLike = draft.format === 'json' || draft.format === 'encoded';

  useEffect(
    () =>
      channel.on('publish/repeat', (status) => {
        setRepeat(status);
      }),
    [channel],
  );

  const change = (update: Partial<PublishDraft>): void => {
    setDraft((d) => ({ ...d, ...update }));
    ui.updatePublish(update);
    if (problem && problem.field in update) setProblem(undefined);
  };

  useEffect(() => {
    if (!fillTopic) return;
    change({ topic: fillTopic.topic });
    setOpen(true);
    ui.update({ publishOpen: true });
  }, [fillTopic?.token]);

  /** The publish the panel asks for, or shows why not. */
  const params = (): PublishParams | undefined => {
    const result = draftToParams(draft, mqtt5);
    if ('problem' in result) {
      setProblem(result.problem);
      setStatus({ kind: 'error', text: result.problem.message });
      if (result.problem.field !== 'topic' && result.problem.field !== 'payload') setShowMqtt5(true);
      return undefined;
    }
    setProblem(undefined);
    return result.params;
  };

  const run = async (busy: string, action: (p: PublishParams) => Promise<Status>): Promise<void> => {
    if (status.kind === 'busy') return;
    const p = params();
    if (!p) return;
    setStatus({ kind: 'busy', text: busy });
    try {
      setStatus(await action(p));
    } catch (e) {
      setStatus({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    }
    setPublished((n) => n + 1);
  };

  /** Copies the draft as a command a terminal can run (the host builds and quotes it). */
  const copyAsCommand = (tool: 'mosquitto_pub' | 'mqttx'): Promise<void> =>
    run('Copying…', async (p) => {
      await channel.request('publish/copyAsCommand', { publish: p, tool });
      return { kind: 'ok', text: `Copied as a ${tool === 'mqttx' ? 'mqttx pub' : 'mosquitto_pub'} command` };
    });

  const publish = (): Promise<void> =>
    run('Publishing…', async (p) => {
      const result = await channel.request('mqtt/publish', p);
      if (result.queued !== undefined) return { kind: 'busy', text: `Queued: it goes out once reconnected (${result.queued.toLocaleString('en-US')} waiting)` };
      const said = result.reason !== undefined && result.reasonCode !== 0 ? ` · ${result.reason}` : '';
      return { kind: 'ok', text: `Published${said}`, ...(result.messageId !== undefined ? { title: `Packet id ${result.messageId}` } : {}) };
    });

  const request = (): Promise<void> =>
    run('Waiting for the reply…', async (p) => {
      setReply(undefined);
      const r = await channel.request('mqtt/request', { publish: p, timeoutMs: REQUEST_TIMEOUT_MS });
      setReply(r);
      return { kind: 'ok', text: `Reply in ${r.rttMs.toLocaleString('en-US')} ms on ${r.topic}`, title: `Correlation data ${r.correlationData}` };
    });

  const startRepeat = (): Promise<void> =>
    run('Starting…', async (p) => {
      const count = Number(repeatCount);
      const intervalMs = Number(repeatInterval);
      if (!Number.isInteger(count) || count < 1 || count > 1_000_000) return { kind: 'error', text: 'Repeat count: a whole number from 1 to 1,000,000.' };
      if (!Number.isInteger(intervalMs) || intervalMs < 0 || intervalMs > 3_600_000) return { kind: 'error', text: 'Interval: milliseconds, from 0 to 3,600,000.' };
      await channel.request('mqtt/repeat/start', { publish: p, count, intervalMs });
      return { kind: 'idle', text: '' };
    });

  const ctrlEnter = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void publish();
    }
  };

  const repeating = repeat?.running === true;
  const repeatText = repeat ? (repeat.error ?? `${repeat.running ? 'Repeating' : 'Repeated'}: ${repeat.sent.toLocaleString('en-US')} of ${repeat.count.toLocaleString('en-US')}`) : undefined;

  const heading = (
    <div class="publish-heading">
      <button
        type="button"
        class="publish-toggle"
        aria-expanded={open}
        data-testid="publish-toggle"
        title={open ? 'Fold the publish panel (more room for the log)' : 'Unfold the publish panel'}
        onClick={() => {
          setOpen(!open);
          ui.update({ publishOpen: !open });
        }}
      >
        {open ? '▾' : '▸'} Publish
      </button>
      {!open && status.text !== '' && (
        <span class={`publish-status ${status.kind}`} role="status">
          {status.text}
        </span>
      )}
      {open && (
        <PublishChoosers
          library={library}
          onPick={(p, name) => {
            const next = paramsToDraft(p);
            setDraft(next);
            ui.updatePublish(next);
            setProblem(undefined);
            if (p.properties) setShowMqtt5(true);
            if (name !== undefined) setTemplateName(name);
          }}
        />
      )}
    </div>
  );

  if (!open) {
    return (
      <section class="publish-panel collapsed" aria-label="Publish" data-testid="publish-panel">
        {heading}
      </section>
    );
  }

  return (
    <section class="publish-panel" aria-label="Publish" data-testid="publish-panel">
      {heading}
      <div class="publish-row">
        <TopicField
          channel={channel}
          class="publish-topic"
          label="Topic"
          value={draft.topic}
          placeholder="devices/led/set"
          testId="publish-topic"
          invalid={problem?.field === 'topic'}
          onInput={(topic) => {
            change({ topic });
          }}
          onEnter={() => void publish()}
        />
        <Dropdown class="publish-qos" label="QoS" value={String(draft.qos) as '0' | '1' | '2'} options={QOS_OPTIONS} testId="publish-qos" onChange={(v) => { change({ qos: Number(v) as 0 | 1 | 2 }); }} />
        <Checkbox class="publish-retain" label="Retain" checked={draft.retain} testId="publish-retain" onChange={(retain) => { change({ retain }); }} />
        <Dropdown label="Payload as" value={draft.format} options={formatOptions(bound, draft.format)} testId="publish-format" onChange={(format) => { change({ format }); }} />
        {jsonLike && (
          <Button
            appearance="secondary"
            testId="publish-format-json"
            title="Pretty-print the JSON payload (and check it)"
            onClick={() => {
              const r = formatJson(draft.payload);
              if ('problem' in r) {
                setProblem({ field: 'payload', message: r.problem });
                setStatus({ kind: 'error', text: r.problem });
              } else {
                change({ payload: r.text });
                setStatus({ kind: 'ok', text: 'Valid JSON' });
              }
            }}
          >
            Format JSON
          </Button>
        )}
        {mqtt5 ? (
          <Button appearance="secondary" pressed={showMqtt5} testId="publish-mqtt5-toggle" title="Content type, expiry, topic alias, response topic, correlation data, user properties" onClick={() => { setShowMqtt5(!showMqtt5); }}>
            {showMqtt5 ? 'Hide MQTT 5 properties' : 'MQTT 5 properties…'}
          </Button>
        ) : (
          <span class="publish-note" data-testid="publish-no-mqtt5">
            MQTT {protocolVersion ?? ''}: no publish properties (they are MQTT 5.0).
          </span>
        )}
      </div>
      <TextArea
        class={`publish-payload${problem?.field === 'payload' ? ' invalid' : ''}`}
        label="Payload"
        value={draft.payload}
        rows={jsonLike ? 3 : 1}
        placeholder={draft.format === 'hex' ? '7b 22 6f 6e 22 3a 74 72 75 65 7d' : draft.format === 'base64' ? 'eyJvbiI6dHJ1ZX0=' : '{"on": true}'}
        testId="publish-payload"
        onInput={(payload) => {
          change({ payload });
        }}
        onKeyDown={ctrlEnter}
      />
      {mqtt5 && showMqtt5 && <Mqtt5PublishFields draft={draft} change={change} problem={problem} />}
      <div class="publish-row publish-actions">
        <Button onClick={() => void publish()} disabled={status.kind === 'busy'} title="Publish (Ctrl+Enter in the payload)" testId="publish-send">
          Publish
        </Button>
        {mqtt5 && (
          <Button
            appearance="secondary"
            onClick={() => void request()}
            disabled={status.kind === 'busy' || draft.responseTopic === ''}
            title={draft.responseTopic === '' ? 'Set a response topic (MQTT 5 properties) to send a request' : `Publish, then wait up to ${REQUEST_TIMEOUT_MS / 1000} s for the reply with the same correlation data`}
            testId="publish-request"
          >
            Send request
          </Button>
        )}
        <span class="repeat">
          <TextField class="narrow" label="Times" value={repeatCount} testId="publish-repeat-count" onInput={setRepeatCount} />
          <TextField class="narrow" label="Every (ms)" value={repeatInterval} testId="publish-repeat-interval" onInput={setRepeatInterval} />
          {repeating ? (
            <Button appearance="secondary" testId="publish-repeat-stop" onClick={() => void channel.request('mqtt/repeat/stop', {})}>
              Stop
            </Button>
          ) : (
            <Button appearance="secondary" testId="publish-repeat-start" title="Publish this many times ({{n}} in a text payload counts 1, 2, 3…)" disabled={status.kind === 'busy'} onClick={() => void startRepeat()}>
              Repeat
            </Button>
          )}
        </span>
        <Button appearance="secondary" testId="publish-copy-mosquitto" title="Copy this publish as a mosquitto_pub command (POSIX shell quoting; binary payloads through printf)" disabled={status.kind === 'busy'} onClick={() => void copyAsCommand('mosquitto_pub')}>
          Copy as mosquitto_pub
        </Button>
        <TemplateSaver
          channel={channel}
          library={library}
          name={templateName}
          setName={setTemplateName}
          current={() => {
            const r = draftToParams(draft, mqtt5);
            return 'problem' in r ? { problem: r.problem.message } : r;
          }}
          onError={(text) => {
            setStatus({ kind: 'error', text });
          }}
        />
        <span class={`publish-status ${status.kind}`} data-testid="publish-status" role="status" title={status.title}>
          {status.text}
        </span>
        {reply && status.kind === 'ok' && (
          <Button appearance="secondary" testId="publish-open-reply" title="Show the reply in full" onClick={() => { store.openMessage(reply.seq); }}>
            Open reply
          </Button>
        )}
        {repeatText !== undefined && (
          <span class={`publish-status ${repeat?.error ? 'error' : 'busy'}`} data-testid="publish-repeat-status" role="status">
            {repeatText}
          </span>
        )}
      </div>
    </section>
  );
}
