import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { JsonObject } from '../../shared/json/jsonValue';
import {
  profileFormProtocol,
  type FormFieldProblem,
  type ProfileFormInit,
  type ProfileFormSaveParams,
  type ProfileFormSaveResult,
  type SecretChange,
  type SecretStatus,
  type TlsFileField,
} from '../../shared/profileForm/profileFormProtocol';
import { DisposableStore } from '../base/disposableStore';
import type { Logger } from '../base/logger';
import { WebviewRouter } from '../ipc/webviewRouter';
import { profileKey, type ProfileEntry } from './profile';
import { changedParts } from './changedParts';
import { mergeFormFields, validateProfileCandidate } from './profileCandidate';
import { rawProfileFromText } from './profileFileEdits';
import type { ProfileRepository } from './profileRepository';
import type { SecretStore } from '../secrets/secretStore';
import type { UserProfiles } from './userProfiles';
import { renderWebviewHtml, WEBVIEW_RESOURCE_FOLDERS } from '../base/webviewHtml';
import { WorkspaceProfileFile } from './workspaceProfileFile';

export const PROFILE_FORM_VIEW_TYPE = 'tracemq.profileForm';

interface Services {
  profiles: ProfileRepository;
  userProfiles: UserProfiles;
  secrets: SecretStore;
  log: Logger;
  /**
   * Called after a save that changed an existing profile's settings or secrets (`changed` names
   * them, e.g. "password"), with the profile's key before the save: its connection may still run
   * with the previous ones (the extension offers to reconnect).
   */
  changed?: (oldKey: string, entry: ProfileEntry, changed: string) => void;
  /**
   * Save & Connect: connects the saved profile, ending first a connection still held under its key
   * before the save (`oldKey`), so that it runs with what was just saved.
   */
  connect?: (oldKey: string, entry: ProfileEntry) => Promise<void>;
}

/** What one open form edits: nothing yet (add), or a stored profile. */
type Editing = { mode: 'add' } | { mode: 'edit'; entry: ProfileEntry };

/**
 * The profile form: one webview panel per edited profile (and one for a new profile). The host
 * validates what the form submits with the workspace file's parser, saves to global state or back
 * into `.tracemq.json`, and writes secrets to SecretStorage. Secrets are never sent to the form.
 */
export class ProfileFormPanels extends DisposableStore {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  static register(context: vscode.ExtensionContext, services: Services): ProfileFormPanels {
    const panels = new ProfileFormPanels(context.extensionUri, services);
    context.subscriptions.push(panels);
    return panels;
  }

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly s: Services,
  ) {
    super();
  }

  /** Opens (or reveals) the form for a new profile or for `entry`. */
  show(editing: Editing): void {
    const key = editing.mode === 'add' ? 'add' : profileKey(editing.entry.source, editing.entry.profile.name);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PROFILE_FORM_VIEW_TYPE, titleOf(editing), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: WEBVIEW_RESOURCE_FOLDERS.map((folder) => vscode.Uri.joinPath(this.extensionUri, ...folder)),
      // The form holds typed, unsaved input: keep it when the tab is hidden.
      retainContextWhenHidden: true,
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'tracemq.svg');
    this.panels.set(key, panel);
    new ProfileForm(panel, editing, this.s, this.extensionUri, (oldKey, newKey) => {
      this.panels.delete(oldKey);
      this.panels.set(newKey, panel);
    }, () => {
      for (const [k, p] of this.panels) if (p === panel) this.panels.delete(k);
    });
  }

  override dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    super.dispose();
  }
}

function titleOf(editing: Editing): string {
  return editing.mode === 'add' ? 'New MQTT Profile' : `Profile: ${editing.entry.profile.name}`;
}

