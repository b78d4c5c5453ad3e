import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/extension/', import.meta.url));

/** Every `showQuickPick(…)` call in the extension's sources, with where it is and its options argument. */
function quickPickCalls(): { where: string; options: ts.Expression | undefined; file: ts.SourceFile }[] {
  const calls: { where: string; options: ts.Expression | undefined; file: ts.SourceFile }[] = [];
  for (const name of readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    const file = ts.createSourceFile(name, readFileSync(join(SRC, name), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'showQuickPick') {
        const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
        calls.push({ where: `${name}:${line}`, options: node.arguments[1], file });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return calls;
}

/** The options keep the pick open on focus loss: they spread QUICK_PICK_OPTIONS or say `ignoreFocusOut: true`. */
function keepsOpen(options: ts.Expression | undefined, file: ts.SourceFile): boolean {
  if (!options || !ts.isObjectLiteralExpression(options)) return false;
  return options.properties.some(
    (p) =>
      (ts.isSpreadAssignment(p) && p.expression.getText(file) === 'QUICK_PICK_OPTIONS') ||
      (ts.isPropertyAssignment(p) && p.name.getText(file) === 'ignoreFocusOut' && p.initializer.kind === ts.SyntaxKind.TrueKeyword),
  );
}

describe('quick picks', () => {
  // A pick that closes on focus loss is closed at once when its command was run from the palette
  // while a webview is the active editor (quickPickOptions.ts): none of ours may.
  it('stay open when a webview takes the focus (every showQuickPick of the extension)', () => {
    const calls = quickPickCalls();
    assert.ok(calls.length >= 10, `found only ${calls.length} showQuickPick calls: is the search still right?`);
    const closing = calls.filter((c) => !keepsOpen(c.options, c.file)).map((c) => c.where);
    assert.deepEqual(closing, [], `quick picks that close on focus loss: ${closing.join(', ')}`);
  });
});
