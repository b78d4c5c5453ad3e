/**
 * The HTML shell of a webview. Pure (no `vscode` import) so that the webview tests load the bundle
 * in Chromium under exactly the page and Content-Security-Policy the extension serves.
 */
export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin local resources are served from. */
  cspSource: string;
  /** Fresh random nonce per render; the only script allowed to run carries it. */
  nonce: string;
  scriptUri: string;
  /** The panel's own stylesheet. */
  styleUri: string;
  /**
   * The stylesheet the panels that fill an editor tab share (BASE_STYLESHEET: theme variables, page
   * box, scrollbars, the virtual list), linked before the panel's own so that the panel's rules win.
   */
  baseStyleUri?: string;
  title: string;
  /**
   * Data the page reads before its first render (the log's first snapshot): a
   * `<script type="application/json">` block, which runs nothing. Its text must already be
   * escaped so that it holds no `<` (see shared/log/embeddedSnapshot.ts).
   */
  data?: { elementId: string; json: string };
}

/**
 * The only folders of the extension a webview may load files from (`localResourceRoots`): the
 * built webview bundles and `media/`. Nothing else on disk (the host bundle, the workspace, the
 * user's files) is reachable from a webview.
 */
/** The shared base stylesheet in `dist/webview/` (built from src/webview/base/base.css), which the log view and the protocol trace load. */
export const BASE_STYLESHEET = 'base.css';

export const WEBVIEW_RESOURCE_FOLDERS: readonly (readonly string[])[] = [['dist', 'webview'], ['media']];

const escapeAttribute = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderWebviewHtml(o: WebviewHtmlOptions): string {
  // A `<` could end the data block and start markup of the payloads' choosing.
  if (o.data && o.data.json.includes('<')) throw new Error('webview data must be escaped: it holds a "<"');
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
    // Styles come from files. The toolkit's web components adopt constructed stylesheets; the one
    // inline <style> is the empty element FAST inserts at load to probe :focus-visible support,
    // allowed by the hash of the empty string (so no other inline style can apply).
    `style-src ${o.cspSource} 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.baseStyleUri === undefined ? '' : `<link rel="stylesheet" href="${escapeAttribute(o.baseStyleUri)}">\n`}<link rel="stylesheet" href="${escapeAttribute(o.styleUri)}">
<title>${escapeAttribute(o.title)}</title>
</head>
<body>
<div id="root"></div>
${o.data ? `<script type="application/json" id="${escapeAttribute(o.data.elementId)}" nonce="${escapeAttribute(o.nonce)}">${o.data.json}</script>\n` : ''}<script nonce="${escapeAttribute(o.nonce)}" src="${escapeAttribute(o.scriptUri)}"></script>
</body>
</html>`;
}
