/**
 * Loads the built log webview in Chromium the way VS Code serves it: the page comes from
 * `renderWebviewHtml()` (so its real Content-Security-Policy applies) on one origin, carrying its
 * bundle (the log, as its panel serves it) or linking it from another origin given as `cspSource`
 * (as VS Code's resource origin is), and `acquireVsCodeApi` is a
 * recording stand-in. Tests read what the view posted and answer like the host would.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { BASE_STYLESHEET, renderWebviewHtml } from '../../src/extension/base/webviewHtml';
import { WebviewFileTexts } from '../../src/extension/base/webviewFileTexts';
import { launchChromium } from './chromium';
import type { ConnectionInfo } from '../../src/shared/connection/connectionInfo';
import type { RequestMessage } from '../../src/shared/ipc/envelope';
import type { LogCounters } from '../../src/shared/log/logCounters';
import type { HostToLogView, LogViewRequests, LogViewToHost } from '../../src/shared/log/logViewProtocols';
import { EMBEDDED_SNAPSHOT_ELEMENT_ID, embeddedSnapshotText, type EmbeddedSnapshot } from '../../src/shared/log/embeddedSnapshot';

type LogViewRequestMethod = keyof LogViewRequests;

export const WEBVIEW_DIST = fileURLToPath(new URL('../../dist/webview/', import.meta.url));

/** The webview apps: each has its own bundle, `dist/webview/<entry>.js` and `.css`. */
export type WebviewEntry = 'log' | 'profileForm' | 'trace';
/** The apps whose panels also load the base stylesheet (as logPanels.ts and tracePanels.ts serve them). */
const LOADS_BASE_STYLESHEET: ReadonlySet<WebviewEntry> = new Set(['log', 'trace']);
/** The apps whose page carries its script and stylesheets (as logPanels.ts serves the log); the others link them. */
const INLINE_PAGE: ReadonlySet<WebviewEntry> = new Set(['log']);

/** Throws the message a developer needs when the bundle has not been built. */
export function assertWebviewBuilt(entry: WebviewEntry = 'log'): void {
  for (const file of [`${entry}.js`, `${entry}.css`, ...(LOADS_BASE_STYLESHEET.has(entry) ? [BASE_STYLESHEET] : [])]) {
    if (!existsSync(join(WEBVIEW_DIST, file))) {
      throw new Error(`dist/webview/${file} is missing: run \`npm run build\` before the webview tests`);
    }
  }
}

/** A few of VS Code's Dark Modern theme variables, set on <html> as VS Code does. */
export const DARK_THEME: Readonly<Record<string, string>> = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
  '--vscode-editor-font-size': '13px',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-errorForeground': '#f85149',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-widget-border': '#313131',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-border': '#ffffff12',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-button-secondaryHoverBackground': '#3c3c3c',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-input-placeholderForeground': '#989898',
  '--vscode-dropdown-background': '#313131',
  '--vscode-dropdown-foreground': '#cccccc',
  '--vscode-dropdown-border': '#3c3c3c',
  '--vscode-dropdown-listBackground': '#1f1f1f',
  '--vscode-checkbox-background': '#313131',
  '--vscode-checkbox-foreground': '#cccccc',
  '--vscode-checkbox-border': '#3c3c3c',
  '--vscode-list-activeSelectionBackground': '#04395e',
  '--vscode-list-activeSelectionForeground': '#ffffff',
  '--vscode-scrollbarSlider-background': '#79797966',
  '--vscode-scrollbarSlider-hoverBackground': '#646464b3',
  '--vscode-scrollbarSlider-activeBackground': '#bfbfbf66',
  '--vscode-testing-iconPassed': '#73c991',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-symbolIcon-keyForeground': '#9cdcfe',
  '--vscode-debugTokenExpression-number': '#b5cea8',
  '--vscode-textLink-foreground': '#4daafc',
};

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface WebviewServer {
  /** The page, served with a fresh nonce on each load. */
  pageUrl: string;
  /** The page's address when it carries this data block (as the log's host embeds its first snapshot). */
  pageUrlWith(data: { elementId: string; json: string }): string;
  /** The origin the bundle comes from: the page's `cspSource`. */
  resourceOrigin: string;
  close(): Promise<void>;
}

