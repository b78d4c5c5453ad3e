import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

// The walls between the three rooms (DESIGN.md, "Three rooms"), each proved by feeding it a
// forbidden import or global and running the real checker with the repository's own config:
// TypeScript with a room's tsconfig for what a room's environment lacks (DOM, Node), ESLint for
// what a room may import. A fixture is a real file placed in the room (so the room's `include`
// and the lint blocks by folder pick it up) and removed after its block, failed or not.

const ROOT = join(__dirname, '..', '..');
/** Ignored by git (.gitignore), so a fixture left behind by a killed run is never committed. */
const FIXTURE_PREFIX = '__wallFixture_';

type Room = 'shared' | 'extension' | 'webview';

interface Fixture {
  room: Room;
  name: string;
  source: string;
}

const fixturePath = (f: Fixture): string => join(ROOT, 'src', f.room, `${FIXTURE_PREFIX}${f.name}.ts`);

/** Writes the fixtures before a block and removes them after it, whatever the tests did. */
function withFixtures(fixtures: readonly Fixture[]): void {
  const remove = (): void => {
    for (const f of fixtures) rmSync(fixturePath(f), { force: true });
  };
  before(() => {
    for (const f of fixtures) writeFileSync(fixturePath(f), f.source);
  });
  after(remove);
  // A run stopped by Ctrl+C skips `after`; the files must not break the next typecheck.
  process.once('exit', remove);
}

