import type * as vscode from 'vscode';
import { DisposableStore } from '../base/disposableStore';
import { Emitter } from '../base/emitter';
import { usesTls } from '../connection/mqttOptions';
import type { ProfileEntry } from '../profiles/profile';

/**
 * Passwords and TLS key passphrases in VS Code's SecretStorage, and nowhere else. A secret is bound
 * to the profile's source, name, broker host and port, and whether it connects with TLS: a
 * workspace file that reuses a profile name for another host, or that turns `mqtts://` into
 * `mqtt://` for the same one, never receives the password stored for the first (which would then
 * travel in clear). Values are never logged.
 */
export class SecretStore extends DisposableStore {
  // Our own emitter (shaped like vscode's), so that this file imports `vscode` for types only and
  // the key binding is unit-tested in plain Node.
  private readonly changed = this.register(new Emitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this.register(
      secrets.onDidChange((e) => {
        if (e.key.startsWith('tracemq.')) this.changed.fire();
      }),
    );
  }

  static passwordKey(entry: ProfileEntry): string {
    return SecretStore.keyFor('password', entry);
  }

  /** The TLS client key's passphrase: same binding (source, name, broker host) as the password. */
  static passphraseKey(entry: ProfileEntry): string {
    return SecretStore.keyFor('passphrase', entry);
  }

  private static keyFor(kind: 'password' | 'passphrase', entry: ProfileEntry, tls = usesTls(entry.profile)): string {
    let host = '';
    try {
      const u = new URL(entry.profile.url);
      host = `${u.hostname}:${u.port}`;
    } catch {
      host = entry.profile.url;
    }
    return `tracemq.${kind}/${entry.source}/${encodeURIComponent(entry.profile.name)}@${host}${tls ? '+tls' : ''}`;
  }

  /**
   * True when this profile connects without TLS but a password was stored for it with TLS: the
   * profile (or its file) was changed to drop TLS, and the password is withheld. Say so.
   */
  async passwordWithheldWithoutTls(entry: ProfileEntry): Promise<boolean> {
    if (usesTls(entry.profile)) return false;
    if ((await this.getPassword(entry)) !== undefined) return false;
    return (await this.secrets.get(SecretStore.keyFor('password', entry, true))) !== undefined;
  }

  getPassword(entry: ProfileEntry): Thenable<string | undefined> {
    return this.secrets.get(SecretStore.passwordKey(entry));
  }

  setPassword(entry: ProfileEntry, password: string): Thenable<void> {
    return this.secrets.store(SecretStore.passwordKey(entry), password);
  }

  deletePassword(entry: ProfileEntry): Thenable<void> {
    return this.secrets.delete(SecretStore.passwordKey(entry));
  }

  getPassphrase(entry: ProfileEntry): Thenable<string | undefined> {
    return this.secrets.get(SecretStore.passphraseKey(entry));
  }

  setPassphrase(entry: ProfileEntry, passphrase: string): Thenable<void> {
    return this.secrets.store(SecretStore.passphraseKey(entry), passphrase);
  }

  deletePassphrase(entry: ProfileEntry): Thenable<void> {
    return this.secrets.delete(SecretStore.passphraseKey(entry));
  }
}
