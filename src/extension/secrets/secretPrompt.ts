import * as vscode from 'vscode';
import type { ProfileEntry } from '../profiles/profile';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';
import type { SecretStore } from './secretStore';

/** What the user changed: which secret, and whether it was set or removed. */
export interface SecretChanged {
  secret: 'password' | 'key passphrase';
  removed: boolean;
}

/** "password of "x" saved in secret storage" — the words every flow uses after a change. */
export function secretChangedText(entry: ProfileEntry, change: SecretChanged): string {
  return `${change.secret} of "${entry.profile.name}" ${change.removed ? 'removed' : 'saved in secret storage'}`;
}

/**
 * Asks for a profile's password (or, for a profile with a TLS client key, which secret first) and
 * stores it in SecretStorage; an empty answer removes it. Undefined when the user cancelled.
 */
export async function askSecret(secrets: SecretStore, entry: ProfileEntry): Promise<SecretChanged | undefined> {
  if (entry.profile.tls?.key !== undefined) {
    // A profile with a client key has a second secret: the key's passphrase.
    const which = await vscode.window.showQuickPick(
      [
        { label: 'Password', description: 'for the broker login', secret: 'password' as const },
        { label: 'Key passphrase', description: `for the TLS client key ${entry.profile.tls.key}`, secret: 'passphrase' as const },
      ],
      { ...QUICK_PICK_OPTIONS, title: `Secrets of "${entry.profile.name}"`, placeHolder: 'Set which secret?' },
    );
    if (!which) return undefined;
    if (which.secret === 'passphrase') {
      const passphrase = await vscode.window.showInputBox({
        title: `Key passphrase for "${entry.profile.name}"`,
        prompt: `Opens ${entry.profile.tls.key}. Kept in VS Code's secret storage; leave empty to remove it.`,
        password: true,
        ignoreFocusOut: true,
      });
      if (passphrase === undefined) return undefined;
      if (passphrase === '') await secrets.deletePassphrase(entry);
      else await secrets.setPassphrase(entry, passphrase);
      return { secret: 'key passphrase', removed: passphrase === '' };
    }
  }
  const user = entry.profile.auth?.username;
  const password = await vscode.window.showInputBox({
    title: `Password for "${entry.profile.name}"`,
    prompt: `${user ? `User "${user}" at ` : ''}${entry.profile.url}. Kept in VS Code's secret storage; leave empty to remove it.`,
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) return undefined;
  if (password === '') await secrets.deletePassword(entry);
  else await secrets.setPassword(entry, password);
  return { secret: 'password', removed: password === '' };
}
