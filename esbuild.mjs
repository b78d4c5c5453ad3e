// One build script, two bundles: the extension host (Node, CommonJS, `vscode` external) and the
// webviews (browser, Preact JSX: the log view and the profile form). `--production` minifies, `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'info',
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    define: {
      // `ws` (under mqtt.js) would try optional native add-ons; we ship none.
      'process.env.WS_NO_BUFFER_UTIL': '"1"',
      'process.env.WS_NO_UTF_8_VALIDATE': '"1"',
      // Browser sniffing in mqtt.js and debug reads `navigator`, which the extension host (Node 21+)
      // makes throw a PendingMigrationError. The host is never a browser.
      navigator: 'undefined',
    },
    alias: {
      // jsonc-parser's UMD entry requires its parts at run time, which a bundle cannot resolve.
      'jsonc-parser': 'jsonc-parser/lib/esm/main.js',
      // mqtt.js debug output can hold packet contents, passwords included: never emit it.
      debug: './src/extension/base/silentDebug.cjs',
    },
  },
  {
    ...common,
    // The webview apps, each with its own script and stylesheet (the log view, the profile form, the
    // protocol trace), and the base stylesheet the log view and the trace both load.
    entryPoints: { log: 'src/webview/log/main.tsx', profileForm: 'src/webview/profileForm/main.tsx', trace: 'src/webview/trace/main.tsx', base: 'src/webview/base/base.css' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'css' },
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
