import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';

// What ships: the .vsix that `npm run package` writes (npm test packages before this layer).
// jszip comes with @vscode/test-electron.
const VSIX = join(__dirname, '..', '..', 'dist', 'tracemq.vsix');
/** Code only the bench's in-host probe has (bench/probe/inHostProbe.ts). */
const PROBE_MARKERS = ['monitorEventLoopDelay', 'setFlagsFromString', 'gc-reduce', 'RssAnon'];

describe('the packaged .vsix holds no bench code', () => {
  let zip: JSZip;

  before(async () => {
    if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first (npm test does).`);
    zip = await JSZip.loadAsync(readFileSync(VSIX));
  });

  it('ships no file from bench/', () => {
    assert.deepEqual(Object.keys(zip.files).filter((name) => /(^|\/)bench\//.test(name)), []);
  });

  it("ships a host bundle without the in-host probe's code", async () => {
    const bundle = await zip.file('extension/dist/extension.js')?.async('string');
    assert.ok(bundle, 'extension/dist/extension.js is in the .vsix');
    assert.deepEqual(
      PROBE_MARKERS.filter((marker) => bundle.includes(marker)),
      [],
      'the probe is bundled into the extension (or the .vsix predates its move: run `npm run package`)',
    );
  });
});
