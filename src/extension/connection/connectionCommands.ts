import * as vscode from 'vscode';
import { ConnectionError } from './connection';
import type { ConnectionManager } from './connectionManager';
import type { TreeNode } from '../sidebar/connectionsTree';
import type { LogPanels } from '../log/logPanels';
import type { ConnectFlow } from './connectFlow';
import type { LiveConnections } from './liveConnections';
import { profileKey, type ProfileEntry } from '../profiles/profile';
import { PROFILES_FILE, type ProfileRepository } from '../profiles/profileRepository';
import { profilesReady } from '../profiles/profilesReady';
import { askSecret, secretChangedText } from '../secrets/secretPrompt';
import type { SecretStore } from '../secrets/secretStore';
import { discardedText } from './offlinePublishQueue';
import { askSubscription } from './subscriptionInput';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';

interface Services {
  profiles: ProfileRepository;
  manager: ConnectionManager;
  secrets: SecretStore;
  panels: LogPanels;
  log: vscode.LogOutputChannel;
  live: LiveConnections;
  flow: ConnectFlow;
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
  const { profiles, manager, secrets, panels, flow } = s;

  /** The profile a command acts on: from its argument, or picked by the user (once the profiles have been read). */
  async function resolve(target: Target, placeHolder: string, filter?: (e: ProfileEntry) => boolean): Promise<ProfileEntry | undefined> {
    if (typeof target === 'object') return target.entry;
    if (!(await profilesReady(profiles))) return undefined;
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
    if (entry) await flow.connect(entry);
  }

  const commands: Record<string, (target?: Target, ...rest: unknown[]) => unknown> = {
    'tracemq.setPassword': async (target) => {
      const entry = await resolve(target, 'Set the password of which profile?');
      if (!entry) return;
      const changed = await askSecret(secrets, entry);
      if (changed) await flow.announceChange(secretChangedText(entry, changed), profileKey(entry.source, entry.profile.name), entry, changed.secret);
    },

    'tracemq.connect': connect,

    'tracemq.disconnect': async (target) => {
      const entry = await resolve(target, 'Disconnect which profile?', isLive);
      if (!entry) return;
      await s.live.set(profileKey(entry.source, entry.profile.name), false);
      const { discarded } = await manager.getOrCreate(entry).disconnect();
      // Publishes accepted while reconnecting that could not go out: said where the user acted.
      if (discarded > 0) void vscode.window.showWarningMessage(`TraceMQ: "${entry.profile.name}" disconnected; ${discardedText(discarded)}`);
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
