import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebviewFileTexts } from '../../src/extension/base/webviewFileTexts';

/** The built webview files a page carries in itself (the log's panel), read from a folder on disk. */
describe('WebviewFileTexts', () => {
  let folder: string;
  let texts: WebviewFileTexts;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'tracemq-webview-files-'));
    texts = new WebviewFileTexts(folder, (name) => `https://resource.test/dist/webview/${name}`);
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('gives a file\'s name and text', () => {
    writeFileSync(join(folder, 'log.css'), '.row{color:red}');
    assert.deepEqual(texts.get('log.css'), { name: 'log.css', text: '.row{color:red}' });
  });

  it('reads a file once: a second page gets the text read for the first', () => {
    writeFileSync(join(folder, 'log.js'), 'first();');
    texts.get('log.js');
    writeFileSync(join(folder, 'log.js'), 'second();');
    assert.equal(texts.get('log.js').text, 'first();');
  });

  it('points a script\'s source map at its webview address, since a page would resolve a relative one against itself', () => {
    writeFileSync(join(folder, 'log.js'), 'run();\n//# sourceMappingURL=log.js.map\n');
    assert.equal(texts.get('log.js').text, 'run();\n//# sourceMappingURL=https://resource.test/dist/webview/log.js.map\n');
  });

  it('points a stylesheet\'s source map at its webview address too', () => {
    writeFileSync(join(folder, 'log.css'), '.a{}\n/*# sourceMappingURL=log.css.map */\n');
    assert.equal(texts.get('log.css').text, '.a{}\n/*# sourceMappingURL=https://resource.test/dist/webview/log.css.map */\n');
  });

  it('says which file is missing', () => {
    assert.throws(() => texts.get('gone.js'), /gone\.js/);
  });
});
