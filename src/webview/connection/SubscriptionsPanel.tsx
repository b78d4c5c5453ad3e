import { useState } from 'preact/hooks';
import type { QoS, SubscriptionInfo, SubscriptionSpec } from '../../shared/mqtt/publishShapes';
import { describeSubscriptionOptions, MAX_SUBSCRIPTION_IDENTIFIER } from '../../shared/mqtt/publishShapes';
import { subscriptionColour } from '../../shared/mqtt/subscriptionColour';
import { topicFilterError } from '../../shared/mqtt/topicFilter';
import type { LogChannel } from '../log/logChannel';
import { Button } from '../toolkit/Button';
import { Checkbox } from '../toolkit/Checkbox';
import { Dropdown } from '../toolkit/Dropdown';
import { TextField } from '../toolkit/TextField';

export interface SubscriptionsPanelProps {
  channel: LogChannel;
  subscriptions: readonly SubscriptionInfo[];
  mqtt5: boolean;
}

interface Form {
  topic: string;
  qos: QoS;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: '0' | '1' | '2';
  identifier: string;
}

const NEW: Form = { topic: '', qos: 0, noLocal: false, retainAsPublished: false, retainHandling: '0', identifier: '' };

const QOS = [
  { value: '0' as const, label: 'QoS 0' },
  { value: '1' as const, label: 'QoS 1' },
  { value: '2' as const, label: 'QoS 2' },
];
const RETAIN_HANDLING = [
  { value: '0' as const, label: 'Send retained at subscribe' },
  { value: '1' as const, label: 'Only for a new subscription' },
  { value: '2' as const, label: 'Never send retained' },
];

function formOf(s: SubscriptionInfo): Form {
  return {
    topic: s.topic,
    qos: s.qos,
    noLocal: s.noLocal === true,
    retainAsPublished: s.retainAsPublished === true,
    retainHandling: String(s.retainHandling ?? 0) as Form['retainHandling'],
    identifier: s.subscriptionIdentifier === undefined ? '' : String(s.subscriptionIdentifier),
  };
}

/** The subscription a form asks for, or why it cannot be made. */
function specOf(f: Form, mqtt5: boolean): SubscriptionSpec | string {
  const problem = topicFilterError(f.topic);
  if (problem) return problem;
  const spec: SubscriptionSpec = { topic: f.topic, qos: f.qos };
  if (!mqtt5) return spec;
  if (f.noLocal) spec.noLocal = true;
  if (f.retainAsPublished) spec.retainAsPublished = true;
  if (f.retainHandling !== '0') spec.retainHandling = Number(f.retainHandling) as 1 | 2;
  if (f.identifier.trim() !== '') {
    const n = Number(f.identifier.trim());
    if (!Number.isInteger(n) || n < 1 || n > MAX_SUBSCRIPTION_IDENTIFIER) return `Subscription identifier: a whole number from 1 to ${MAX_SUBSCRIPTION_IDENTIFIER.toLocaleString('en-US')}.`;
    spec.subscriptionIdentifier = n;
  }
  return spec;
}

/**
 * The connection's subscriptions, each with its colour, QoS (granted, when lower), MQTT 5 options
 * and the broker's refusal in words; add, change or remove one. The host subscribes and answers
 * with the SUBACK in words.
 */
export function SubscriptionsPanel({ channel, subscriptions, mqtt5 }: SubscriptionsPanelProps) {
  const [form, setForm] = useState<Form>(NEW);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const set = (update: Partial<Form>): void => {
    setForm((f) => ({ ...f, ...update }));
  };

  const submit = async (): Promise<void> => {
    const spec = specOf(form, mqtt5);
    if (typeof spec === 'string') {
      setMessage({ error: true, text: spec });
      return;
    }
    setBusy(true);
    try {
      const { subscription } = await channel.request('mqtt/subscribe', spec);
      const granted = subscription.granted !== undefined && subscription.granted < subscription.qos ? ` (the broker granted QoS ${subscription.granted} only)` : '';
      setMessage({ error: false, text: `Subscribed to ${subscription.topic}${granted}.` });
      setForm(NEW);
      setEditing(undefined);
    } catch (e) {
      setMessage({ error: true, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (topic: string): Promise<void> => {
    try {
      await channel.request('mqtt/unsubscribe', { topic });
      setMessage({ error: false, text: `Unsubscribed from ${topic}.` });
    } catch (e) {
      setMessage({ error: true, text: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <section class="subscriptions-panel" aria-label="Subscriptions" data-testid="subscriptions-panel">
      <ul class="subscription-list">
        {subscriptions.length === 0 && <li class="detail-muted">No subscriptions: add one below.</li>}
        {subscriptions.map((s) => {
          const colour = subscriptionColour(s.id);
          const options = describeSubscriptionOptions(s);
          return (
            <li key={s.id} class="subscription" data-testid="subscription" data-topic={s.topic}>
              <span class={`chip${colour ? ` sub-${colour}` : ''}`} aria-hidden="true" />
              <span class="sub-topic">{s.topic}</span>
              <span class="sub-meta">
                QoS {s.qos}
                {s.granted !== undefined && s.granted !== s.qos ? ` (granted ${s.granted})` : ''}
                {options.length > 0 ? ` · ${options.join(' · ')}` : ''}
              </span>
              {s.error && (
                <span class="sub-error" data-testid="subscription-error">
                  {s.error}
                </span>
              )}
              <Button appearance="secondary" testId="subscription-edit" title={`Change the subscription to ${s.topic}`} onClick={() => { setForm(formOf(s)); setEditing(s.topic); setMessage(undefined); }}>
                Edit
              </Button>
              <Button appearance="secondary" testId="subscription-remove" title={`Unsubscribe from ${s.topic}`} onClick={() => void remove(s.topic)}>
                Unsubscribe
              </Button>
            </li>
          );
        })}
      </ul>
      <div class="publish-row subscription-form">
        <TextField
          class="grow"
          label={editing ? `Change ${editing}` : 'Subscribe to'}
          value={form.topic}
          placeholder="sensors/+/temperature"
          testId="subscribe-topic"
          onInput={(topic) => { set({ topic }); }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void submit();
          }}
        />
        <Dropdown label="QoS" value={String(form.qos) as '0' | '1' | '2'} options={QOS} testId="subscribe-qos" onChange={(v) => { set({ qos: Number(v) as QoS }); }} />
        {mqtt5 && (
          <>
            <Checkbox label="No local" checked={form.noLocal} testId="subscribe-noLocal" onChange={(noLocal) => { set({ noLocal }); }} />
            <Checkbox label="Retain as published" checked={form.retainAsPublished} testId="subscribe-retainAsPublished" onChange={(retainAsPublished) => { set({ retainAsPublished }); }} />
            <Dropdown label="Retained messages" value={form.retainHandling} options={RETAIN_HANDLING} testId="subscribe-retainHandling" onChange={(retainHandling) => { set({ retainHandling }); }} />
            <TextField class="narrow" label="Identifier" value={form.identifier} placeholder="none" testId="subscribe-identifier" onInput={(identifier) => { set({ identifier }); }} />
          </>
        )}
        <Button disabled={busy} testId="subscribe-submit" onClick={() => void submit()}>
          {editing ? 'Change' : 'Subscribe'}
        </Button>
        {editing && (
          <Button appearance="secondary" testId="subscribe-cancel" onClick={() => { setForm(NEW); setEditing(undefined); }}>
            Cancel
          </Button>
        )}
      </div>
      {message && (
        <p class={message.error ? 'detail-error' : 'detail-note'} data-testid="subscribe-status" role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
