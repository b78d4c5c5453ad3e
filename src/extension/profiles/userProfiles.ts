import type { JsonObject } from '../../shared/json/jsonValue';
import { Emitter, type Disposable } from '../base/emitter';
import type { Profile } from './profile';
import { parseProfiles, type ProfileProblem } from './profileParser';

/** The part of `vscode.Memento` (the extension's global state) that UserProfiles uses. */
export interface ProfileMemento {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

/** The key in global state; its value is `{ profiles: [...] }`, the `.tracemq.json` shape. */
export const USER_PROFILES_KEY = 'tracemq.userProfiles';

/** Refused change: a name taken, a profile missing. The message is user-facing. */
export class UserProfilesError extends Error {
  override name = 'UserProfilesError';
}

/**
 * The profiles made in the UI, kept in the extension's global state under one key in the
 * `.tracemq.json` shape of SPEC.md. Never holds a secret (the shape has no place for one, and the
 * parser refuses `auth.password`). What is read back is validated like the workspace file, so a
 * damaged entry is reported and skipped, never trusted.
 */
export class UserProfiles implements Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: ProfileMemento) {}

  /** The stored profiles as written (JSON), in order. */
  raw(): JsonObject[] {
    const stored = this.memento.get(USER_PROFILES_KEY);
    if (typeof stored !== 'object' || stored === null || !Array.isArray((stored as { profiles?: unknown }).profiles)) return [];
    return ((stored as { profiles: unknown[] }).profiles).filter(
      (p): p is JsonObject => typeof p === 'object' && p !== null && !Array.isArray(p),
    );
  }

  /** The stored JSON of the profile named `name`. */
  rawOf(name: string): JsonObject | undefined {
    return this.raw().find((p) => p.name === name);
  }

  /** The valid stored profiles, and the problems of the others. */
  list(): { profiles: Profile[]; problems: ProfileProblem[] } {
    return parseProfiles(JSON.stringify({ profiles: this.raw() }));
  }

  has(name: string): boolean {
    return this.rawOf(name) !== undefined;
  }

  async add(profile: JsonObject): Promise<void> {
    const name = nameOf(profile);
    if (this.has(name)) throw new UserProfilesError(`A user profile is already named "${name}".`);
    await this.write([...this.raw(), profile]);
  }

  /** Replaces the profile named `oldName` (in place, so the order is kept); the name may change. */
  async replace(oldName: string, profile: JsonObject): Promise<void> {
    const name = nameOf(profile);
    const all = this.raw();
    const index = all.findIndex((p) => p.name === oldName);
    if (index < 0) throw new UserProfilesError(`There is no user profile named "${oldName}".`);
    if (name !== oldName && all.some((p) => p.name === name)) throw new UserProfilesError(`A user profile is already named "${name}".`);
    all[index] = profile;
    await this.write(all);
  }

  /** Removes the profile named `name`; returns false when there was none. */
  async remove(name: string): Promise<boolean> {
    const all = this.raw();
    const kept = all.filter((p) => p.name !== name);
    if (kept.length === all.length) return false;
    await this.write(kept);
    return true;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async write(profiles: JsonObject[]): Promise<void> {
    // A copy, so that later changes to the caller's objects cannot reach the stored state.
    await this.memento.update(USER_PROFILES_KEY, { profiles: JSON.parse(JSON.stringify(profiles)) as JsonObject[] });
    this.changed.fire();
  }
}

function nameOf(profile: JsonObject): string {
  const name = profile.name;
  if (typeof name !== 'string' || name.trim() === '') throw new UserProfilesError('A profile needs a name.');
  return name;
}
