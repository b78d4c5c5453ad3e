import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormFieldProblem, ProfileFormInit, SecretChange, SecretStatus, TlsFileField } from '../../shared/profileForm/profileFormProtocol';
import { DEFAULT_SESSION_EXPIRY_S } from '../../shared/mqtt/sessionExpiry';
import { Button } from '../toolkit/Button';
import { Checkbox } from '../toolkit/Checkbox';
import { Dropdown, type DropdownOption } from '../toolkit/Dropdown';
import { KeyValueList } from '../toolkit/KeyValueList';
import { Section } from '../toolkit/Section';
import { TextArea } from '../toolkit/TextArea';
import { TextField } from '../toolkit/TextField';
import type { ProfileFormChannel } from './profileFormChannel';
import {
  EMPTY_FORM,
  formFromProfile,
  generateClientId,
  isWebSocketUrl,
  problemsByField,
  profileFromForm,
  type FieldId,
  type FormState,
  type QosText,
  type Version,
} from './formModel';
import { VALIDATE_DELAY_MS } from './validateDelay';

const VERSIONS: readonly DropdownOption<Version>[] = [
  { value: '5.0', label: 'MQTT 5.0' },
  { value: '3.1.1', label: 'MQTT 3.1.1' },
  { value: '3.1', label: 'MQTT 3.1' },
];

const QOS: readonly DropdownOption<QosText>[] = [
  { value: '0', label: '0 · at most once' },
  { value: '1', label: '1 · at least once' },
  { value: '2', label: '2 · exactly once' },
];

type Status = { kind: 'idle' | 'busy' | 'ok' | 'error'; text: string };

/** A pending change to one stored secret, as typed. */
interface SecretDraft {
  value: string;
  clear: boolean;
}

const changeOf = (d: SecretDraft): SecretChange =>
  d.value !== '' ? { action: 'set', value: d.value } : d.clear ? { action: 'clear' } : { action: 'keep' };

const testIdOf = (id: FieldId): string => `form-${id.replace(/\./g, '-')}`;

/** What Save would send, as one string: the form is "dirty" when it differs from the last one saved or loaded. */
const snapshotOf = (form: FormState, password: SecretDraft, passphrase: SecretDraft): string =>
  JSON.stringify([profileFromForm(form), changeOf(password), changeOf(passphrase)]);

