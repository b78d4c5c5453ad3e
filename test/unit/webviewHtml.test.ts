import { strict as assert } from 'node:assert';
import { renderWebviewHtml, WEBVIEW_RESOURCE_FOLDERS } from '../../src/extension/base/webviewHtml';
import { cspOf } from '../harness/csp';
import { Connection } from '../../src/extension/connection/connection';
import { silentLogger } from '../../src/extension/base/logger';
import { LogViewHost } from '../../src/extension/log/logViewHost';
import { EMBEDDED_SNAPSHOT_ELEMENT_ID, embeddedSnapshotText, parseEmbeddedSnapshot } from '../../src/shared/log/embeddedSnapshot';

/** The HTML of a log page built by a real log view host over a store holding a hostile message. */
function logPageWithHostileMessage(): string {
  const connection = new Connection(
    { source: 'workspace', profile: { name: 'p', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: true, period: 1000 }, subscriptions: [] } },
    { maxMessages: 100, maxBytes: 1 << 20 },
    silentLogger,
  );
  connection.store.append('x/</script><script>alert(1)</script>/<!--/\u2028', Buffer.from('</script><!-- \u2028 <img src=x onerror=alert(2)>'), 0, false, false, undefined, 1);
  const host = new LogViewHost(connection, () => Promise.resolve(true), silentLogger);
  try {
    return renderWebviewHtml({ cspSource: CSP_SOURCE, nonce: 'Tk9OQ0U=', scriptUri: 'log.js', styleUri: 'log.css', title: 'MQTT Log: p', data: { elementId: EMBEDDED_SNAPSHOT_ELEMENT_ID, json: embeddedSnapshotText(host.embeddedSnapshot('page-1')) } });
  } finally {
    host.dispose();
  }
}

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

/**
 * The served HTML of the webviews (all render through `renderWebviewHtml`): a strict CSP, scripts
 * only by nonce, styles only from files (or, in a page that carries them, by nonce).
 */
describe('webview HTML and resource roots', () => {
  const nonce = 'bm9uY2Utb2YtdGhlLXRlc3Q=';
  const pages = [
    { title: 'Trace: demo', script: `${CSP_SOURCE}/ext/dist/webview/trace.js`, style: `${CSP_SOURCE}/ext/dist/webview/trace.css` },
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

  it('carries the log\'s first snapshot in a JSON data block with the page\'s nonce', () => {
    const block = /<script type="application\/json" id="tracemq-snapshot" nonce="Tk9OQ0U=">([^<]*)<\/script>/.exec(logPageWithHostileMessage());
    assert.equal(parseEmbeddedSnapshot(block?.[1] ?? '')?.snapshot.tail[0]?.topic, 'x/</script><script>alert(1)</script>/<!--/\u2028');
  });

  it('a hostile topic or payload in the first snapshot adds no element and no comment to the page', () => {
    const html = logPageWithHostileMessage();
    assert.deepEqual([[...html.matchAll(/<script\b/g)].length, [...html.matchAll(/<\/script/g)].length, html.includes('<!--'), /<img\b/.test(html)], [2, 2, false, false]);
  });

  it('refuses data that holds a "<", which could end its block', () => {
    assert.throws(() => renderWebviewHtml({ cspSource: CSP_SOURCE, nonce: 'n', scriptUri: 's.js', styleUri: 's.css', title: 't', data: { elementId: 'd', json: '"</script>"' } }), /must be escaped/);
  });

  describe('a page that carries its script and stylesheets (the log)', () => {
    const nonce = 'Tk9OQ0U=';
    const inlinePage = (): string =>
      renderWebviewHtml({
        cspSource: CSP_SOURCE,
        nonce,
        title: 't',
        inline: { script: { name: 'log.js', text: 'window.ran = 1;' }, styles: [{ name: 'base.css', text: 'body{margin:0}' }, { name: 'log.css', text: '.row{}' }] },
      });

    it('allows styles by the nonce as well as from files, and scripts still only by the nonce', () => {
      const csp = cspOf(inlinePage());
      assert.deepEqual([csp.get('style-src'), csp.get('script-src')], [[CSP_SOURCE, `'nonce-${nonce}'`, "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"], [`'nonce-${nonce}'`]]);
    });

    it('holds the script text in one element with the nonce, naming its file (for DevTools too, by sourceURL)', () => {
      const scripts = [...inlinePage().matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => [m[1], m[2]]);
      assert.deepEqual(scripts, [[` nonce="${nonce}" data-file="log.js"`, 'window.ran = 1;\n//# sourceURL=log.js\n']]);
    });

    it('holds the stylesheets in order, base first, each with the nonce, and links none', () => {
      const html = inlinePage();
      const styles = [...html.matchAll(/<style nonce="([^"]*)" data-file="([^"]*)">([^<]*)<\/style>/g)].map((m) => [m[1], m[2], m[3]]);
      assert.deepEqual([styles, /<link\b/.test(html)], [[[nonce, 'base.css', 'body{margin:0}'], [nonce, 'log.css', '.row{}']], false]);
    });

    it('refuses a script that could end its element', () => {
      assert.throws(() => renderWebviewHtml({ cspSource: CSP_SOURCE, nonce, title: 't', inline: { script: { name: 'x.js', text: 'a="</SCRIPT>"' }, styles: [] } }), /x\.js holds "<\/script"/);
    });

    it('refuses a stylesheet that could end its element', () => {
      assert.throws(() => renderWebviewHtml({ cspSource: CSP_SOURCE, nonce, title: 't', inline: { script: { name: 'x.js', text: '' }, styles: [{ name: 'x.css', text: 'a{}</style><script>' }] } }), /x\.css holds "<\/style"/);
    });
  });

  it('lets webviews load files from dist/webview and media/ only (localResourceRoots)', () => {
    assert.deepEqual(WEBVIEW_RESOURCE_FOLDERS, [['dist', 'webview'], ['media']]);
  });
});