describe('walls the compiler draws (each room’s tsconfig)', function () {
  this.timeout(120_000);
  const fixtures = {
    sharedDom: { room: 'shared', name: 'dom', source: 'export const title = document.title;\n' },
    sharedNodeGlobal: { room: 'shared', name: 'nodeGlobal', source: 'export const home = process.env.HOME;\n' },
    sharedNodeModule: { room: 'shared', name: 'nodeModule', source: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n" },
    webviewNodeGlobal: { room: 'webview', name: 'nodeGlobal', source: 'export const home = process.env.HOME;\n' },
    webviewNodeModule: { room: 'webview', name: 'nodeModule', source: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n" },
    extensionDom: { room: 'extension', name: 'dom', source: 'export const title = document.title;\n' },
  } satisfies Record<string, Fixture>;
  withFixtures(Object.values(fixtures));

  // Lib and @types files are parsed once for the three rooms' programs.
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const programs = new Map<Room, ts.Program>();
  const program = (room: Room): ts.Program => {
    let p = programs.get(room);
    if (p) return p;
    const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'src', room, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    assert.ok(config, `src/${room}/tsconfig.json`);
    const host = ts.createCompilerHost(config.options, true);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      if (fileName.includes(FIXTURE_PREFIX)) return read(fileName, languageVersion, onError, shouldCreate);
      if (!parsed.has(fileName)) parsed.set(fileName, read(fileName, languageVersion, onError, shouldCreate));
      return parsed.get(fileName);
    };
    p = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
    programs.set(room, p);
    return p;
  };
  /** The fixture's own errors, as "TS<code> <message>" lines. */
  const errors = (f: Fixture): string[] => {
    const p = program(f.room);
    const file = p.getSourceFile(fixturePath(f));
    assert.ok(file, `${fixturePath(f)} is not in src/${f.room}/tsconfig.json's program`);
    return [...p.getSyntacticDiagnostics(file), ...p.getSemanticDiagnostics(file)].map((d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  };
  const CANNOT_FIND_NAME = /^TS25(84|80|91) Cannot find name '(document|process)'/;
  const CANNOT_FIND_MODULE = /^TS2307 Cannot find module 'node:fs'/;

  it('src/shared sees no DOM: document is an unknown name', () => {
    assert.match(errors(fixtures.sharedDom).join('\n'), CANNOT_FIND_NAME);
  });

  it('src/shared sees no Node globals: process is an unknown name', () => {
    assert.match(errors(fixtures.sharedNodeGlobal).join('\n'), CANNOT_FIND_NAME);
  });

  it('src/shared cannot resolve a Node module (node:fs)', () => {
    assert.match(errors(fixtures.sharedNodeModule).join('\n'), CANNOT_FIND_MODULE);
  });

  it('src/webview sees no Node globals: process is an unknown name', () => {
    assert.match(errors(fixtures.webviewNodeGlobal).join('\n'), CANNOT_FIND_NAME);
  });

  it('src/webview cannot resolve a Node module (node:fs)', () => {
    assert.match(errors(fixtures.webviewNodeModule).join('\n'), CANNOT_FIND_MODULE);
  });

  it('src/extension sees no DOM: document is an unknown name', () => {
    assert.match(errors(fixtures.extensionDom).join('\n'), CANNOT_FIND_NAME);
  });
});

describe('walls the linter draws (no-restricted-imports per room in eslint.config.mjs)', function () {
  this.timeout(120_000);
  const importing = (room: Room, name: string, specifier: string): Fixture => ({
    room,
    name,
    source: `import * as forbidden from '${specifier}';\nexport const reached = forbidden;\n`,
  });
  const fixtures = {
    sharedVscode: importing('shared', 'vscode', 'vscode'),
    sharedMqtt: importing('shared', 'mqtt', 'mqtt'),
    sharedNodePrefixed: importing('shared', 'nodePrefixed', 'node:fs'),
    sharedNodeBare: importing('shared', 'nodeBare', 'fs'),
    sharedExtension: importing('shared', 'extension', '../extension/extension'),
    sharedWebview: importing('shared', 'webview', '../webview/log/main'),
    extensionWebview: importing('extension', 'webview', '../webview/log/main'),
    webviewExtension: importing('webview', 'extension', '../extension/extension'),
    webviewVscode: importing('webview', 'vscode', 'vscode'),
    webviewMqtt: importing('webview', 'mqtt', 'mqtt'),
    webviewMqttSubpath: importing('webview', 'mqttSubpath', 'mqtt/dist/mqtt.esm'),
    webviewNode: importing('webview', 'node', 'node:fs'),
  } satisfies Record<string, Fixture>;
  withFixtures(Object.values(fixtures));

  // The repository's config as it is, with type information off: no-restricted-imports reads the
  // syntax only, and building the rooms' type-aware projects would cost seconds per room.
  const eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });
  /** The fixture's no-restricted-imports complaints. */
  const complaints = async (f: Fixture): Promise<string[]> => {
    const [result] = await eslint.lintFiles([fixturePath(f)]);
    assert.ok(result, fixturePath(f));
    const fatal = result.messages.filter((m) => m.fatal);
    assert.deepEqual(fatal, [], 'the fixture was linted');
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };
  const refused = async (f: Fixture, specifier: string): Promise<void> => {
    const said = await complaints(f);
    assert.equal(said.length, 1, said.join('\n'));
    assert.ok(said[0]?.startsWith(`'${specifier}' import is restricted`), said[0]);
  };

  it('src/shared cannot import vscode', () => refused(fixtures.sharedVscode, 'vscode'));
  it('src/shared cannot import mqtt', () => refused(fixtures.sharedMqtt, 'mqtt'));
  it('src/shared cannot import a node: module', () => refused(fixtures.sharedNodePrefixed, 'node:fs'));
  it('src/shared cannot import a Node module by its bare name', () => refused(fixtures.sharedNodeBare, 'fs'));
  it('src/shared cannot import src/extension', () => refused(fixtures.sharedExtension, '../extension/extension'));
  it('src/shared cannot import src/webview', () => refused(fixtures.sharedWebview, '../webview/log/main'));
  it('src/extension cannot import src/webview', () => refused(fixtures.extensionWebview, '../webview/log/main'));
  it('src/webview cannot import src/extension', () => refused(fixtures.webviewExtension, '../extension/extension'));
  it('src/webview cannot import vscode', () => refused(fixtures.webviewVscode, 'vscode'));
  it('src/webview cannot import mqtt', () => refused(fixtures.webviewMqtt, 'mqtt'));
  it('src/webview cannot import a file inside mqtt', () => refused(fixtures.webviewMqttSubpath, 'mqtt/dist/mqtt.esm'));
  it('src/webview cannot import a Node module', () => refused(fixtures.webviewNode, 'node:fs'));
});