/** One open form and its messages. */
class ProfileForm {
  private saving = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private editing: Editing,
    private readonly s: Services,
    extensionUri: vscode.Uri,
    private readonly rekeyed: (oldKey: string, newKey: string) => void,
    disposed: () => void,
  ) {
    const webview = panel.webview;
    const asset = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', ...p)).toString();
    webview.html = renderHtml(webview.cspSource, asset('profileForm.js'), asset('profileForm.css'), titleOf(editing));
    const router = new WebviewRouter({
      post: (message) => webview.postMessage(message),
      log: s.log,
      source: 'the profile form',
      // What the form is told is written for the user: the dialog's and the save's failures.
      isUserFacing: () => true,
    });
    const notify = router.notifier(profileFormProtocol);
    router.register(profileFormProtocol, {
      'profileForm/ready': async () => {
        await notify('profileForm/init', await this.init());
      },
      'profileForm/cancel': () => {
        this.panel.dispose();
      },
      'profileForm/pickFile': ({ field }) => this.pickFile(field),
      'profileForm/validate': ({ profile }) => ({ problems: this.validate(profile) }),
      'profileForm/save': async (params) => {
        if (this.saving) throw new Error('A save is already running.');
        this.saving = true;
        try {
          return await this.save(params);
        } catch (e) {
          throw new Error(`Not saved: ${errorText(e)}`);
        } finally {
          this.saving = false;
        }
      },
    });
    const sub = webview.onDidReceiveMessage((raw: unknown) => {
      void router.receive(raw);
    });
    panel.onDidDispose(() => {
      sub.dispose();
      router.dispose();
      disposed();
    });
  }

  private async init(): Promise<ProfileFormInit> {
    if (this.editing.mode === 'add') {
      return { mode: 'add', source: 'user', secrets: { password: false, passphrase: false } };
    }
    const entry = this.editing.entry;
    const profile = (await rawOf(entry, this.s.userProfiles)) ?? (JSON.parse(JSON.stringify(entry.profile)) as JsonObject);
    return { mode: 'edit', source: entry.source, profile, secrets: await secretStatus(entry, this.s.secrets) };
  }

  private async pickFile(field: TlsFileField): Promise<{ path?: string }> {
    const folder = this.folderUri();
    const label = { ca: 'CA certificate', cert: 'client certificate', key: 'client key' }[field];
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      canSelectFiles: true,
      canSelectFolders: false,
      openLabel: `Use as ${label}`,
      title: `TraceMQ: choose the ${label}`,
      ...(folder ? { defaultUri: folder } : {}),
      filters: field === 'key' ? { 'Keys': ['key', 'pem'], 'All files': ['*'] } : { 'Certificates': ['pem', 'crt', 'cer'], 'All files': ['*'] },
    });
    const file = picked?.[0];
    if (!file) return {};
    // Workspace profiles keep paths relative to their folder (the file travels with the repo);
    // user profiles have no folder, so they get absolute paths.
    const workspaceFolder = this.editing.mode === 'edit' && this.editing.entry.source === 'workspace' ? folder : undefined;
    if (workspaceFolder) {
      const relative = path.relative(workspaceFolder.fsPath, file.fsPath);
      if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return { path: relative.split(path.sep).join('/') };
    }
    return { path: file.fsPath };
  }

  private folderUri(): vscode.Uri | undefined {
    if (this.editing.mode === 'edit' && this.editing.entry.folder) return vscode.Uri.file(this.editing.entry.folder);
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  /** What a save would refuse or warn about, without saving: the parser's problems and a name already taken. */
  private validate(candidate: JsonObject): FormFieldProblem[] {
    const problems = validateProfileCandidate(candidate).problems;
    const name = typeof candidate.name === 'string' ? candidate.name : undefined;
    const old = this.editing.mode === 'edit' ? this.editing.entry : undefined;
    if (name !== undefined && name !== old?.profile.name && (old?.source ?? 'user') === 'user' && this.s.userProfiles.has(name)) {
      problems.push({ field: 'name', message: `A user profile is already named "${name}".`, severity: 'error' });
    }
    return problems;
  }

  private async save(params: ProfileFormSaveParams): Promise<ProfileFormSaveResult> {
    const check = validateProfileCandidate(params.profile);
    const problems: FormFieldProblem[] = [...check.problems];
    const profile = check.profile;
    if (!profile) return { ok: false, problems };

    const old = this.editing.mode === 'edit' ? this.editing.entry : undefined;
    const source = old?.source ?? 'user';
    const oldName = old?.profile.name;
    const nameTaken = (msg: string): ProfileFormSaveResult => ({ ok: false, problems: [...problems, { field: 'name', message: msg, severity: 'error' }] });

    let entry: ProfileEntry;
    if (source === 'user') {
      if (profile.name !== oldName && this.s.userProfiles.has(profile.name)) return nameTaken(`A user profile is already named "${profile.name}".`);
      const stored = mergeFormFields(oldName === undefined ? undefined : this.s.userProfiles.rawOf(oldName), params.profile);
      if (oldName === undefined) await this.s.userProfiles.add(stored);
      else await this.s.userProfiles.replace(oldName, stored);
      entry = { profile, source: 'user' };
    } else {
      const folder = old?.folder;
      if (!folder) throw new Error('the workspace folder of this profile is gone.');
      const file = new WorkspaceProfileFile(vscode.Uri.file(folder));
      if (profile.name !== oldName && (await file.has(profile.name))) return nameTaken(`${file.label} already has a profile named "${profile.name}".`);
      await file.upsert(oldName, params.profile);
      entry = { profile, source: 'workspace', folder };
    }

    await applySecretChanges(this.s.secrets, old, entry, params.password, params.passphrase);
    await this.s.profiles.reload();
    const oldKey = old ? profileKey(old.source, old.profile.name) : 'add';
    const changed = old ? changedParts(old, entry, params) : '';
    // Save & Connect connects with what was saved: no "reconnect now?" offer on top of it.
    if (params.connect === true && this.s.connect) void this.s.connect(oldKey, entry).catch((e: unknown) => { this.s.log.error(`Save & Connect: ${errorText(e)}`); });
    else if (old && changed !== '') this.s.changed?.(oldKey, entry, changed);
    this.editing = { mode: 'edit', entry };
    this.rekeyed(oldKey, profileKey(entry.source, entry.profile.name));
    this.panel.title = titleOf(this.editing);
    return { ok: true, name: profile.name, secrets: await secretStatus(entry, this.s.secrets), problems };
  }
}

