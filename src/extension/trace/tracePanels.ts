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
 * connection's trace if the setting had not (or if it was stopped); closing it leaves the trace
 * running (export still works). An open panel shows whichever trace the connection has now: it says
 * so when the trace stopped (the setting was turned off) and follows a new one.
 */
export class TracePanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly traces: ConnectionTraces,
    private readonly log: Logger,
    /** Opens the connection's log and reveals the message with this seq there. */
    private readonly showInLog: (connection: Connection, seq: number) => void,
  ) {}

  show(connection: Connection): void {
    const key = profileKey(connection.entry.source, connection.name);
    const open = this.panels.get(key);
    if (open) {
      // A stopped trace starts again; the panel follows it.
      this.traces.start(connection);
      open.reveal();
      return;
    }
    this.traces.start(connection);
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
      trace: () => this.traces.get(connection)?.trace,
      onDidChangeTrace: (listener) =>
        this.traces.onDidChange((c) => {
          if (c === connection) listener(c);
        }),
      state: () => ({ connection: connection.name, startedLate: this.traces.get(connection)?.startedLate ?? false }),
      inLog: (seq, topic) => connection.store.has(seq) && connection.store.topicAt(seq) === topic,
      openInLog: (seq) => {
        this.showInLog(connection, seq);
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
