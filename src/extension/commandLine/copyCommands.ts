import * as vscode from 'vscode';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';
import type { ProfileEntry } from '../profiles/profile';
import type { ProfileRepository } from '../profiles/profileRepository';
import type { TreeNode } from '../sidebar/connectionsTree';
import type { PublishParams } from '../../shared/mqtt/publishShapes';
import { CommandLineError, PASSWORD_VARIABLE } from './commandTarget';
import { draftAsCommand, messageAsCommand, type ReceivedMessageLike } from './messageCommand';
import type { PublishTool } from './publishCommand';
import { subscribeCommand } from './subscribeCommand';

export interface CopyCommandServices {
  profiles: ProfileRepository;
}

/**
 * Registers "Copy as mosquitto_sub Command" (`tracemq.copyAsMosquittoSub`) for a profile: from its
 * tree item, with its name as argument, or picked.
 */
export function registerCopyCommands(context: vscode.ExtensionContext, services: CopyCommandServices): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('tracemq.copyAsMosquittoSub', async (target?: string | TreeNode) => {
      const entry = await resolveProfile(services.profiles, target);
      if (!entry) return;
      const command = subscribeCommand({ profile: entry.profile, ...(entry.folder !== undefined ? { folder: entry.folder } : {}) });
      await vscode.env.clipboard.writeText(command);
      const password = entry.profile.auth?.username !== undefined ? ` It reads the password from $${PASSWORD_VARIABLE}.` : '';
      void vscode.window.showInformationMessage(`TraceMQ: copied a mosquitto_sub command for "${entry.profile.name}".${password}`);
    }),
  );
}

async function resolveProfile(profiles: ProfileRepository, target: string | TreeNode | undefined): Promise<ProfileEntry | undefined> {
  if (typeof target === 'object') return target.entry;
  if (typeof target === 'string') {
    const entry = profiles.findByName(target);
    if (!entry) void vscode.window.showErrorMessage(`TraceMQ: no profile named "${target}".`);
    return entry;
  }
  const all = profiles.all;
  if (all.length === 0) {
    void vscode.window.showInformationMessage('TraceMQ: no profiles yet; add one with "TraceMQ: Add Profile" or "TraceMQ: Import Profiles…".');
    return undefined;
  }
  if (all.length === 1) return all[0];
  const pick = await vscode.window.showQuickPick(
    all.map((entry) => ({ label: entry.profile.name, description: entry.profile.url, entry })),
    { ...QUICK_PICK_OPTIONS, placeHolder: 'Copy a mosquitto_sub command for which profile?', matchOnDescription: true },
  );
  return pick?.entry;
}

const TOOL_NAME: Record<PublishTool, string> = { mosquitto_pub: 'mosquitto_pub', mqttx: 'mqttx pub' };

/** Puts a built command on the clipboard and says so; a command that cannot be built is explained instead. */
async function copyCommand(build: () => string, tool: PublishTool, entry: ProfileEntry | undefined): Promise<boolean> {
  let command: string;
  try {
    command = build();
  } catch (e) {
    if (!(e instanceof CommandLineError)) throw e;
    void vscode.window.showErrorMessage(`TraceMQ: cannot copy as ${TOOL_NAME[tool]}: ${e.message}`);
    return false;
  }
  await vscode.env.clipboard.writeText(command);
  const password = entry?.profile.auth?.username !== undefined ? ` It reads the password from $${PASSWORD_VARIABLE}.` : '';
  void vscode.window.showInformationMessage(`TraceMQ: copied as a ${TOOL_NAME[tool]} command.${password}`);
  return true;
}

/**
 * "Copy as mosquitto_pub" / "Copy as mqttx pub" of a received message (the detail pane and the
 * row menu): `message` is the store's `StoredMessage` (or a `MessageDto`), `entry` the profile of
 * the log's connection. Resolves to false when it could not be copied (the user was told why).
 */
export function copyMessageAsCommand(message: ReceivedMessageLike, tool: PublishTool, entry: ProfileEntry | undefined): Promise<boolean> {
  return copyCommand(() => messageAsCommand(message, tool, targetOf(entry)), tool, entry);
}

/** "Copy as command" of the publish panel's draft (`PublishParams` as the webview sends them, validated). */
export function copyDraftAsCommand(params: PublishParams, tool: PublishTool, entry: ProfileEntry | undefined): Promise<boolean> {
  return copyCommand(() => draftAsCommand(params, tool, targetOf(entry)), tool, entry);
}

const targetOf = (entry: ProfileEntry | undefined): { profile: ProfileEntry['profile']; folder?: string } | undefined =>
  entry ? { profile: entry.profile, ...(entry.folder !== undefined ? { folder: entry.folder } : {}) } : undefined;
