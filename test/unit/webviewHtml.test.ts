import { strict as assert } from 'node:assert';
import { renderWebviewHtml, WEBVIEW_RESOURCE_FOLDERS } from '../../src/extension/base/webviewHtml';
import { cspOf } from '../harness/csp';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

/**
 * The served HTML of both webviews (the log view and the profile form render through
 * `renderWebviewHtml`): a strict CSP, scripts only by nonce, styles only from files.
 */
describe('webview HTML and resource roots', () => {
  const nonce = 'bm9uY2Utb2YtdGhlLXRlc3Q=';
  const pages = [
    { title: 'MQTT Log: demo', script: `${CSP_SOURCE}/ext/dist/webview/log.js`, style: `${CSP_SOURCE}/ext/dist/webview/log.css` },
    { title: 'New MQTT Profile', script: `${CSP_SOURCE}/ext/dist/webview/profileForm.js`, style: `${CSP_SOURCE}/ext/dist/webview/profileForm.css` },
  ];

  for (const page of pages) {
    it(`${page.title}: default-src 'none', scripts by nonce only, nothing unsafe, styles from files`, () => {
      const html = renderWebviewHtml({ cspSource: CSP_SOURCE, nonce, scriptUri: page.script, styleUri: page.style, title: page.title });
      const csp = cspOf(html);
      assert.deepEqual(csp.get('default-src'), ["'none'"]);
      assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`], 'scripts: the nonce and nothing else');
      for (const [directive, sources] of csp) {
        for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'data:', 'blob:', 'http:', 'https:']) {
          if (bad === 'data:' && directive === 'img-src') continue; // inline images (codicons) only
          assert.ok(!sources.includes(bad), `${directive} allows ${bad}`);
        }
      }
      // Styles: files from the extension, plus the hash of the empty string (see webviewHtml.ts).
      assert.deepEqual(csp.get('style-src'), [CSP_SOURCE, "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"]);
      assert.ok(!csp.has('connect-src') && !csp.has('frame-src') && !csp.has('object-src'), 'no network, frames or plugins beyond default-src');

      // One script element, external and carrying the nonce; no inline script, handler or style.
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.equal(scripts.length, 1);
      assert.match(scripts[0]![1]!, new RegExp(`nonce="${nonce}"`));
      assert.match(scripts[0]![1]!, new RegExp(`src="${page.script.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
      assert.equal(scripts[0]![2]!.trim(), '', 'the script element has no inline code');
      assert.doesNotMatch(html, /<style\b/, 'no inline style element');
      assert.doesNotMatch(html, /\sstyle=/, 'no style attribute');
      assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
      assert.match(html, new RegExp(`<link rel="stylesheet" href="${page.style.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}">`));
    });
  }

  it('escapes what it is given: a profile name in the title cannot add markup', () => {
    const html = renderWebviewHtml({
      cspSource: CSP_SOURCE,
      nonce: 'n"><script>alert(1)</script>',
      scriptUri: `${CSP_SOURCE}/log.js"><script>alert(2)</script>`,
      styleUri: `${CSP_SOURCE}/log.css`,
      title: 'MQTT Log: </title><script>alert(3)</script><img src=x onerror=alert(4)>',
    });
    assert.equal([...html.matchAll(/<script\b/g)].length, 1, 'still a single script element');
    assert.doesNotMatch(html, /<img\b/);
    assert.match(html, /<title>MQTT Log: &lt;\/title&gt;&lt;script&gt;alert\(3\)&lt;\/script&gt;&lt;img src=x onerror=alert\(4\)&gt;<\/title>/);
  });

  it('a fresh page differs only by its nonce', () => {
    const a = renderWebviewHtml({ cspSource: CSP_SOURCE, nonce: 'AAAA', scriptUri: 's.js', styleUri: 's.css', title: 't' });
    const b = renderWebviewHtml({ cspSource: CSP_SOURCE, nonce: 'BBBB', scriptUri: 's.js', styleUri: 's.css', title: 't' });
    assert.equal(a.replace(/AAAA/g, 'BBBB'), b);
  });

  it('links the base stylesheet before the panel\'s own, so the panel\'s rules win', () => {
    const html = renderWebviewHtml({ cspSource: CSP_SOURCE, nonce: 'n', scriptUri: 's.js', baseStyleUri: `${CSP_SOURCE}/base.css`, styleUri: `${CSP_SOURCE}/log.css`, title: 't' });
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(links, [`${CSP_SOURCE}/base.css`, `${CSP_SOURCE}/log.css`]);
  });

  it('lets webviews load files from dist/webview and media/ only (localResourceRoots)', () => {
    assert.deepEqual(WEBVIEW_RESOURCE_FOLDERS, [['dist', 'webview'], ['media']]);
  });
});
