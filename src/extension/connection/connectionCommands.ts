import * as vscode from 'vscode';
import { ConnectionError } from './connection';
import type { ConnectionManager } from './connectionManager';
import type { TreeNode } from '../sidebar/connectionsTree';
import type { LogPanels } from '../log/logPanels';
import type { LiveConnections } from './liveConnections';
import { profileKey, type ProfileEntry } from '../profiles/profile';
import { PROFILES_FILE, type ProfileRepository } from '../profiles/profileRepository';
import type { SecretStore } from '../secrets/secretStore';
import { askSubscription } from './subscriptionInput';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';

interface Services {
  profiles: ProfileRepository;
  manager: ConnectionManager;
  secrets: SecretStore;
  panels: LogPanels;
  log: vscode.LogOutputChannel;
  live: LiveConnections;
}

/** A command's first argument: a profile name (palette, API) or the tree node it was run on. */
type Target = string | TreeNode | undefined;

const SAMPLE_FILE = `{
  "profiles": [
    {
      "name": "local",
      "url": "mqtt://localhost:1883",
      "protocolVersion": "5.0",
      "auth": { "username": "" },
      "subscriptions": [{ "topic": "#", "qos": 0 }]
    }
  ]
}
`;

/** Registers every `tracemq.*` command. Each acting on a profile takes its name or asks. */
export function registerCommands(context: vscode.ExtensionContext, s: Services): void {
  const { profiles, manager, secrets, panels } = s;

  /** The profile a command acts on: from its argument, or picked by the user. */
  async function resolve(target: Target, placeHolder: string, filter?: (e: ProfileEntry) => boolean): Promise<ProfileEntry | undefined> {
    if (typeof target === 'object') return target.entry;
    if (typeof target === 'string') {
      const entry = profiles.findByName(target);
      if (!entry) void vscode.window.showErrorMessage(`TraceMQ: no profile named "${target}".`);
      return entry;
    }
    const candidates = profiles.all.filter(filter ?? (() => true));
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(
        profiles.all.length === 0 ? `TraceMQ: no profiles. Add one with "TraceMQ: Add Profile" or in ${PROFILES_FILE} at the workspace root.` : 'TraceMQ: no profile fits.',
      );
      return undefined;
    }
    if (candidates.length === 1) return candidates[0];
    const picked = await vscode.window.showQuickPick(
      candidates.map((entry) => ({
        label: entry.profile.name,
        description: entry.profile.url,
        detail: manager.get(`${entry.source}:${entry.profile.name}`)?.state,
        entry,
      })),
      { ...QUICK_PICK_OPTIONS, placeHolder, matchOnDescription: true },
    );
    return picked?.entry;
  }

  const stateOf = (e: ProfileEntry): string => manager.get(`${e.source}:${e.profile.name}`)?.state ?? 'disconnected';
  const isLive = (e: ProfileEntry): boolean => ['connected', 'connecting', 'reconnecting'].includes(stateOf(e));

  async function connect(target: Target): Promise<void> {
    const entry = await resolve(target, 'Connect which profile?', (e) => !isLive(e));
    if (!entry) return;
    if (entry.source === 'workspace' && !vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        `TraceMQ: "${entry.profile.name}" comes from this workspace's ${PROFILES_FILE}, and the workspace is not trusted. Trust the workspace to connect with it.`,
        'Manage Workspace Trust',
      ).then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
      return;
    }
    const connection = manager.getOrCreate(entry);
    const password = await secrets.getPassword(entry);
    if (password === undefined && (await secrets.passwordWithheldWithoutTls(entry))) {
      void vscode.window.showWarningMessage(
        `TraceMQ: "${entry.profile.name}" now connects without TLS, but its password was stored for a TLS connection: it is not sent in clear. Set it again (TraceMQ: Set Password) if you mean to.`,
      );
    }
    const passphrase = entry.profile.tls?.key !== undefined ? await secrets.getPassphrase(entry) : undefined;
    try {
      await connection.connect({ password, passphrase });
      await s.live.set(profileKey(entry.source, entry.profile.name), true);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const credentials = /user name or password|not authorized|key passphrase/i.test(message);
      const choice = await vscode.window.showErrorMessage(
        `TraceMQ: could not connect "${entry.profile.name}". ${message}`,
        ...(credentials ? ['Set Password'] : []),
      );
      if (choice === 'Set Password') await vscode.commands.executeCommand('tracemq.setPassword', entry.profile.name);
    }
  }

  const commands: Record<string, (target?: Target, ...rest: unknown[]) => unknown> = {
    'tracemq.setPassword': async (target) => {
      const entry = await resolve(target, 'Set the password of which profile?');
      if (!entry) return;
      if (entry.profile.tls?.key !== undefined) {
        // A profile with a client key has a second secret: the key's passphrase.
        const which = await vscode.window.showQuickPick(
          [
            { label: 'Password', description: 'for the broker login', secret: 'password' as const },
            { label: 'Key passphrase', description: `for the TLS client key ${entry.profile.tls.key}`, secret: 'passphrase' as const },
          ],
          { ...QUICK_PICK_OPTIONS, title: `Secrets of "${entry.profile.name}"`, placeHolder: 'Set which secret?' },
        );
        if (!which) return;
        if (which.secret === 'passphrase') {
          const passphrase = await vscode.window.showInputBox({
            title: `Key passphrase for "${entry.profile.name}"`,
            prompt: `Opens ${entry.profile.tls.key}. Kept in VS Code's secret storage; leave empty to remove it.`,
            password: true,
            ignoreFocusOut: true,
          });
          if (passphrase === undefined) return;
          if (passphrase === '') await secrets.deletePassphrase(entry);
          else await secrets.setPassphrase(entry, passphrase);
          void vscode.window.showInformationMessage(`TraceMQ: key passphrase of "${entry.profile.name}" ${passphrase === '' ? 'removed' : 'saved in secret storage'}.`);
          return;
        }
      }
      const user = entry.profile.auth?.username;
      const password = await vscode.window.showInputBox({
        title: `Password for "${entry.profile.name}"`,
        prompt: `${user ? `User "${user}" at ` : ''}${entry.profile.url}. Kept in VS Code's secret storage; leave empty to remove it.`,
        password: true,
        ignoreFocusOut: true,
      });
      if (password === undefined) return;
      if (password === '') {
        await secrets.deletePassword(entry);
        void vscode.window.showInformationMessage(`TraceMQ: password of "${entry.profile.name}" removed.`);
      } else {
        await secrets.setPassword(entry, password);
        void vscode.window.showInformationMessage(`TraceMQ: password of "${entry.profile.name}" saved in secret storage.`);
      }
    },

    'tracemq.connect': connect,

    'tracemq.disconnect': async (target) => {
      const entry = await resolve(target, 'Disconnect which profile?', isLive);
      if (!entry) return;
      await s.live.set(profileKey(entry.source, entry.profile.name), false);
      await manager.getOrCreate(entry).disconnect();
    },

    'tracemq.subscribe': async (target) => {
      const entry = await resolve(target, 'Subscribe on which profile?');
      if (!entry) return;
      const spec = await askSubscription(`Subscribe on "${entry.profile.name}"`, entry.profile.protocolVersion === '5.0');
      if (!spec) return;
      try {
        await manager.getOrCreate(entry).subscribe(spec);
      } catch (e) {
        void vscode.window.showErrorMessage(`TraceMQ: subscribing to "${spec.topic}" failed. ${e instanceof Error ? e.message : String(e)}`);
      }
    },

    // Run on a subscription in the tree: the same steps, prefilled; the subscription is made again.
    'tracemq.editSubscription': async (target) => {
      if (typeof target !== 'object' || target.kind !== 'subscription') {
        void vscode.window.showInformationMessage('TraceMQ: run "Edit Subscription" on a subscription in the Connections view.');
        return;
      }
      const { entry, subscription } = target;
      const { topic, qos, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier } = subscription;
      const initial = { topic, qos, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier };
      const spec = await askSubscription(`Edit subscription of "${entry.profile.name}"`, entry.profile.protocolVersion === '5.0', initial);
      if (!spec) return;
      try {
        await manager.getOrCreate(entry).subscribe(spec);
      } catch (e) {
        void vscode.window.showErrorMessage(`TraceMQ: changing the subscription "${spec.topic}" failed. ${e instanceof Error ? e.message : String(e)}`);
      }
    },

    'tracemq.unsubscribe': async (target, topicArg) => {
      let entry: ProfileEntry | undefined;
      let topic: string | undefined = typeof topicArg === 'string' ? topicArg : undefined;
      if (typeof target === 'object' && target.kind === 'subscription') {
        entry = target.entry;
        topic = target.subscription.topic;
      } else {
        entry = await resolve(target, 'Unsubscribe on which profile?');
      }
      if (!entry) return;
      const connection = manager.getOrCreate(entry);
      if (topic === undefined) {
        const pick = await vscode.window.showQuickPick(
          connection.subscriptions.map((s) => ({ label: s.topic, description: `QoS ${s.qos}` })),
          { ...QUICK_PICK_OPTIONS, placeHolder: 'Unsubscribe from which topic filter?' },
        );
        topic = pick?.label;
      }
      if (topic === undefined) return;
      try {
        await connection.unsubscribe(topic);
      } catch (e) {
        void vscode.window.showErrorMessage(`TraceMQ: ${e instanceof ConnectionError ? e.message : String(e)}`);
      }
    },

    'tracemq.openLog': async (target) => {
      const entry = await resolve(target, 'Open the log of which profile?');
      if (entry) panels.show(entry);
    },

    'tracemq.refreshProfiles': () => profiles.reload(),

    'tracemq.createWorkspaceFile': async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) {
        void vscode.window.showInformationMessage('TraceMQ: open a folder first; profiles live in its .tracemq.json.');
        return;
      }
      const uri = vscode.Uri.joinPath(folder.uri, PROFILES_FILE);
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SAMPLE_FILE));
      }
      await vscode.window.showTextDocument(uri);
    },
  };

  for (const [id, handler] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
}
