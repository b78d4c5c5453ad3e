import type { PublishParams, PublishTemplate } from '../../shared/mqtt/publishShapes';
import { publishParamsOf } from '../../shared/mqtt/publishShapes';
import type { ProfileMemento } from '../profiles/userProfiles';
import type { TemplateEntry } from './templateParser';

/** Global-state keys: history per profile key, and the user's templates. */
export const HISTORY_KEY = 'tracemq.publishHistory';
export const TEMPLATES_KEY = 'tracemq.publishTemplates';
/** Publishes kept per connection. */
export const HISTORY_LENGTH = 100;
/** Payloads longer than this are not kept in the history (global state is copied on every write). */
const MAX_HISTORY_PAYLOAD_CHARS = 64 * 1024;

/**
 * What the user published and saved: the last publishes of each connection (newest first, the
 * same publish twice in a row kept once) and the user's templates, in global state; the
 * workspace's templates come from `.tracemq.json` (read-only here). What is read back from global
 * state is checked like any untrusted input.
 */
export class PublishLibrary {
  constructor(
    private readonly memento: ProfileMemento,
    private readonly workspaceTemplates: () => readonly TemplateEntry[],
  ) {}

  history(profileKey: string): PublishParams[] {
    const all = this.readHistory();
    const list = all[profileKey];
    return Array.isArray(list) ? list.map(publishParamsOf).filter((p): p is PublishParams => p !== undefined) : [];
  }

  async remember(profileKey: string, publish: PublishParams): Promise<void> {
    if (publish.payload.length > MAX_HISTORY_PAYLOAD_CHARS) return;
    const same = (a: PublishParams): boolean => JSON.stringify(a) === JSON.stringify(publish);
    const list = [publish, ...this.history(profileKey).filter((p) => !same(p))].slice(0, HISTORY_LENGTH);
    await this.memento.update(HISTORY_KEY, { ...this.readHistory(), [profileKey]: list });
  }

  /** Workspace templates first (by name), then the user's. */
  templates(): PublishTemplate[] {
    const workspace = this.workspaceTemplates().map((t): PublishTemplate => ({ name: t.name, source: 'workspace', publish: t.publish }));
    return [...workspace, ...this.userTemplates()];
  }

  async saveTemplate(name: string, publish: PublishParams): Promise<void> {
    const kept = this.userTemplates().filter((t) => t.name !== name);
    await this.writeTemplates([...kept, { name, source: 'user', publish }]);
  }

  /** Removes a user template; false when there is none of that name. */
  async deleteTemplate(name: string): Promise<boolean> {
    const all = this.userTemplates();
    const kept = all.filter((t) => t.name !== name);
    if (kept.length === all.length) return false;
    await this.writeTemplates(kept);
    return true;
  }

  private userTemplates(): PublishTemplate[] {
    const stored = this.memento.get(TEMPLATES_KEY);
    if (!Array.isArray(stored)) return [];
    const out: PublishTemplate[] = [];
    for (const t of stored as unknown[]) {
      if (typeof t !== 'object' || t === null) continue;
      const { name, publish } = t as { name?: unknown; publish?: unknown };
      const params = publishParamsOf(publish);
      if (typeof name === 'string' && name !== '' && params) out.push({ name, source: 'user', publish: params });
    }
    return out;
  }

  private writeTemplates(templates: PublishTemplate[]): Thenable<void> {
    return this.memento.update(
      TEMPLATES_KEY,
      templates.map((t) => ({ name: t.name, publish: t.publish })),
    );
  }

  private readHistory(): Record<string, unknown> {
    const stored = this.memento.get(HISTORY_KEY);
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? { ...(stored as Record<string, unknown>) } : {};
  }
}
