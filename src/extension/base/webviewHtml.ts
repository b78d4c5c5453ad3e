/**
 * The HTML shell of a webview. Pure (no `vscode` import) so that the webview tests load the bundle
 * in Chromium under exactly the page and Content-Security-Policy the extension serves.
 */
interface PageOptions {
  /** `webview.cspSource`: the origin local resources are served from. */
  cspSource: string;
  /** Fresh random nonce per render; the only script allowed to run carries it. */
  nonce: string;
  title: string;
  /**
   * Data the page reads before its first render (the log's first snapshot): a
   * `<script type="application/json">` block, which runs nothing. Its text must already be
   * escaped so that it holds no `<` (see shared/log/embeddedSnapshot.ts).
   */
  data?: { elementId: string; json: string };
}

/** A page that links its script and stylesheets: the webview fetches them. */
export interface LinkedPageOptions extends PageOptions {
  scriptUri: string;
  /** The panel's own stylesheet. */
  styleUri: string;
  /**
   * The stylesheet the panels that fill an editor tab share (BASE_STYLESHEET: theme variables, page
   * box, scrollbars, the virtual list), linked before the panel's own so that the panel's rules win.
   */
  baseStyleUri?: string;
}

/** A built file's name (in `dist/webview/`) and its text. */
export interface InlineFile {
  name: string;
  text: string;
}

/**
 * A page that carries its script and stylesheets (base first) in itself, each element with the
 * nonce: nothing is fetched before the first render. Inside VS Code each fetch of a webview file
 * goes through the webview's service worker and the workbench (to the remote server in
 * code-server), which is most of the time between the log's frame being made and its first rows.
 */
export interface InlinePageOptions extends PageOptions {
  inline: { script: InlineFile; styles: readonly InlineFile[] };
}

export type WebviewHtmlOptions = LinkedPageOptions | InlinePageOptions;

/** The shared base stylesheet in `dist/webview/` (built from src/webview/base/base.css), which the log view and the protocol trace load. */
export const BASE_STYLESHEET = 'base.css';

/** Where the webview bundles are built (from src/webview/, by esbuild.mjs). */
export const WEBVIEW_BUILD_FOLDER: readonly string[] = ['dist', 'webview'];

/**
 * The only folders of the extension a webview may load files from (`localResourceRoots`): the
 * built webview bundles and `media/`. Nothing else on disk (the host bundle, the workspace, the
 * user's files) is reachable from a webview.
 */
export const WEBVIEW_RESOURCE_FOLDERS: readonly (readonly string[])[] = [WEBVIEW_BUILD_FOLDER, ['media']];

const escapeAttribute = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const isInline = (o: WebviewHtmlOptions): o is InlinePageOptions => 'inline' in o;

/** The text of a file put in the page: it must not be able to end its element. */
function inlineText(file: InlineFile, element: 'script' | 'style'): string {
  if (new RegExp(`</${element}`, 'i').test(file.text)) throw new Error(`${file.name} holds "</${element}": it cannot be put in the page`);
  return file.text;
}

export function renderWebviewHtml(o: WebviewHtmlOptions): string {
  // A `<` could end the data block and start markup of the payloads' choosing.
  if (o.data && o.data.json.includes('<')) throw new Error('webview data must be escaped: it holds a "<"');
  const nonce = escapeAttribute(o.nonce);
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
    // Styles come from files, or (an inline page) from elements carrying the nonce. The toolkit's
    // web components adopt constructed stylesheets; the one other inline <style> is the empty
    // element FAST inserts at load to probe :focus-visible support, allowed by the hash of the
    // empty string (so no other inline style can apply).
    `style-src ${o.cspSource}${isInline(o) ? ` 'nonce-${o.nonce}'` : ''} 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  const styles = isInline(o)
    ? o.inline.styles.map((f) => `<style nonce="${nonce}" data-file="${escapeAttribute(f.name)}">${inlineText(f, 'style')}</style>\n`).join('')
    : `${o.baseStyleUri === undefined ? '' : `<link rel="stylesheet" href="${escapeAttribute(o.baseStyleUri)}">\n`}<link rel="stylesheet" href="${escapeAttribute(o.styleUri)}">\n`;
  const script = isInline(o)
    ? // `sourceURL` names the script after its file in DevTools and profiles (else it is the page's).
      `<script nonce="${nonce}" data-file="${escapeAttribute(o.inline.script.name)}">${inlineText(o.inline.script, 'script')}\n//# sourceURL=${encodeURIComponent(o.inline.script.name)}\n</script>`
    : `<script nonce="${nonce}" src="${escapeAttribute(o.scriptUri)}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}<title>${escapeAttribute(o.title)}</title>
</head>
<body>
<div id="root"></div>
${o.data ? `<script type="application/json" id="${escapeAttribute(o.data.elementId)}" nonce="${nonce}">${o.data.json}</script>\n` : ''}${script}
</body>
</html>`;
}
