import type { SecretChange } from '../../shared/profileForm/profileFormProtocol';
import type { Profile, ProfileEntry } from './profile';
import { FORM_KEYS } from './profileCandidate';

/** A value as JSON with object keys sorted, so that two profiles compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The settings the profile form edits (its subscriptions are not among them). */
const formSettings = (profile: Profile): string => canonical(Object.fromEntries(FORM_KEYS.map((k) => [k, profile[k]])));

/**
 * What a save of the profile form changed of an existing profile, in words for a sentence
 * ("settings", "password", "settings, password and key passphrase"); '' when nothing changed.
 */
export function changedParts(old: ProfileEntry, entry: ProfileEntry, secrets: { password: SecretChange; passphrase: SecretChange }): string {
  const parts = [
    formSettings(old.profile) !== formSettings(entry.profile) ? 'settings' : '',
    secrets.password.action !== 'keep' ? 'password' : '',
    secrets.passphrase.action !== 'keep' ? 'key passphrase' : '',
  ].filter((p) => p !== '');
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
