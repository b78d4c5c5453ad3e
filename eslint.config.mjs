// Lint all three rooms and the tests with typescript-eslint's strict, type-aware rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Node's own modules by their bare names ('fs', 'fs/promises', …); the internal '_…' ones aside. */
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));
const HOST_ONLY = 'vscode and mqtt live in the extension host (src/extension) only.';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.demo/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs', 'scripts/lib/*.mjs', 'scripts/lib/*.d.mts', 'src/extension/base/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Untrusted text is rendered as text nodes, never as HTML.' },
        { property: 'outerHTML', message: 'Untrusted text is rendered as text nodes, never as HTML.' },
      ],
    },
  },
  // The walls between the rooms (DESIGN.md, "Three rooms"). TypeScript cannot draw them: a bare
  // 'vscode' or 'mqtt' resolves through node_modules (and node_modules/@types) whatever a room's
  // `types` says, and a relative import reaches any file. So the import walls are lint rules, one
  // block per room; the rooms' tsconfigs wall off what lint cannot see (DOM and Node globals).
  // test/unit/walls.test.ts feeds each wall a forbidden import. Bare names go in `paths` (exact
  // match); `patterns` are gitignore-style and match any path segment, so only folder walls and
  // subpaths go there.
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: HOST_ONLY },
            { name: 'mqtt', message: HOST_ONLY },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'src/shared runs in the host and in the webview alike: no Node modules.' })),
          ],
          patterns: [
            { regex: '^node:', message: 'src/shared runs in the host and in the webview alike: no Node modules.' },
            { regex: '^mqtt/', message: HOST_ONLY },
            { group: ['**/extension/**', '**/webview/**'], message: 'src/shared is the common ground of both rooms and imports neither.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/extension/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/webview/**'], message: 'The host talks to a webview only through the protocol in src/shared, never by importing its code.' }] },
      ],
    },
  },
  {
    files: ['src/webview/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: HOST_ONLY },
            { name: 'mqtt', message: HOST_ONLY },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'A webview is a browser page: no Node modules.' })),
          ],
          patterns: [
            { regex: '^node:', message: 'A webview is a browser page: no Node modules.' },
            { regex: '^mqtt/', message: HOST_ONLY },
            { group: ['**/extension/**'], message: 'A webview reaches the host only through the protocol in src/shared, never by importing its code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'scripts/**'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
