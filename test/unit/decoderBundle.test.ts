import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = join(__dirname, '..', '..');

/** Bundles a decoder file the way esbuild.mjs bundles the extension host (node, cjs). */
async function bundle(entry: string): Promise<{ inputs: string[]; text: string }> {
  const result = await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { inputs: Object.keys(result.metafile.inputs), text: result.outputFiles.map((f) => f.text).join('\n') };
}

/** cbor-x and msgpackr try optional native add-ons (`.node` files) that a .vsix does not ship. */
describe('decoders in the extension bundle', () => {
  for (const entry of ['src/extension/decoders/cborCodec.ts', 'src/extension/decoders/msgpackCodec.ts']) {
    it(`${entry} pulls in no native add-on loader`, async () => {
      const { inputs } = await bundle(entry);
      assert.deepEqual(
        inputs.filter((i) => /cbor-extract|msgpackr-extract|node-gyp-build/.test(i)),
        [],
      );
    });

    it(`${entry} requires no .node file`, async () => {
      const { text } = await bundle(entry);
      assert.doesNotMatch(text, /require\([^)]*\.node["'`]\)|cbor-extract|msgpackr-extract/);
    });
  }
});