/** Serves `dist/webview/` and the page shell of `entry` from two loopback origins on free ports. */
export async function startWebviewServer(entry: WebviewEntry = 'log'): Promise<WebviewServer> {
  const resources = createServer((req, res) => {
    const path = resolve(WEBVIEW_DIST, `.${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)}`);
    const type = CONTENT_TYPES[extname(path)];
    if (!path.startsWith(WEBVIEW_DIST.endsWith(sep) ? WEBVIEW_DIST : WEBVIEW_DIST + sep) || type === undefined) {
      res.writeHead(404).end();
      return;
    }
    readFile(path).then(
      (body) => {
        res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
      },
      () => {
        res.writeHead(404).end();
      },
    );
  });
  const resourceOrigin = `http://127.0.0.1:${await listen(resources)}`;
  const embedded = new Map<string, { elementId: string; json: string }>();
  // Read by the extension's own reader, as the log's panel reads them (a source map named at a
  // bundle's end then points at the resource origin).
  const files = new WebviewFileTexts(WEBVIEW_DIST, (name) => `${resourceOrigin}/${name}`);
  const pages = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/') {
      res.writeHead(404).end();
      return;
    }
    const data = embedded.get(url.searchParams.get('data') ?? '');
    const page = {
      cspSource: resourceOrigin,
      nonce: randomBytes(16).toString('base64'),
      title: entry === 'log' ? 'TraceMQ Log' : entry === 'trace' ? 'TraceMQ Trace' : 'TraceMQ Profile',
      ...(data ? { data } : {}),
    };
    const styles = [...(LOADS_BASE_STYLESHEET.has(entry) ? [BASE_STYLESHEET] : []), `${entry}.css`];
    const html = INLINE_PAGE.has(entry)
      ? renderWebviewHtml({ ...page, inline: { script: files.get(`${entry}.js`), styles: styles.map((name) => files.get(name)) } })
      : renderWebviewHtml({
          ...page,
          scriptUri: `${resourceOrigin}/${entry}.js`,
          styleUri: `${resourceOrigin}/${entry}.css`,
          ...(LOADS_BASE_STYLESHEET.has(entry) ? { baseStyleUri: `${resourceOrigin}/${BASE_STYLESHEET}` } : {}),
        });
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  });
  const pageUrl = `http://127.0.0.1:${await listen(pages)}/`;
  return {
    pageUrl,
    pageUrlWith: (data) => {
      const key = String(embedded.size + 1);
      embedded.set(key, data);
      return `${pageUrl}?data=${key}`;
    },
    resourceOrigin,
    close: async () => {
      await Promise.all([close(resources), close(pages)]);
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no port'));
      else resolvePort(address.port);
    });
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => {
    server.close(() => {
      done();
    });
  });
}

/** What the stand-in keeps in the page, under `window.__tracemq`. */
interface Recorder {
  posted: unknown[];
  state: unknown;
  setStateCalls: number;
  acquired: number;
  violations: { directive: string; blocked: string; sample: string }[];
  receive(json: string): void;
}

declare global {
  interface Window {
    __tracemq: Recorder;
  }
}

// Plain JavaScript: runs in the page before any of its scripts. Byte arrays cross the boundary as
// {"$bytes": [...]} (see `encode`) and are revived as Uint8Array, as VS Code delivers them.
const RECORDER_SCRIPT = `(() => {
  const options = __OPTIONS__;
  const revive = (_key, value) =>
    value && typeof value === 'object' && Array.isArray(value.$bytes) ? Uint8Array.from(value.$bytes) : value;
  const recorder = {
    posted: [],
    state: options.state,
    setStateCalls: 0,
    acquired: 0,
    violations: [],
    receive(json) { window.postMessage(JSON.parse(json, revive), '*'); },
  };
  Object.defineProperty(window, '__tracemq', { value: recorder });
  // tsx names the inner functions of test callbacks with __name(); give evaluated code one.
  window.__name = (fn) => fn;
  window.acquireVsCodeApi = () => {
    recorder.acquired++;
    if (recorder.acquired > 1) throw new Error('An instance of the VS Code API has already been acquired');
    return Object.freeze({
      postMessage(message) { recorder.posted.push(structuredClone(message)); },
      getState() { return recorder.state; },
      setState(state) { recorder.setStateCalls++; recorder.state = structuredClone(state); return state; },
    });
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    recorder.violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  document.addEventListener('DOMContentLoaded', () => {
    for (const [name, value] of Object.entries(options.theme)) document.documentElement.style.setProperty(name, value);
    document.body.classList.add(options.themeClass);
    document.body.dataset.vscodeThemeKind = options.themeClass;
  });
})();`;

