import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../harness/chromium';
import { assertWebviewBuilt, LogWebview, startWebviewServer, type WebviewEntry, type WebviewServer } from '../harness/webviewPage';

/**
 * The log view and the protocol trace share one base stylesheet (src/webview/base/base.css, built
 * to dist/webview/base.css): each page, under its real Content-Security-Policy, loads it before its
 * own, and takes the theme variables, the page box and the virtual list's layout from it.
 */
const PANELS: { entry: WebviewEntry; readyTestId: string }[] = [
  { entry: 'log', readyTestId: 'log-view' },
  { entry: 'trace', readyTestId: 'trace-view' },
];

describe('the base stylesheet of the log and trace panels in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
  });

  for (const { entry, readyTestId } of PANELS) {
    describe(`the ${entry} panel`, () => {
      let server: WebviewServer;
      let view: LogWebview;
      before(async () => {
        assertWebviewBuilt(entry);
        server = await startWebviewServer(entry);
      });
      after(async () => {
        await server.close();
      });
      beforeEach(async () => {
        view = await LogWebview.open(browser, server, { readyTestId });
      });
      afterEach(async () => {
        view.assertHealthy();
        await view.close();
      });

      it(`loads base.css, then ${entry}.css, both allowed by its CSP`, async () => {
        // A stylesheet the CSP refused has no sheet; one the page carries names its file in data-file.
        const loaded = await view.page.evaluate(() =>
          [...document.querySelectorAll<HTMLLinkElement | HTMLStyleElement>('link[rel="stylesheet"], style[data-file]')]
            .filter((e) => e.sheet !== null)
            .map((e) => (e instanceof HTMLLinkElement ? new URL(e.href).pathname.slice(1) : (e.dataset.file ?? ''))),
        );
        assert.deepEqual(loaded, ['base.css', `${entry}.css`]);
      });

      it('takes the page box and the theme variables from it', async () => {
        const seen = await view.page.evaluate(() => {
          const body = getComputedStyle(document.body);
          return { overflow: body.overflow, margin: body.margin, border: getComputedStyle(document.documentElement).getPropertyValue('--border').trim() !== '' };
        });
        assert.deepEqual(seen, { overflow: 'hidden', margin: '0px', border: true });
      });

      it('lays out a virtual list from it: a column from the end, scrolling inside itself', async () => {
        const seen = await view.page.evaluate(() => {
          const list = document.createElement('div');
          list.className = 'vlist';
          document.body.append(list);
          const s = getComputedStyle(list);
          const out = { display: s.display, direction: s.flexDirection, overflowY: s.overflowY, anchor: s.overflowAnchor };
          list.remove();
          return out;
        });
        assert.deepEqual(seen, { display: 'flex', direction: 'column-reverse', overflowY: 'auto', anchor: 'none' });
      });
    });
  }
});
