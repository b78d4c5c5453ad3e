import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InlineFile } from './webviewHtml';

/**
 * The built webview files (`dist/webview/`) read as text for pages that carry them in themselves
 * (see `InlinePageOptions`). Each is read once, when a page first needs it, and kept: they do not
 * change while the extension runs, and the log's bundle is ~330 KB.
 */
export class WebviewFileTexts {
  private readonly texts = new Map<string, string>();

  /**
   * @param folder the built webview folder on disk
   * @param uriOf the file's webview URI: a source map named at the end of a (development) bundle
   *   is pointed there, since a relative one would resolve against the page, not the file
   */
  constructor(
    private readonly folder: string,
    private readonly uriOf: (name: string) => string,
  ) {}

  get(name: string): InlineFile {
    let text = this.texts.get(name);
    if (text === undefined) {
      text = readFileSync(join(this.folder, name), 'utf8').replace(
        /(\/[/*]# sourceMappingURL=)([^\s*]+)(\s*(?:\*\/)?\s*)$/,
        (_all, lead: string, map: string, tail: string) => `${lead}${this.uriOf(map)}${tail}`,
      );
      this.texts.set(name, text);
    }
    return { name, text };
  }
}