/** The profile form: every option of a profile in sections, saved and validated by the host. */
export function ProfileFormApp({ channel }: { channel: ProfileFormChannel }) {
  const [init, setInit] = useState<ProfileFormInit | undefined>();
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [secrets, setSecrets] = useState<SecretStatus>({ password: false, passphrase: false });
  const [password, setPassword] = useState<SecretDraft>({ value: '', clear: false });
  const [passphrase, setPassphrase] = useState<SecretDraft>({ value: '', clear: false });
  const [problems, setProblems] = useState<FormFieldProblem[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle', text: '' });
  /** What the form held when it was loaded or last saved; the form asks before throwing edits away. */
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  /** Bumped after a refused save: focus goes to the first field with an error. */
  const [focusToken, setFocusToken] = useState(0);
  /** The user changed something since the form was loaded: only then is it checked as they type. */
  const [edited, setEdited] = useState(0);
  /**
   * Fields the user typed in: problems found while typing show at these only, so that a new form
   * filled from the top does not shout about the fields below. After a Save, every problem shows.
   */
  const [touched, setTouched] = useState<ReadonlySet<FieldId>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const checks = useRef(0);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const off = channel.on('profileForm/init', (params) => {
      const loaded = params.profile ? formFromProfile(params.profile) : EMPTY_FORM;
      setInit(params);
      setForm(loaded);
      setSecrets(params.secrets);
      setProblems([]);
      setSaved(snapshotOf(loaded, { value: '', clear: false }, { value: '', clear: false }));
    });
    channel.notify('profileForm/ready', {});
    return off;
  }, [channel]);

  // Checked as the user types, once typing pauses: problems show at their fields before Save.
  useEffect(() => {
    if (edited === 0) return undefined;
    const timer = setTimeout(() => {
      const check = ++checks.current;
      channel.request('profileForm/validate', { profile: profileFromForm(form) }).then(
        ({ problems: found }) => {
          // An answer to an older check, or one overtaken by a save, is dropped.
          if (check === checks.current) setProblems(found);
        },
        () => {
          // Not checked now; Save checks again and says why.
        },
      );
    }, VALIDATE_DELAY_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [edited, channel]);

  // After a refused save: the first field with an error gets focus and is scrolled into view.
  useEffect(() => {
    if (focusToken === 0) return;
    const first = mainRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .field-problems:has(.error)');
    if (!first) return;
    first.scrollIntoView({ block: 'center' });
    const target = first.matches('.field-problems') ? first.closest('.form-field')?.querySelector<HTMLElement>('vscode-text-field, vscode-dropdown, vscode-checkbox, vscode-text-area') : first;
    target?.focus();
  }, [focusToken]);

  const set = (change: Partial<FormState>, field?: FieldId): void => {
    setForm((f) => ({ ...f, ...change }));
    setEdited((n) => n + 1);
    if (field !== undefined && !touched.has(field)) setTouched(new Set([...touched, field]));
  };
  const dirty = init !== undefined && saved !== snapshotOf(form, password, passphrase);

  const byField = problemsByField(problems);
  const errorsOf = (id: FieldId | ''): FormFieldProblem[] => (showAll || (id !== '' && touched.has(id)) ? (byField.get(id) ?? []) : []);

  const save = async (connect: boolean): Promise<void> => {
    if (status.kind === 'busy') return;
    setStatus({ kind: 'busy', text: connect ? 'Saving and connecting…' : 'Saving…' });
    setConfirmDiscard(false);
    setShowAll(true);
    // A check still on its way answers for an older form: the save's problems win.
    checks.current++;
    try {
      const result = await channel.request('profileForm/save', {
        profile: profileFromForm(form),
        password: changeOf(password),
        passphrase: changeOf(passphrase),
        ...(connect ? { connect: true } : {}),
      });
      setProblems(result.problems);
      if (!result.ok) {
        const count = result.problems.filter((p) => p.severity === 'error').length;
        setStatus({ kind: 'error', text: `Not saved: ${count} problem${count === 1 ? '' : 's'} to fix.` });
        setFocusToken((n) => n + 1);
        return;
      }
      setSecrets(result.secrets);
      setPassword({ value: '', clear: false });
      setPassphrase({ value: '', clear: false });
      // Saved as sent (this render's form); the secrets' drafts are empty again.
      setSaved(snapshotOf(form, { value: '', clear: false }, { value: '', clear: false }));
      setInit((i) => (i ? { ...i, mode: 'edit' } : i));
      setStatus({ kind: 'ok', text: connect ? `Saved "${result.name}"; connecting.` : `Saved "${result.name}".` });
    } catch (e) {
      setStatus({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  };

  const pick = async (field: TlsFileField): Promise<void> => {
    try {
      const { path } = await channel.request('profileForm/pickFile', { field });
      if (path !== undefined) set({ [field]: path });
    } catch (e) {
      setStatus({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  };

  if (!init) return <main class="profile-form loading" data-testid="profile-form-loading" />;

  const v5 = form.protocolVersion === '5.0';
  const ws = isWebSocketUrl(form.url);

  /** A text field with its problems under it. */
  const text = (id: FieldId, label: string, key: keyof FormState, opts: { placeholder?: string; disabled?: boolean; class?: string } = {}) => {
    const errs = errorsOf(id);
    const errId = `${testIdOf(id)}-problems`;
    return (
      <div class={`form-field ${opts.class ?? ''}`}>
        <TextField
          label={label}
          value={form[key] as string}
          placeholder={opts.placeholder}
          disabled={opts.disabled}
          invalid={errs.some((e) => e.severity === 'error')}
          describedBy={errs.length > 0 ? errId : undefined}
          testId={testIdOf(id)}
          onInput={(value) => {
            set({ [key]: value }, id);
          }}
        />
        <FieldProblems id={errId} problems={errs} testId={`${testIdOf(id)}-problems`} />
      </div>
    );
  };
  const check = (id: FieldId, label: string, key: keyof FormState, disabled?: boolean) => (
    <div class="form-field">
      <Checkbox
        label={label}
        checked={form[key] as boolean}
        disabled={disabled}
        testId={testIdOf(id)}
        onChange={(value) => {
          set({ [key]: value }, id);
        }}
      />
      <FieldProblems problems={errorsOf(id)} testId={`${testIdOf(id)}-problems`} />
    </div>
  );
  const sectionProblems = (id: FieldId) => <FieldProblems problems={errorsOf(id)} testId={`${testIdOf(id)}-problems`} />;

  return (
    <main class="profile-form" data-testid="profile-form" ref={mainRef}>
      <header class="form-header">
        <h1>{init.mode === 'add' ? 'New MQTT profile' : `Profile “${form.name}”`}</h1>
        <p class="form-where" data-testid="form-where">
          {init.source === 'user' ? 'Saved in your user profiles (this machine, every workspace).' : 'Saved in this workspace’s .tracemq.json.'}
        </p>
      </header>

      <Section title="General" testId="section-general">
        {text('name', 'Name', 'name', { placeholder: 'local broker' })}
        {text('url', 'Broker URL', 'url', { placeholder: 'mqtt://localhost:1883', class: 'wide' })}
        <div class="form-field">
          <Dropdown
            label="Protocol version"
            value={form.protocolVersion}
            options={VERSIONS}
            testId="form-protocolVersion"
            onChange={(protocolVersion) => {
              set({ protocolVersion });
            }}
          />
          <FieldProblems problems={errorsOf('protocolVersion')} testId="form-protocolVersion-problems" />
        </div>
        <div class="form-inline">
          {text('clientId', 'Client id', 'clientId', { placeholder: 'generated when empty' })}
          <Button
            appearance="secondary"
            testId="form-generate-client-id"
            onClick={() => {
              set({ clientId: generateClientId() });
            }}
          >
            Generate
          </Button>
        </div>
        {check('clean', 'Clean session (off: resume the broker session and get what it queued)', 'clean')}
        <div class="form-inline">
          {text('keepalive', 'Keep alive (s)', 'keepalive')}
          {text('connectTimeout', 'Connect timeout (s)', 'connectTimeout')}
        </div>
        {sectionProblems('reconnect')}
        <div class="form-inline">
          {check('reconnect.enabled', 'Reconnect automatically', 'reconnectEnabled')}
          {text('reconnect.period', 'Reconnect period (ms)', 'reconnectPeriod', { disabled: !form.reconnectEnabled })}
        </div>
      </Section>

      {ws && (
        <Section title="Transport" testId="section-transport" note="WebSocket handshake options (ws:// and wss:// URLs).">
          {sectionProblems('websocket')}
          {text('websocket.path', 'Path', 'wsPath', { placeholder: '/mqtt' })}
          <KeyValueList
            label="HTTP headers"
            keyLabel="Header"
            valueLabel="Value"
            addLabel="Add header"
            rows={form.wsHeaders}
            testId="form-websocket-headers"
            onChange={(wsHeaders) => {
              set({ wsHeaders });
            }}
          />
          <FieldProblems problems={errorsOf('websocket.headers')} testId="form-websocket-headers-problems" />
        </Section>
      )}

      <Section title="Authentication" testId="section-auth">
        {sectionProblems('auth')}
        {text('auth.username', 'Username', 'username')}
        <SecretField
          label="Password"
          what="password"
          stored={secrets.password}
          draft={password}
          onChange={setPassword}
          testId="form-password"
          problems={errorsOf('auth.password')}
        />
      </Section>

      <Section title="TLS" testId="section-tls">
        {sectionProblems('tls')}
        {check('tls.enabled', 'Use TLS', 'tlsEnabled')}
        {(['ca', 'cert', 'key'] as const).map((field) => (
          <div class="form-inline" key={field}>
            {text(`tls.${field}`, { ca: 'CA certificate', cert: 'Client certificate', key: 'Client key' }[field], field, {
              placeholder: 'path, relative to the workspace folder',
              class: 'wide',
            })}
            <Button
              appearance="secondary"
              testId={`form-tls-${field}-browse`}
              onClick={() => {
                void pick(field);
              }}
            >
              Browse…
            </Button>
          </div>
        ))}
        <SecretField
          label="Client key passphrase"
          what="passphrase"
          stored={secrets.passphrase}
          draft={passphrase}
          onChange={setPassphrase}
          testId="form-passphrase"
          problems={[]}
        />
        {check('tls.insecureSkipVerify', 'Insecure: skip server certificate verification', 'insecureSkipVerify')}
        {form.insecureSkipVerify && (
          <p class="form-warning" role="alert" data-testid="form-insecure-warning">
            ⚠ INSECURE: any server certificate is accepted, so anyone on the network path can impersonate the broker and
            read everything, including the password. Use only for development with self-signed certificates.
          </p>
        )}
      </Section>

      <Section
        title="MQTT 5"
        testId="section-mqtt5"
        disabled={!v5}
        note={v5 ? undefined : `These options exist in MQTT 5.0 only; this profile uses MQTT ${form.protocolVersion}, so they are not sent.`}
      >
        {sectionProblems('mqtt5')}
        <div class="form-inline">
          {text('mqtt5.sessionExpiryInterval', 'Session expiry interval (s)', 'sessionExpiryInterval', { disabled: !v5, placeholder: `empty: ${DEFAULT_SESSION_EXPIRY_S} with clean session off, else 0` })}
          {text('mqtt5.receiveMaximum', 'Receive maximum', 'receiveMaximum', { disabled: !v5 })}
        </div>
        <div class="form-inline">
          {text('mqtt5.maximumPacketSize', 'Maximum packet size (bytes)', 'maximumPacketSize', { disabled: !v5 })}
          {text('mqtt5.topicAliasMaximum', 'Topic alias maximum', 'topicAliasMaximum', { disabled: !v5 })}
        </div>
        {check('mqtt5.requestResponseInformation', 'Request response information', 'requestResponseInformation', !v5)}
        <KeyValueList
          label="User properties (CONNECT)"
          addLabel="Add user property"
          rows={form.userProperties}
          disabled={!v5}
          testId="form-mqtt5-userProperties"
          onChange={(userProperties) => {
            set({ userProperties });
          }}
        />
        <FieldProblems problems={errorsOf('mqtt5.userProperties')} testId="form-mqtt5-userProperties-problems" />
      </Section>

      <Section title="Last Will" testId="section-will" note="Published by the broker when the connection dies without a DISCONNECT. Leave the topic empty for none.">
        {sectionProblems('will')}
        {text('will.topic', 'Topic', 'willTopic', { placeholder: 'clients/dev/status', class: 'wide' })}
        <div class="form-field">
          <TextArea
            label="Payload"
            value={form.willPayload}
            rows={2}
            testId="form-will-payload"
            onInput={(willPayload) => {
              set({ willPayload });
            }}
          />
          <FieldProblems problems={errorsOf('will.payload')} testId="form-will-payload-problems" />
        </div>
        <div class="form-inline">
          <div class="form-field">
            <Dropdown
              label="QoS"
              value={form.willQos}
              options={QOS}
              testId="form-will-qos"
              onChange={(willQos) => {
                set({ willQos });
              }}
            />
            <FieldProblems problems={errorsOf('will.qos')} testId="form-will-qos-problems" />
          </div>
          {check('will.retain', 'Retain', 'willRetain')}
        </div>
        <div class="form-inline">
          {text('will.delayInterval', 'Will delay interval (s, MQTT 5)', 'willDelayInterval', { disabled: !v5 })}
          {text('will.messageExpiryInterval', 'Message expiry interval (s, MQTT 5)', 'willMessageExpiryInterval', { disabled: !v5 })}
        </div>
        <KeyValueList
          label="Will user properties (MQTT 5)"
          addLabel="Add user property"
          rows={form.willUserProperties}
          disabled={!v5}
          testId="form-will-userProperties"
          onChange={(willUserProperties) => {
            set({ willUserProperties });
          }}
        />
        <FieldProblems problems={errorsOf('will.userProperties')} testId="form-will-userProperties-problems" />
      </Section>

      {/* Sticky at the bottom of the window: Save and Close are reachable from every section. */}
      <footer class="form-actions" data-testid="form-actions">
        <FieldProblems problems={errorsOf('')} testId="form-problems" />
        {confirmDiscard ? (
          <div class="form-inline form-confirm" role="alertdialog" aria-label="Unsaved changes" data-testid="form-confirm-discard">
            <span class="form-confirm-text">Discard your unsaved changes to this profile?</span>
            <Button
              testId="form-discard"
              onClick={() => {
                channel.notify('profileForm/cancel', {});
              }}
            >
              Discard
            </Button>
            <Button
              appearance="secondary"
              testId="form-keep-editing"
              onClick={() => {
                setConfirmDiscard(false);
              }}
            >
              Keep editing
            </Button>
          </div>
        ) : (
          <div class="form-inline">
            <Button
              testId="form-save"
              disabled={status.kind === 'busy'}
              onClick={() => {
                void save(false);
              }}
            >
              Save
            </Button>
            <Button
              appearance="secondary"
              testId="form-save-connect"
              disabled={status.kind === 'busy'}
              title="Save the profile, then connect it (a running connection of it connects again with what is saved)"
              onClick={() => {
                void save(true);
              }}
            >
              Save &amp; Connect
            </Button>
            <Button
              appearance="secondary"
              testId="form-cancel"
              title={dirty ? 'Close the form; asks first, as there are unsaved changes' : 'Close the form'}
              onClick={() => {
                if (dirty) setConfirmDiscard(true);
                else channel.notify('profileForm/cancel', {});
              }}
            >
              Close
            </Button>
            {dirty && (
              <span class="form-dirty" data-testid="form-dirty">
                Unsaved changes
              </span>
            )}
            <span class={`form-status ${status.kind}`} role="status" data-testid="form-status">
              {status.text}
            </span>
          </div>
        )}
      </footer>
    </main>
  );
}

function FieldProblems({ problems, testId, id }: { problems: readonly FormFieldProblem[]; testId: string; id?: string }) {
  if (problems.length === 0) return null;
  return (
    <ul class="field-problems" id={id} data-testid={testId}>
      {problems.map((p, i) => (
        <li key={i} class={p.severity}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

interface SecretFieldProps {
  label: string;
  what: string;
  stored: boolean;
  draft: SecretDraft;
  onChange: (d: SecretDraft) => void;
  testId: string;
  problems: readonly FormFieldProblem[];
  disabled?: boolean;
}

/** A secret input: never pre-filled, says whether one is stored, and can clear it. Written to SecretStorage on save. */
function SecretField(props: SecretFieldProps) {
  const { draft, stored } = props;
  const state =
    draft.value !== ''
      ? 'will be stored when you save'
      : draft.clear
        ? 'will be removed when you save'
        : stored
          ? 'stored'
          : 'not set';
  return (
    <div class="form-field">
      <div class="form-inline">
        <TextField
          label={props.label}
          type="password"
          value={draft.value}
          disabled={props.disabled}
          placeholder={stored ? 'type to replace the stored one' : ''}
          testId={props.testId}
          onInput={(value) => {
            props.onChange({ ...draft, value });
          }}
        />
        {stored && !props.disabled && (
          <Button
            appearance="secondary"
            testId={`${props.testId}-clear`}
            disabled={draft.clear}
            onClick={() => {
              props.onChange({ value: '', clear: true });
            }}
          >
            {`Clear stored ${props.what}`}
          </Button>
        )}
      </div>
      <span class="secret-state" data-testid={`${props.testId}-state`}>
        {`${props.label}: ${state}. Kept in VS Code’s secret storage, never in a file.`}
      </span>
      <FieldProblems problems={props.problems} testId={`${props.testId}-problems`} />
    </div>
  );
}
