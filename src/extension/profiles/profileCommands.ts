import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { TreeNode } from '../sidebar/connectionsTree';
import { profileKey, type ProfileEntry, type ProfileSource } from './profile';
import { mergeFormFields } from './profileCandidate';
import { applySecretChanges, rawOf, type ProfileFormPanels } from './profileFormPanel';
import type { ProfileRepository } from './profileRepository';
import { profilesReady } from './profilesReady';
import type { SecretStore } from '../secrets/secretStore';
import type { UserProfiles } from './userProfiles';
import { WorkspaceProfileFile } from './workspaceProfileFile';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';

interface Services {
  profiles: ProfileRepository;
  userProfiles: UserProfiles;
  manager: ConnectionManager;
  secrets: SecretStore;
  forms: ProfileFormPanels;
}

type Target = string | TreeNode | undefined;

const SOURCE_LABEL: Record<ProfileSource, string> = { user: 'user profile', workspace: '.tracemq.json' };

/**
 * The profile-management commands: add and edit (the profile form), delete (with its secrets),
 * and moving profiles between the user's profiles (global state) and the workspace file.
 */
export function registerProfileCommands(context: vscode.ExtensionContext, s: Services): void {
  const { profiles, userProfiles, manager, secrets, forms } = s;

  async function resolve(target: Target, placeHolder: string, source?: ProfileSource): Promise<ProfileEntry | undefined> {
    if (typeof target === 'object') return target.entry;
    if (!(await profilesReady(profiles))) return undefined;
    const candidates = profiles.all.filter((e) => source === undefined || e.source === source);
    if (typeof target === 'string') {
      const entry = candidates.find((e) => e.profile.name === target);
      if (!entry) void vscode.window.showErrorMessage(`TraceMQ: no ${source ? `${SOURCE_LABEL[source]} ` : 'profile '}named "${target}".`);
      return entry;
    }
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(
        source === 'user' ? 'TraceMQ: there are no user profiles.' : source === 'workspace' ? 'TraceMQ: there are no workspace profiles.' : 'TraceMQ: no profiles yet; add one with "TraceMQ: Add Profile".',
      );
      return undefined;
    }
    if (candidates.length === 1) return candidates[0];
    const picked = await vscode.window.showQuickPick(
      candidates.map((entry) => ({ label: entry.profile.name, description: `${entry.profile.url} · ${SOURCE_LABEL[entry.source]}`, entry })),
      { ...QUICK_PICK_OPTIONS, placeHolder, matchOnDescription: true },
    );
    return picked?.entry;
  }

  async function disconnectIfLive(entry: ProfileEntry): Promise<void> {
    const connection = manager.get(profileKey(entry.source, entry.profile.name));
    if (connection && connection.state !== 'disconnected') await connection.disconnect();
  }

  async function deleteSecrets(entry: ProfileEntry): Promise<void> {
    await secrets.deletePassword(entry);
    await secrets.deletePassphrase(entry);
  }

  const firstFolder = (): vscode.Uri | undefined => vscode.workspace.workspaceFolders?.[0]?.uri;

  const commands: Record<string, (target?: Target) => unknown> = {
    'tracemq.addProfile': () => {
      forms.show({ mode: 'add' });
    },

    'tracemq.editProfile': async (target) => {
      const entry = await resolve(target, 'Edit which profile?');
      if (entry) forms.show({ mode: 'edit', entry });
    },

    'tracemq.deleteProfile': async (target) => {
      const entry = await resolve(target, 'Delete which profile?');
      if (!entry) return;
      const where = entry.source === 'user' ? 'your user profiles' : new WorkspaceProfileFile(vscode.Uri.file(entry.folder ?? '')).label;
      const choice = await vscode.window.showWarningMessage(
        `Delete the profile "${entry.profile.name}"?`,
        { modal: true, detail: `It is removed from ${where}, and its stored password and key passphrase are deleted.` },
        'Delete',
      );
      if (choice !== 'Delete') return;
      await disconnectIfLive(entry);
      if (entry.source === 'user') await userProfiles.remove(entry.profile.name);
      else if (entry.folder) await new WorkspaceProfileFile(vscode.Uri.file(entry.folder)).remove(entry.profile.name);
      await deleteSecrets(entry);
      await profiles.reload();
      void vscode.window.showInformationMessage(`TraceMQ: profile "${entry.profile.name}" deleted.`);
    },

    'tracemq.moveToWorkspace': async (target) => {
      const entry = await resolve(target, 'Save which user profile to the workspace?', 'user');
      if (!entry) return;
      const folder = firstFolder();
      if (!folder) {
        void vscode.window.showInformationMessage('TraceMQ: open a folder first; workspace profiles live in its .tracemq.json.');
        return;
      }
      const file = new WorkspaceProfileFile(folder);
      if (await file.has(entry.profile.name)) {
        void vscode.window.showErrorMessage(`TraceMQ: ${file.label} already has a profile named "${entry.profile.name}"; rename one of them first.`);
        return;
      }
      const raw = userProfiles.rawOf(entry.profile.name);
      if (!raw) return;
      await disconnectIfLive(entry);
      await file.upsert(undefined, mergeFormFields(raw, raw));
      const moved: ProfileEntry = { profile: entry.profile, source: 'workspace', folder: folder.fsPath };
      await applySecretChanges(secrets, entry, moved, { action: 'keep' }, { action: 'keep' });
      await userProfiles.remove(entry.profile.name);
      await profiles.reload();
      void vscode.window.showInformationMessage(`TraceMQ: "${entry.profile.name}" moved to ${file.label}. Its password stays in secret storage.`);
    },

    'tracemq.copyToUser': async (target) => {
      const entry = await resolve(target, 'Copy which workspace profile to your user profiles?', 'workspace');
      if (!entry) return;
      if (userProfiles.has(entry.profile.name)) {
        void vscode.window.showErrorMessage(`TraceMQ: a user profile is already named "${entry.profile.name}".`);
        return;
      }
      const raw = (await rawOf(entry, userProfiles)) ?? (JSON.parse(JSON.stringify(entry.profile)) as Parameters<typeof mergeFormFields>[1]);
      await userProfiles.add(raw);
      const copy: ProfileEntry = { profile: entry.profile, source: 'user' };
      const password = await secrets.getPassword(entry);
      if (password !== undefined) await secrets.setPassword(copy, password);
      const passphrase = await secrets.getPassphrase(entry);
      if (passphrase !== undefined) await secrets.setPassphrase(copy, passphrase);
      await profiles.reload();
      void vscode.window.showInformationMessage(`TraceMQ: "${entry.profile.name}" copied to your user profiles.`);
    },
  };

  for (const [id, handler] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
}