export interface OpenOptions {
  /** What `getState()` returns at first (the view's saved UI state). */
  state?: unknown;
  theme?: Readonly<Record<string, string>>;
  /** The class VS Code puts on <body> for the theme's kind. */
  themeClass?: 'vscode-dark' | 'vscode-light' | 'vscode-high-contrast';
  viewport?: { width: number; height: number };
  /** The element whose presence means the app is up (default: the log view). */
  readyTestId?: string;
  /**
   * Installs Playwright's fake clock before the page's scripts run, so that a test of a delay or a
   * cadence moves time itself (`page.clock.pauseAt`, `runFor`) instead of waiting on the real one.
   */
  fakeClock?: boolean;
  /** The first snapshot the page is built with, as the log's host embeds it. */
  embedded?: EmbeddedSnapshot;
  /** Runs on the new page before it navigates (a profiler to start, a clock to set). */
  beforeLoad?: (page: Page) => Promise<void>;
}

/** JSON that carries `Uint8Array`s as {"$bytes": [...]}. */
function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { $bytes: Array.from(v) } : v));
}

/** One loaded log webview and what it did. */
export class LogWebview {
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];
  readonly dialogs: string[] = [];

  private constructor(readonly page: Page) {
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') this.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => this.pageErrors.push(String(e)));
    page.on('dialog', (d) => {
      this.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
  }

  static async open(browser: Browser, server: WebviewServer, options: OpenOptions = {}): Promise<LogWebview> {
    const page = await browser.newPage({
      viewport: options.viewport ?? { width: 1100, height: 720 },
      // The same zone as this process, so that tests can compute the expected HH:MM:SS.mmm.
      timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
    // Conditions are awaited explicitly; an action that cannot happen should fail fast. Loading
    // the page always happens, only later on a busy machine (2 cores shared by several runs).
    page.setDefaultTimeout(5000);
    page.setDefaultNavigationTimeout(30_000);
    const view = new LogWebview(page);
    const config = { state: options.state, theme: options.theme ?? DARK_THEME, themeClass: options.themeClass ?? 'vscode-dark' };
    await page.addInitScript(RECORDER_SCRIPT.replace('__OPTIONS__', () => JSON.stringify(config)));
    if (options.fakeClock) await page.clock.install();
    await options.beforeLoad?.(page);
    await page.goto(options.embedded ? server.pageUrlWith({ elementId: EMBEDDED_SNAPSHOT_ELEMENT_ID, json: embeddedSnapshotText(options.embedded) }) : server.pageUrl);
    if (options.readyTestId === undefined) await page.getByTestId('log-view').waitFor();
    else await page.getByTestId(options.readyTestId).waitFor({ state: 'attached' });
    return view;
  }

  async close(): Promise<void> {
    await this.page.close();
  }

  /** Everything the view posted to the host so far, in order. */
  async posted(): Promise<LogViewToHost[]> {
    return (await this.page.evaluate(() => window.__tracemq.posted)) as LogViewToHost[];
  }

  async requests<M extends LogViewRequestMethod>(method: M): Promise<RequestMessage<M, LogViewRequests[M]['params']>[]> {
    return (await this.posted()).filter(
      (m): m is Extract<LogViewToHost, { kind: 'request'; method: M }> => m.kind === 'request' && m.method === method,
    );
  }

  /** Waits until a posted message satisfies `match` (only messages after the first `skip` are considered). */
  async waitForPosted<T extends LogViewToHost>(match: (m: LogViewToHost) => m is T, what: string, skip = 0): Promise<T> {
    let found: T | undefined;
    await waitFor(async () => {
      found = (await this.posted()).slice(skip).find(match);
      return found !== undefined;
    }, `the view to post ${what}`);
    return found!;
  }

  async waitForRequest<M extends LogViewRequestMethod>(method: M, skip = 0): Promise<RequestMessage<M, LogViewRequests[M]['params']>> {
    return this.waitForPosted(
      (m): m is Extract<LogViewToHost, { kind: 'request'; method: M }> => m.kind === 'request' && m.method === method,
      `a ${method} request`,
      skip,
    );
  }

  /** Delivers a host message as VS Code does: a `message` event on window (byte arrays stay bytes). */
  async send(message: HostToLogView): Promise<void> {
    await this.page.evaluate((json) => {
      window.__tracemq.receive(json);
    }, encode(message));
  }

  async reply<M extends LogViewRequestMethod>(request: RequestMessage<M>, result: LogViewRequests[M]['result']): Promise<void> {
    await this.send({ kind: 'response', id: request.id, result });
  }

  async replyError(request: RequestMessage, error: string): Promise<void> {
    await this.send({ kind: 'response', id: request.id, error });
  }

  async savedState(): Promise<unknown> {
    return this.page.evaluate(() => window.__tracemq.state);
  }

  async acquireCount(): Promise<number> {
    return this.page.evaluate(() => window.__tracemq.acquired);
  }

  /** CSP violations reported as events or logged to the console. */
  async cspViolations(): Promise<string[]> {
    const events = await this.page.evaluate(() => window.__tracemq.violations);
    return [
      ...events.map((v) => `securitypolicyviolation: ${v.directive} blocked ${v.blocked || v.sample}`),
      ...this.consoleErrors.filter((text) => text.includes('Content Security Policy')),
    ];
  }

  /**
   * Fails when the page threw, logged an error or opened a dialog. CSP reports are left to
   * `cspViolations()`, which one test checks on purpose, so that a CSP regression fails one test
   * with a clear message rather than every test.
   */
  assertHealthy(): void {
    const problems = [
      ...this.pageErrors.map((e) => `uncaught: ${e}`),
      ...this.consoleErrors.filter((e) => !e.includes('Content Security Policy')).map((e) => `console error: ${e}`),
      ...this.dialogs.map((d) => `dialog: ${d}`),
    ];
    if (problems.length > 0) throw new Error(`the webview page was not healthy:\n${problems.join('\n')}`);
  }
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => Promise<boolean> | boolean, what: string | (() => string), timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    // `what` may be a function, to say what was seen last (read when the wait fails).
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export function makeCounters(fields: Partial<LogCounters> & Pick<LogCounters, 'firstPos' | 'nextPos'>): LogCounters {
  return {
    received: fields.nextPos,
    evicted: fields.firstPos,
    duplicates: 0,
    stored: fields.nextPos - fields.firstPos,
    storeBytes: 0,
    maxBytes: 0,
    msgPerSec: 0,
    bytesPerSec: 0,
    ...fields,
  };
}

export const CONNECTED: ConnectionInfo = {
  key: 'workspace:local',
  profile: 'local',
  url: 'mqtt://localhost:1883',
  protocolVersion: '5.0',
  state: 'connected',
  subscriptions: [{ id: 1, topic: 'sensors/#', qos: 0 }],
};

/**
 * For a `describe` block of log view tests: starts one webview server and one Chromium before its
 * tests and closes both after them; `open` gives each test a fresh page of the log view.
 */
export function logWebviewSuite(): { open(options?: OpenOptions): Promise<LogWebview> } {
  let browser: Browser | undefined;
  let server: WebviewServer | undefined;
  before(async function () {
    assertWebviewBuilt();
    server = await startWebviewServer();
    browser = await launchChromium();
  });
  after(async function () {
    await browser?.close();
    await server?.close();
  });
  return {
    open: (options) => {
      if (!browser || !server) throw new Error('logWebviewSuite: open() is for tests, after its before hook');
      return LogWebview.open(browser, server, options);
    },
  };
}
