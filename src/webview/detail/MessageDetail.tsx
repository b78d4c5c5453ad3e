import { useEffect, useState } from 'preact/hooks';
import { keyHint } from '../log/keyHint';
import { autoViewNote, decodeText, detectView, formatPayload, type PayloadView } from '../../shared/payload/payloadFormat';
import { formatByteCount, showControls } from '../../shared/payload/payloadPreview';
import { propertyLabel, propertyWords } from '../../shared/mqtt/propertyWords';
import type { MessageDto } from '../../shared/log/logProtocol';
import type { SubscriptionInfo } from '../../shared/mqtt/publishShapes';
import { FORMAT_NAMES } from '../../shared/decoders/decodedPayload';
import { formatTime } from '../format/formatTime';
import { JsonView } from '../format/JsonView';
import { LinesView } from '../format/LinesView';
import type { LogChannel } from '../log/logChannel';
import { Button } from '../toolkit/Button';
import { SegmentedControl } from '../toolkit/SegmentedControl';

/** Most characters the pane renders; the rest is one click away in an editor tab. */
const PANE_CHARS = 256 * 1024;

type ViewChoice = 'auto' | PayloadView | 'decoded';

const VIEW_OPTIONS: readonly { value: ViewChoice; label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'text', label: 'Text' },
  { value: 'json', label: 'JSON' },
  { value: 'hex', label: 'Hex' },
  { value: 'base64', label: 'Base64' },
];

/** With a decoder bound to the topic: Decoded first after Auto. */
const DECODED_VIEW_OPTIONS: readonly { value: ViewChoice; label: string }[] = [VIEW_OPTIONS[0] as { value: ViewChoice; label: string }, { value: 'decoded', label: 'Decoded' }, ...VIEW_OPTIONS.slice(1)];

export interface MessageDetailProps {
  seq: number;
  channel: LogChannel;
  /** The connection's subscriptions, to name the one a subscription identifier stands for. */
  subscriptions: readonly SubscriptionInfo[];
  onClose: () => void;
}

type Loaded = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ok'; message: MessageDto };

/**
 * The selected message in full: metadata, the payload as text / pretty JSON / hex / base64 (the
 * best view chosen automatically, with a manual override) and every MQTT 5 property. All of it is
 * untrusted and rendered as text nodes only; invisible and direction-changing characters are shown.
 */