/** The profile's JSON as stored (global state or the workspace file), with keys the parser does not know yet. */
export async function rawOf(entry: ProfileEntry, userProfiles: UserProfiles): Promise<JsonObject | undefined> {
  if (entry.source === 'user') return userProfiles.rawOf(entry.profile.name);
  if (!entry.folder) return undefined;
  const text = await new WorkspaceProfileFile(vscode.Uri.file(entry.folder)).read();
  return text === undefined ? undefined : rawProfileFromText(text, entry.profile.name);
}

async function secretStatus(entry: ProfileEntry, secrets: SecretStore): Promise<SecretStatus> {
  return {
    password: (await secrets.getPassword(entry)) !== undefined,
    passphrase: (await secrets.getPassphrase(entry)) !== undefined,
  };
}

/**
 * Applies the form's secret changes to the saved profile. A secret left unchanged follows the
 * profile when its name, host or source changed (the storage key binds all three).
 */
export async function applySecretChanges(
  secrets: SecretStore,
  old: ProfileEntry | undefined,
  entry: ProfileEntry,
  password: SecretChange,
  passphrase: SecretChange,
): Promise<void> {
  const moved = old !== undefined && JSON.stringify([old.source, old.profile.name, old.profile.url]) !== JSON.stringify([entry.source, entry.profile.name, entry.profile.url]);
  const apply = async (
    change: SecretChange,
    get: (e: ProfileEntry) => Thenable<string | undefined>,
    set: (e: ProfileEntry, v: string) => Thenable<void>,
    del: (e: ProfileEntry) => Thenable<void>,
  ): Promise<void> => {
    if (change.action === 'keep') {
      if (!moved) return;
      const value = await get(old);
      if (value !== undefined) await set(entry, value);
      await del(old);
      return;
    }
    if (change.action === 'set') await set(entry, change.value);
    else await del(entry);
    if (moved) await del(old);
  };
  await apply(
    password,
    (e) => secrets.getPassword(e),
    (e, v) => secrets.setPassword(e, v),
    (e) => secrets.deletePassword(e),
  );
  await apply(
    passphrase,
    (e) => secrets.getPassphrase(e),
    (e, v) => secrets.setPassphrase(e, v),
    (e) => secrets.deletePassphrase(e),
  );
}

function renderHtml(cspSource: string, scriptUri: string, styleUri: string, title: string): string {
  return renderWebviewHtml({ cspSource, nonce: randomBytes(16).toString('base64'), scriptUri, styleUri, title });
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
