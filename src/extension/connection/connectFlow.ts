import * as vscode from 'vscode';
import type { Logger } from '../base/logger';
import { clientIdClash, withGeneratedClientId } from './clientIdClash';
import type { ConnectionManager } from './connectionManager';
import { ConnectionError, type ConnectionErrorKind } from './connectionError';
import { failureActions, SET_PASSWORD, USE_UNIQUE_CLIENT_ID } from './failureActions';
import type { LiveConnections } from './liveConnections';
import { RECONNECT_NOW, reconnectOfferText } from './reconnectOffer';
import { profileKey, type ProfileEntry } from '../profiles/profile';
import { PROFILES_FILE, type ProfileRepository } from '../profiles/profileRepository';
import { askSecret, secretChangedText } from '../secrets/secretPrompt';
import type { SecretStore } from '../secrets/secretStore';

interface Services {
  profiles: ProfileRepository;
  manager: ConnectionManager;
  secrets: SecretStore;
  live: LiveConnections;
  log: Logger;
}

export interface ConnectOptions {
  /** Connect with a client id generated for this connection instead of the profile's (the profile is not changed). */
  uniqueClientId?: boolean;
}

const CONNECT_ANYWAY = 'Connect Anyway';

/**
 * Connecting a profile the way every entry point does it (the Connect command, a window reload, a
 * failure's or a password change's notification): workspace trust, the stored secrets, a client
 * id another connection of this window holds, and every failure in words with what fixes it.
 */
export class ConnectFlow {
  constructor(private readonly s: Services) {}

  /** Connects `entry`; failures end in a notification (nothing is thrown). */
  async connect(entry: ProfileEntry, options: ConnectOptions = {}): Promise<void> {
    const { manager, secrets } = this.s;
    if (entry.source === 'workspace' && !vscode.workspace.isTrusted) {
      void vscode.window
        .showWarningMessage(
          `TraceMQ: "${entry.profile.name}" comes from this workspace's ${PROFILES_FILE}, and the workspace is not trusted. Trust the workspace to connect with it.`,
          'Manage Workspace Trust',
        )
        .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
      return;
    }
    let unique = options.uniqueClientId === true;
    if (!unique) {
      const choice = await this.confirmSharedClientId(entry);
      if (choice === undefined) return;
      unique = choice === USE_UNIQUE_CLIENT_ID;
    }
    const connection = manager.getOrCreate(unique ? withGeneratedClientId(entry) : entry);
    if (unique) this.s.log.info(`[${entry.profile.name}] connecting with a generated client id instead of "${entry.profile.clientId ?? ''}" (this connection only)`);
    const password = await secrets.getPassword(entry);
    if (password === undefined && (await secrets.passwordWithheldWithoutTls(entry))) {
      void vscode.window.showWarningMessage(
        `TraceMQ: "${entry.profile.name}" now connects without TLS, but its password was stored for a TLS connection: it is not sent in clear. Set it again (TraceMQ: Set Password) if you mean to.`,
      );
    }
    const passphrase = entry.profile.tls?.key !== undefined ? await secrets.getPassphrase(entry) : undefined;
    try {
      await connection.connect({ password, passphrase });
      await this.s.live.set(profileKey(entry.source, entry.profile.name), true);
    } catch (e) {
      // Disconnected (or closed) while connecting: the user's own doing, nothing to report.
      if (e instanceof ConnectionError && e.kind === 'cancelled') return;
      await this.reportFailure(entry, e instanceof Error ? e.message : String(e), `could not connect "${entry.profile.name}"`, e instanceof ConnectionError ? e.kind : undefined);
    }
  }