export function MessageDetail({ seq, channel, subscriptions, onClose }: MessageDetailProps) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [choice, setChoice] = useState<ViewChoice>('auto');
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const [actionDone, setActionDone] = useState<string | undefined>(undefined);

  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    setActionError(undefined);
    channel.request('log/message/get', { seq }).then(
      ({ message }) => {
        if (current) setLoaded({ state: 'ok', message });
      },
      (e: unknown) => {
        if (current) setLoaded({ state: 'error', error: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [seq, channel]);

  const act = (request: Promise<unknown>, done?: string): void => {
    request.then(
      () => {
        setActionError(undefined);
        setActionDone(done);
      },
      (e: unknown) => {
        setActionError(e instanceof Error ? e.message : String(e));
        setActionDone(undefined);
      },
    );
  };

  if (loaded.state !== 'ok') {
    return (
      <section class="message-detail" data-testid="message-detail" aria-label="Message detail">
        <div class="detail-toolbar">
          <span class={loaded.state === 'error' ? 'detail-error' : 'detail-muted'} data-testid="detail-status">
            {loaded.state === 'error' ? loaded.error : 'Loading…'}
          </span>
          <span class="detail-spacer" />
          <Button appearance="secondary" testId="detail-close" title={`Close (Escape)${keyHint('toggleDetail')}`} onClick={onClose}>
            Close
          </Button>
        </div>
      </section>
    );
  }

  const m = loaded.message;
  const decoded = m.decoded;
  // Auto shows a bound topic decoded, unless it did not decode: then the raw bytes, with why.
  const showDecoded = decoded !== undefined && (choice === 'decoded' || (choice === 'auto' && decoded.error === undefined));
  const rawChoice = choice === 'decoded' ? 'hex' : choice;
  const view: PayloadView = rawChoice === 'auto' ? detectView(m.payload) : rawChoice;
  const content: { body: string; kind: BodyKind; note: string | undefined } =
    showDecoded && decoded.error === undefined
      ? { body: JSON.stringify(decoded.value ?? null, null, 2), kind: 'json', note: undefined }
      : paneContent(m.payload, view);
  const { body, kind } = content;
  // Auto picked text for something that looks like JSON: say why it was not formatted.
  const note = content.note ?? (choice === 'auto' && view === 'text' && !showDecoded ? autoViewNote(m.payload) : undefined);
  const decodeError = decoded?.error !== undefined && (choice === 'auto' || choice === 'decoded') ? `Did not decode as ${FORMAT_NAMES[decoded.format]}: ${decoded.error}${choice === 'decoded' ? ' The raw bytes are shown in hex.' : ''}` : undefined;
  const openView = showDecoded && decoded.error === undefined ? 'decoded' : view;
  const rawCopy = rawCopyOf(m, !showDecoded && view === 'hex');
  const cut = body.length > PANE_CHARS;
  const display = body.slice(0, PANE_CHARS);

  return (
    <section class="message-detail" data-testid="message-detail" aria-label="Message detail">
      <div class="detail-toolbar">
        <span class="detail-topic" data-testid="detail-topic" title={showControls(m.topic)}>
          {showControls(m.topic)}
        </span>
        <span class="detail-meta">
          {formatTime(m.time)} · QoS {m.qos}
          {m.retain ? ' · retained' : ''}
          {m.dup ? ' · duplicate' : ''} · {formatByteCount(m.size)}
        </span>
        <span class="detail-spacer" />
        <SegmentedControl
          label="Show the payload as"
          class="detail-view"
          value={choice}
          options={decoded ? DECODED_VIEW_OPTIONS : VIEW_OPTIONS}
          testId="detail-view"
          onChange={(v) => {
            setChoice(v);
          }}
        />
        <Button appearance="secondary" testId="detail-copy-topic" title="Copy the topic" onClick={() => { act(channel.request('log/message/copy', { seq, what: 'topic' })); }}>
          Copy topic
        </Button>
        {decoded !== undefined && decoded.error === undefined && (
          <Button appearance="secondary" testId="detail-copy-decoded" title={`Copy the payload decoded as ${FORMAT_NAMES[decoded.format]}, as pretty JSON (what the Decoded view shows)`} onClick={() => { act(channel.request('log/message/copy', { seq, what: 'decoded' })); }}>
            Copy decoded (JSON)
          </Button>
        )}
        <Button appearance="secondary" testId="detail-copy-payload" title={rawCopy.title} onClick={() => { act(channel.request('log/message/copy', { seq, what: rawCopy.what })); }}>
          {rawCopy.label}
        </Button>
        <Button appearance="secondary" testId="detail-copy-mosquitto" title="Copy a mosquitto_pub command that publishes this message again (topic, QoS, retain, MQTT 5 properties; binary payloads through printf)" onClick={() => { act(channel.request('log/message/copy', { seq, what: 'mosquitto_pub' })); }}>
          Copy as mosquitto_pub
        </Button>
        <Button appearance="secondary" testId="detail-copy-mqttx" title="Copy an mqttx pub command that publishes this message again" onClick={() => { act(channel.request('log/message/copy', { seq, what: 'mqttx' })); }}>
          Copy as mqttx
        </Button>
        <Button appearance="secondary" testId="detail-open" title="Open the payload in an editor tab" onClick={() => { act(channel.request('log/message/open', { seq, view: openView })); }}>
          Open in editor
        </Button>
        {m.retain && (
          <Button
            appearance="secondary"
            testId="detail-clear-retained"
            title={`Publish an empty retained message to ${showControls(m.topic)}: the broker drops the retained one`}
            onClick={() => {
              act(channel.request('mqtt/clearRetained', { topic: m.topic }), 'The retained message of this topic is cleared.');
            }}
          >
            Clear retained
          </Button>
        )}
        {decoded?.rebirth && (
          <Button
            appearance="secondary"
            testId="detail-request-rebirth"
            title={`Publish the NCMD "Node Control/Rebirth = true" to edge node ${decoded.rebirth.edgeNodeId} of group ${decoded.rebirth.groupId}: it publishes its births again, and the aliases get their names`}
            onClick={() => {
              const target = decoded.rebirth;
              if (target) act(channel.request('decoders/rebirth', target).then(({ topic }) => topic), `Rebirth requested: NCMD sent to ${target.groupId}/${target.edgeNodeId}.`);
            }}
          >
            Request Rebirth
          </Button>
        )}
        <Button appearance="secondary" testId="detail-close" title={`Close (Escape)${keyHint('toggleDetail')}`} onClick={onClose}>
          Close
        </Button>
      </div>
      {decodeError !== undefined && (
        <p class="detail-error" data-testid="detail-decode-error">
          {decodeError}
        </p>
      )}
      {showDecoded && decoded.notes && decoded.notes.length > 0 && (
        <ul class="detail-decode-notes" data-testid="detail-decode-notes">
          {decoded.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {actionError !== undefined && (
        <p class="detail-error" data-testid="detail-action-error">
          {actionError}
        </p>
      )}
      {actionDone !== undefined && (
        <p class="detail-note" data-testid="detail-action-done">
          {actionDone}
        </p>
      )}
      {(note !== undefined || cut) && (
        <p class="detail-note" data-testid="detail-note">
          {[note, cut ? `Showing the first ${formatByteCount(PANE_CHARS).replace('bytes', 'characters')}; open it in an editor for all of it.` : undefined]
            .filter((s) => s !== undefined)
            .join(' ')}
        </p>
      )}
      <div class="detail-body">
        <pre class={`detail-payload ${showDecoded ? 'decoded' : view}`} data-testid="detail-payload" data-view={showDecoded ? 'decoded' : view} tabIndex={0}>
          {m.size === 0 ? '(empty payload)' : kind === 'json' ? <JsonView text={display} /> : kind === 'lines' ? <LinesView text={display} /> : display}
        </pre>
        {m.properties && Object.keys(m.properties).length > 0 && <Properties properties={m.properties} subscriptions={subscriptions} />}
      </div>
    </section>
  );
}

/**
 * What the pane shows for a view: the formatted payload, or — when the view does not apply (JSON
 * that does not parse, text that is not UTF-8) — the text, else a hex dump, with the reason.
 */
function paneContent(payload: Uint8Array, view: PayloadView): { body: string; kind: BodyKind; note: string | undefined } {
  const formatted = formatPayload(payload, view);
  if (formatted.ok) {
    const kind: BodyKind = view === 'json' ? 'json' : view === 'text' ? 'lines' : 'plain';
    return { body: view === 'text' ? showControlsKeepingLines(formatted.text) : formatted.text, kind, note: formatted.note };
  }
  const text = decodeText(payload);
  if (text !== undefined) return { body: showControlsKeepingLines(text), kind: 'lines', note: formatted.reason };
  const hex = formatPayload(payload, 'hex');
  return { body: hex.ok ? hex.text : '', kind: 'plain', note: formatted.reason };
}

/** How the payload's text is drawn: coloured JSON, lines with their breaks marked, or as it is (hex, base64). */
type BodyKind = 'json' | 'lines' | 'plain';

function Properties({ properties, subscriptions }: { properties: Record<string, unknown>; subscriptions: readonly SubscriptionInfo[] }) {
  return (
    <table class="detail-properties" data-testid="detail-properties">
      <caption>MQTT 5 properties</caption>
      <thead>
        <tr>
          <th scope="col">Property</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(properties).flatMap(([key, value]) =>
          key === 'userProperties' && typeof value === 'object' && value !== null && !(value instanceof Uint8Array)
            ? Object.entries(value as Record<string, unknown>).map(([k, v]) => (
                <tr key={`user:${k}`}>
                  <th scope="row">user: {showControls(k)}</th>
                  <td>{propertyText(v)}</td>
                </tr>
              ))
            : [
                <tr key={key}>
                  <th scope="row" title={key}>
                    {propertyLabel(key)}
                  </th>
                  <td>{key === 'subscriptionIdentifier' ? identifierText(value, subscriptions) : (propertyWords(key, value) ?? propertyText(value))}</td>
                </tr>,
              ],
        )}
      </tbody>
    </table>
  );
}

/** A property value as visible text: bytes as text when UTF-8 (else hex), lists joined. */
function propertyText(value: unknown): string {
  if (value instanceof Uint8Array) {
    const text = decodeText(value);
    return text !== undefined ? showControls(text) : `(binary) ${Array.from(value, (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
  }
  if (Array.isArray(value)) return value.map(propertyText).join(', ');
  if (typeof value === 'string') return showControls(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return '';
  return showControls(JSON.stringify(value));
}

/** Subscription identifiers with the topic filters they stand for. */
function identifierText(value: unknown, subscriptions: readonly SubscriptionInfo[]): string {
  const ids = Array.isArray(value) ? value : [value];
  return ids
    .map((id) => {
      const sub = subscriptions.find((s) => s.subscriptionIdentifier === id);
      return sub ? `${String(id)} (${showControls(sub.topic)})` : String(id);
    })
    .join(', ');
}

/** Like showControls, but real line breaks (LF or CRLF, made LF) and tabs stay as they are in a multi-line view. */
function showControlsKeepingLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.split('\t').map(showControls).join('\t'))
    .join('\n');
}

/**
 * What "Copy payload" copies. Text as text; a binary payload, or a bound topic's (its bytes read as
 * text would be garbage), as the Hex view shows it while the pane shows hex, else as base64.
 */
function rawCopyOf(m: MessageDto, showingHex: boolean): { what: 'payload' | 'hex' | 'base64'; label: string; title: string } {
  const binary = m.decoded !== undefined || decodeText(m.payload) === undefined;
  if (!binary) return { what: 'payload', label: 'Copy payload', title: 'Copy the payload as text' };
  if (showingHex) return { what: 'hex', label: 'Copy payload (hex)', title: 'Copy the raw bytes as the Hex view shows them' };
  return { what: 'base64', label: 'Copy payload (base64)', title: 'Copy the raw bytes as base64' };
}
