import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importProfiles } from '../../src/extension/import/importProfiles';
import type { ImportedConnection, ImportResult } from '../../src/extension/import/importTypes';

/** The text of a sample file in test/unit/fixtures/import/. */
export const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', 'import', name), 'utf8');

/** The import of a sample file. */
export const importFixture = (name: string): ImportResult => importProfiles(fixture(name));

/** The connection named `name` in a result. */
export function connectionNamed(result: ImportResult, name: string): ImportedConnection {
  const found = result.connections.find((c) => c.profile.name === name);
  assert.ok(found, `no connection named ${name}; found ${result.connections.map((c) => c.profile.name).join(', ')}; problems: ${result.problems.join(' | ')}`);
  return found;
}
