import { useEffect, useState } from 'preact/hooks';
import type { PublishParams, PublishTemplate } from '../../shared/mqtt/publishShapes';
import type { LogChannel } from '../log/logChannel';
import { Button } from '../toolkit/Button';
import { Dropdown } from '../toolkit/Dropdown';
import { TextField } from '../toolkit/TextField';

const preview = (p: PublishParams): string => {
  const payload = p.payload.length > 40 ? `${p.payload.slice(0, 40)}…` : p.payload;
  return `${p.topic} · ${payload === '' ? '(empty)' : payload.replace(/\s+/g, ' ')}`;
};

export interface PublishLibrary {
  history: PublishParams[];
  templates: PublishTemplate[];
  /** Reads the templates again (after a save or a delete). */
  refreshTemplates: () => void;
}

/** The connection's last publishes (read again whenever `version` changes) and the saved templates. */
export function usePublishLibrary(channel: LogChannel, version: number): PublishLibrary {
  const [history, setHistory] = useState<PublishParams[]>([]);
  const [templates, setTemplates] = useState<PublishTemplate[]>([]);
  const [templatesVersion, setTemplatesVersion] = useState(0);
  useEffect(() => {
    channel.request('publish/history/get', {}).then(({ entries }) => { setHistory(entries); }, () => undefined);
  }, [channel, version]);
  useEffect(() => {
    channel.request('publish/templates/get', {}).then(({ templates: all }) => { setTemplates(all); }, () => undefined);
  }, [channel, templatesVersion]);
  return { history, templates, refreshTemplates: () => { setTemplatesVersion((v) => v + 1); } };
}

export interface PublishChoosersProps {
  library: PublishLibrary;
  onPick: (publish: PublishParams, templateName?: string) => void;
}

/** Publish again from the history, or use a template: one choice fills the panel. */
export function PublishChoosers({ library, onPick }: PublishChoosersProps) {
  const { history, templates } = library;
  // The choosers go back to their prompt after each pick (a new key remounts them).
  const [picks, setPicks] = useState(0);
  return (
    <div class="publish-choosers" data-testid="publish-library">
      <Dropdown
        key={`history-${picks}`}
        label={`Recent (${history.length})`}
        value=""
        options={[{ value: '', label: history.length ? 'Publish again…' : 'Nothing published yet' }, ...history.map((p, i) => ({ value: String(i), label: preview(p) }))]}
        testId="publish-history"
        onChange={(v) => {
          const picked = history[Number(v)];
          setPicks((n) => n + 1);
          if (v !== '' && picked) onPick(picked);
        }}
      />
      <Dropdown
        key={`templates-${picks}`}
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
          if (v !== '' && picked) onPick(picked.publish, picked.name);
        }}
      />
    </div>
  );
}

export interface TemplateSaverProps {
  channel: LogChannel;
  library: PublishLibrary;
  name: string;
  setName: (name: string) => void;
  /** The panel's publish as it stands, or the reason it cannot be saved. */
  current: () => { params: PublishParams } | { problem: string };
  onError: (message: string) => void;
}

/** Save the panel's publish as a template of yours (or update it), or delete one of yours. */
export function TemplateSaver({ channel, library, name, setName, current, onError }: TemplateSaverProps) {
  const userTemplate = library.templates.find((t) => t.name === name.trim() && t.source === 'user');
  const save = async (): Promise<void> => {
    const now = current();
    if ('problem' in now) {
      onError(`Not saved as a template: ${now.problem}`);
      return;
    }
    try {
      await channel.request('publish/templates/save', { name: name.trim(), publish: now.params });
      library.refreshTemplates();
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    }
  };
  const remove = async (): Promise<void> => {
    try {
      await channel.request('publish/templates/delete', { name: name.trim() });
      setName('');
      library.refreshTemplates();
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <span class="template-saver">
      <TextField class="narrow-wide" label="Template name" value={name} placeholder="set-led" testId="publish-template-name" onInput={setName} />
      <Button appearance="secondary" disabled={name.trim() === ''} testId="publish-template-save" title="Save the panel's publish under this name (your templates)" onClick={() => void save()}>
        {userTemplate ? 'Update template' : 'Save template'}
      </Button>
      {userTemplate && (
        <Button appearance="secondary" testId="publish-template-delete" title="Delete this template of yours" onClick={() => void remove()}>
          Delete
        </Button>
      )}
    </span>
  );
}
