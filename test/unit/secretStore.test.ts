import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { Emitter } from '../../src/extension/base/emitter';
import type { ProfileEntry, ProfileSource } from '../../src/extension/profiles/profile';
import { SecretStore } from '../../src/extension/secrets/secretStore';
import { testProfile } from '../harness/connectionHelpers';

/** VS Code's SecretStorage, in memory: what the extension host would give the extension. */
class MemorySecretStorage implements vscode.SecretStorage {
  readonly values = new Map<string, string>();
  private readonly changed = new Emitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event as unknown as vscode.Event<vscode.SecretStorageChangeEvent>;

  keys(): Thenable<string[]> {
    return Promise.resolve([...this.values.keys()]);
  }
  get(key: string): Thenable<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Thenable<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
    return Promise.resolve();
  }
  delete(key: string): Thenable<void> {
    this.values.delete(key);
    this.changed.fire({ key });
    return Promise.resolve();
  }
}

const entry = (name: string, url: string, source: ProfileSource = 'workspace'): ProfileEntry => ({
  profile: testProfile(url, '5.0', { name }),
  source,
  ...(source === 'workspace' ? { folder: '/ws' } : {}),
});

describe('SecretStore: secrets bound to source, name and broker host', () => {
  it('gives one key per (source, name, host:port, TLS or not) and a different one if any of them changes', () => {
    const prod = entry('prod', 'mqtts://broker.corp:8883');
    assert.equal(SecretStore.passwordKey(prod), 'tracemq.password/workspace/prod@broker.corp:8883+tls');
    assert.equal(SecretStore.passphraseKey(prod), 'tracemq.passphrase/workspace/prod@broker.corp:8883+tls');
    // The same profile read again (another object, a path after the port): the same key.
    assert.equal(SecretStore.passwordKey(entry('prod', 'mqtts://broker.corp:8883/')), SecretStore.passwordKey(prod));
    const others = [
      entry('prod', 'mqtts://attacker.example:8883'),
      entry('prod', 'mqtts://broker.corp.attacker.example:8883'),
      entry('prod', 'mqtts://broker.corp:8884'),
      entry('prod', 'mqtts://broker.corp'),
      entry('prod', 'mqtts://broker.corp:8883', 'user'),
      entry('Prod', 'mqtts://broker.corp:8883'),
      // A name that spells out another binding cannot reach it: '@' and '/' are escaped in names.
      entry('prod@broker.corp:8883', 'mqtts://attacker.example:8883'),
      entry('x/../prod', 'mqtts://broker.corp:8883'),
      // The same host and port without TLS: a downgrade must not get the password.
      entry('prod', 'mqtt://broker.corp:8883'),
    ];
    const keys = new Set([SecretStore.passwordKey(prod), ...others.map((e) => SecretStore.passwordKey(e))]);
    assert.equal(keys.size, others.length + 1, [...keys].join('\n'));
    assert.notEqual(SecretStore.passwordKey(prod), SecretStore.passphraseKey(prod));
  });

  it('answers no stored password to a workspace profile that reuses a name for another host', async () => {
    const storage = new MemorySecretStorage();
    const secrets = new SecretStore(storage);
    const mine = entry('prod', 'mqtt://broker.corp:1883');
    await secrets.setPassword(mine, 'p-for-broker-corp');
    await secrets.setPassphrase(mine, 'pp-for-broker-corp');
    assert.equal(await secrets.getPassword(mine), 'p-for-broker-corp');

    // The same name in a (cloned, untrusted) workspace file, pointing elsewhere.
    const reused = entry('prod', 'mqtt://attacker.example:1883');
    assert.equal(await secrets.getPassword(reused), undefined);
    assert.equal(await secrets.getPassphrase(reused), undefined);
    // Nor does the user's own profile of that name share it, nor the workspace one with another port.
    assert.equal(await secrets.getPassword(entry('prod', 'mqtt://broker.corp:1883', 'user')), undefined);
    assert.equal(await secrets.getPassword(entry('prod', 'mqtt://broker.corp:1884')), undefined);
    // Nothing but the two secrets was written, under TraceMQ's keys.
    assert.deepEqual([...storage.values.keys()].sort(), [SecretStore.passphraseKey(mine), SecretStore.passwordKey(mine)].sort());
    secrets.dispose();
  });

  it('withholds a password stored with TLS from the same profile turned plain, and says so', async () => {
    const secrets = new SecretStore(new MemorySecretStorage());
    const tls = entry('prod', 'mqtts://broker.corp:8883');
    await secrets.setPassword(tls, 'only-over-tls');
    const downgraded = entry('prod', 'mqtt://broker.corp:8883');
    assert.equal(await secrets.getPassword(downgraded), undefined);
    assert.equal(await secrets.passwordWithheldWithoutTls(downgraded), true);
    assert.equal(await secrets.passwordWithheldWithoutTls(tls), false);
    // tls.enabled on an mqtt:// URL is TLS too: same binding as mqtts://.
    const enabled: ProfileEntry = { ...downgraded, profile: { ...downgraded.profile, tls: { enabled: true, insecureSkipVerify: false } } };
    assert.equal(await secrets.getPassword(enabled), 'only-over-tls');
    secrets.dispose();
  });

  it('tells its listeners about TraceMQ keys only', async () => {
    const storage = new MemorySecretStorage();
    const secrets = new SecretStore(storage);
    let fired = 0;
    secrets.onDidChange(() => fired++);
    await storage.store('other.extension/key', 'x');
    assert.equal(fired, 0);
    await secrets.setPassword(entry('a', 'mqtt://h:1883'), 'pw');
    await secrets.deletePassword(entry('a', 'mqtt://h:1883'));
    assert.equal(fired, 2);
    secrets.dispose();
  });
});
