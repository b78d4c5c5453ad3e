import { useEffect, useState } from 'preact/hooks';
import type { PublishParams, PublishTemplate } from '../shared/protocol';
import type { HostClient } from './hostClient';
import { Button } from './toolkit/Button';
import { Dropdown } from './toolkit/Dropdown';
import { TextField } from './toolkit/TextField';

export interface PublishLibraryBarProps {
  client: HostClient;
  /** Bumped after each publish: the history is read again. */
  version: number;
  /** Fills the panel with a publish from the history or a template. */
  onPick: (publish: PublishParams) => void;
  /** The panel's publish as it stands, or the reason it cannot be saved. */
  current: () => { params: PublishParams } | { problem: string };
  onError: (message: string) => void;
}

const preview = (p: PublishParams): string => {
  const payload = p.payload.length > 40 ? `${p.payload.slice(0, 40)}…` : p.payload;
  return `${p.topic} · ${payload === '' ? '(empty)' : payload.replace(/\s+/g, ' ')}`;
};

/** The connection's last publishes and the saved templates, one choice away; save or delete a template. */
export function PublishLibraryBar({ client, version, onPick, current, onError }: PublishLibraryBarProps) {
  const [history, setHistory] = useState<PublishParams[]>([]);
  const [templates, setTemplates] = useState<PublishTemplate[]>([]);
  const [name, setName] = useState('');
  const [templatesVersion, setTemplatesVersion] = useState(0);
  // The choosers go back to their prompt after each pick (a new key remounts them).
  const [picks, setPicks] = useState(0);

  useEffect(() => {
    client.request('publish/history/get', {}).then(({ entries }) => { setHistory(entries); }, () => undefined);
  }, [client, version]);
  useEffect(() => {
    client.request('publish/templates/get', {}).then(({ templates: all }) => { setTemplates(all); }, () => undefined);
  }, [client, templatesVersion]);

  const userTemplate = templates.find((t) => t.name === name.trim() && t.source === 'user');
  const save = async (): Promise<void> => {
    const now = current();
    if ('problem' in now) {
      onError(`Not saved as a template: ${now.problem}`);
      return;
    }
    try {
      await client.request('publish/templates/save', { name: name.trim(), publish: now.params });
      setTemplatesVersion((v) => v + 1);
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    }
  };
  const remove = async (): Promise<void> => {
    try {
      await client.request('publish/templates/delete', { name: name.trim() });
      setName('');
      setTemplatesVersion((v) => v + 1);
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div class="publish-row publish-library" data-testid="publish-library">
      <Dropdown
        key={`history-${picks}`}
        class="grow"
        label={`Recent (${history.length})`}
        value=""
        options={[{ value: '', label: history.length ? 'Publish again…' : 'Nothing published yet' }, ...history.map((p, i) => ({ value: String(i), label: preview(p) }))]}
        testId="publish-history"
        onChange={(v) => {
          const picked = history[Number(v)];
          if (v !== '' && picked) onPick(picked);
          setPicks((n) => n + 1);
        }}
      />
      <Dropdown
        key={`templates-${picks}`}
        class="grow"
        label={`Templates (${templates.length})`}
        value=""
        options={[
          { value: '', label: templates.length ? 'Use a template…' : 'No templates yet' },
          ...templates.map((t, i) => ({ value: String(i), label: `${t.name}${t.source === 'workspace' ? ' (.tracemq.json)' : ''} — ${preview(t.publish)}` })),
        ]}
        testId="publish-templates"
        onChange={(v) => {
          const picked = templates[Number(v)];
          setPicks((n) => n + 1);
          if (v === '' || !picked) return;
          onPick(picked.publish);
          setName(picked.name);
        }}
      />
      <TextField class="narrow-wide" label="Template name" value={name} placeholder="set-led" testId="publish-template-name" onInput={setName} />
      <Button appearance="secondary" disabled={name.trim() === ''} testId="publish-template-save" title="Save the panel's publish under this name (your templates)" onClick={() => void save()}>
        {userTemplate ? 'Update template' : 'Save template'}
      </Button>
      {userTemplate && (
        <Button appearance="secondary" testId="publish-template-delete" title="Delete this template of yours" onClick={() => void remove()}>
          Delete
        </Button>
      )}
    </div>
  );
}
