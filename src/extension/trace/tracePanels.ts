import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../base/logger';
import { BASE_STYLESHEET, renderWebviewHtml, WEBVIEW_RESOURCE_FOLDERS } from '../base/webviewHtml';
import type { Connection } from '../connection/connection';
import { WebviewRouter } from '../ipc/webviewRouter';
import { profileKey } from '../profiles/profile';
import type { ConnectionTraces } from './connectionTraces';
import { registerTraceHandlers } from './traceHandlers';

export const TRACE_VIEW_TYPE = 'tracemq.trace';

/**
 * The protocol trace panels: one per connection, in the editor area. Opening one starts the
 * connection's trace if the setting had not; closing it leaves the trace running (export still works).
 */
export class TracePanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly traces: ConnectionTraces,
    private readonly log: Logger,
    private readonly openLog: (connection: Connection) => void,
  ) {}

  show(connection: Connection): void {
    const key = profileKey(connection.entry.source, connection.name);
    const open = this.panels.get(key);
    if (open) {
      open.reveal();
      return;
    }
    const { trace, startedLate } = this.traces.start(connection);
    const panel = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, `Trace: ${connection.name}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: WEBVIEW_RESOURCE_FOLDERS.map((folder) => vscode.Uri.joinPath(this.extensionUri, ...folder)),
    });
    this.panels.set(key, panel);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'tracemq.svg');
    const webview = panel.webview;
    const asset = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', ...p)).toString();
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asset('trace.js'),
      baseStyleUri: asset(BASE_STYLESHEET),
      styleUri: asset('trace.css'),
      title: `Trace: ${connection.name}`,
    });
    const router = new WebviewRouter({
      post: (m) => webview.postMessage(m),
      log: this.log,
      source: `the protocol trace of "${connection.name}"`,
      // The trace's handlers throw only on bugs.
      isUserFacing: () => false,
    });
    const handlers = registerTraceHandlers(router, {
      trace,
      state: () => ({ connection: connection.name, tracing: this.traces.get(connection)?.trace === trace, startedLate }),
      inLog: (seq, topic) => connection.store.has(seq) && connection.store.topicAt(seq) === topic,
      openInLog: () => {
        this.openLog(connection);
      },
    });
    const received = webview.onDidReceiveMessage((raw: unknown) => {
      void router.receive(raw);
    });
    panel.onDidDispose(() => {
      received.dispose();
      handlers.dispose();
      router.dispose();
      this.panels.delete(key);
    });
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
