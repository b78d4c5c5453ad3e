import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Spelled in two parts so that this file does not contain what it looks for. */
const PLACEHOLDER = ['example', 'invalid'].join('.');
/** Installed or generated, never written by us (all git-ignored except bench/results, whose figures runs rewrite). */
const SKIPPED = new Set(['node_modules', '.git', 'bench/results', 'dist', 'out', '.vscode-test', '.demo', 'test-results']);

/** Every file of the repository outside SKIPPED, as paths relative to its root. */
function repositoryFiles(dir = ROOT): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(ROOT, path);
    if (SKIPPED.has(rel) || SKIPPED.has(entry.name)) continue;
    if (entry.isDirectory()) files.push(...repositoryFiles(path));
    else if (entry.isFile()) files.push(rel);
  }
  return files;
}

describe('links in the repository', () => {
  it(`no file names the placeholder host ${PLACEHOLDER}`, () => {
    const offenders = repositoryFiles().filter((file) => readFileSync(join(ROOT, file), 'latin1').includes(PLACEHOLDER));
    assert.deepEqual(offenders, []);
  });

  it("the welcome view's README link runs a command the manifest contributes", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { viewsWelcome: { contents: string }[]; commands: { command: string }[] };
    };
    const link = /\[Read the README\]\(([^)]*)\)/.exec(manifest.contributes.viewsWelcome.map((v) => v.contents).join('\n'))?.[1];
    assert.equal(link, 'command:tracemq.showReadme');
    assert.ok(manifest.contributes.commands.some((c) => c.command === 'tracemq.showReadme'));
  });
});