  /**
   * Before connecting a profile whose client id a live connection of this window to the same
   * broker host holds, asks: the broker would drop that connection for this one. Resolves with
   * the choice ('Connect Anyway' also when nothing clashes), undefined when the user cancelled.
   */
  private async confirmSharedClientId(entry: ProfileEntry): Promise<typeof CONNECT_ANYWAY | typeof USE_UNIQUE_CLIENT_ID | undefined> {
    const other = clientIdClash(entry, this.s.manager.all());
    if (!other) return CONNECT_ANYWAY;
    const name = entry.profile.name;
    const otherName = other.entry.profile.name;
    const id = entry.profile.clientId ?? '';
    return vscode.window.showWarningMessage(
      `"${otherName}" is ${other.state} with the client id "${id}" that "${name}" uses, on the same broker host.`,
      {
        modal: true,
        detail:
          `A broker keeps one connection per client id: connecting "${name}" as "${id}" makes it drop "${otherName}" (it takes the session over), and the two keep taking it from each other.\n\n` +
          `"${USE_UNIQUE_CLIENT_ID}" connects "${name}" this time with a generated id, in a new session; the profile is not changed. To keep a different id for good, edit the profile's client id.`,
      },
      USE_UNIQUE_CLIENT_ID,
      CONNECT_ANYWAY,
    );
  }

  /**
   * Shows a connection failure with what fixes it: Set Password (then connects again by itself),
   * or Use a Unique Client Id after a takeover. `lead` says what failed ("could not connect "x"").
   */
  async reportFailure(entry: ProfileEntry, message: string, lead: string, kind?: ConnectionErrorKind): Promise<void> {
    const choice = await vscode.window.showErrorMessage(`TraceMQ: ${lead}. ${message}`, ...failureActions(message, kind));
    const current = this.current(entry);
    if (choice === SET_PASSWORD) {
      const changed = await askSecret(this.s.secrets, current);
      if (!changed) return;
      // Set from the failure's own notification: the user means to try again with it.
      void vscode.window.showInformationMessage(`TraceMQ: ${secretChangedText(current, changed)}; connecting again.`);
      await this.reconnect(profileKey(entry.source, entry.profile.name), current);
    } else if (choice === USE_UNIQUE_CLIENT_ID) {
      await this.reconnect(profileKey(entry.source, entry.profile.name), current, { uniqueClientId: true });
    }
  }

  /**
   * Ends the connection held under `oldKey` (whatever its state) and connects `entry` again with
   * what is stored now: the password, and the settings when the profile was edited.
   */
  async reconnect(oldKey: string, entry: ProfileEntry, options: ConnectOptions = {}): Promise<void> {
    const connection = this.s.manager.get(oldKey);
    if (connection && connection.state !== 'disconnected') await connection.disconnect();
    // A renamed profile is remembered (for a window reload) under its new name only.
    if (oldKey !== profileKey(entry.source, entry.profile.name)) await this.s.live.set(oldKey, false);
    await this.connect(entry, options);
  }

  /**
   * Tells the user `saved` (e.g. 'password of "x" saved in secret storage'), offering Reconnect Now
   * when the profile's connection (under `oldKey`) still runs with the previous `changed` thing, or
   * failed. A password typed in must not wait for a reconnect that never comes (issue 22, item 9).
   */
  async announceChange(saved: string, oldKey: string, entry: ProfileEntry, changed: string): Promise<void> {
    const offer = reconnectOfferText(this.s.manager.get(oldKey)?.state, entry.profile.name, changed);
    if (offer === undefined) {
      if (saved !== '') void vscode.window.showInformationMessage(`TraceMQ: ${saved}.`);
      return;
    }
    const text = saved === '' ? `TraceMQ: ${offer}` : `TraceMQ: ${saved}. ${offer}`;
    const choice = await vscode.window.showInformationMessage(text, RECONNECT_NOW);
    if (choice === RECONNECT_NOW) await this.reconnect(oldKey, this.current(entry));
  }

  /** The profile as the repository has it now (it may have been edited since `entry` was read). */
  private current(entry: ProfileEntry): ProfileEntry {
    return this.s.profiles.find(profileKey(entry.source, entry.profile.name)) ?? entry;
  }
}
