import { strict as assert } from 'node:assert';
import { changedParts } from '../../src/extension/profiles/changedParts';
import type { Profile, ProfileEntry } from '../../src/extension/profiles/profile';
import { testProfile } from '../harness/connectionHelpers';

const entry = (extra: Partial<Profile> = {}): ProfileEntry => ({ source: 'user', profile: testProfile('mqtt://localhost:1883', '5.0', extra) });
const keep = { action: 'keep' } as const;
const set = { action: 'set', value: 'secret' } as const;

describe('changedParts (what a profile form save changed, for the Reconnect Now offer)', () => {
  it('is empty when the form saved the same settings and kept the secrets', () => {
    assert.equal(changedParts(entry(), entry(), { password: keep, passphrase: keep }), '');
  });

  it('says "password" when only the password was set', () => {
    assert.equal(changedParts(entry(), entry(), { password: set, passphrase: keep }), 'password');
  });

  it('says "settings" when a setting the form edits changed', () => {
    assert.equal(changedParts(entry(), entry({ keepalive: 10 }), { password: keep, passphrase: keep }), 'settings');
  });

  it('ignores the key order of the settings and the subscriptions (the form does not edit them)', () => {
    const old = entry({ subscriptions: [{ topic: 'a/#', qos: 1 }], auth: { username: 'u' } });
    const reordered: ProfileEntry = { source: 'user', profile: Object.fromEntries(Object.entries(entry({ auth: { username: 'u' } }).profile).reverse()) as unknown as Profile };
    assert.equal(changedParts(old, reordered, { password: keep, passphrase: keep }), '');
  });

  it('names every change in one phrase', () => {
    assert.equal(changedParts(entry(), entry({ keepalive: 10 }), { password: { action: 'clear' }, passphrase: set }), 'settings, password and key passphrase');
  });
});
