import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { LogFilter } from '../../shared/log/logFilter';
import type { Connection } from '../connection/connection';
import type { ConnectionManager } from '../connection/connectionManager';
import { DisposableStore } from '../base/disposableStore';
import { exportLogInteractive } from './logExport';
import { LogViewHost } from './logViewHost';
import { MessageDocuments } from './messageDocuments';
import type { PublishLibrary } from '../publish/publishLibrary';
import type { RecordingManager } from '../recording/recordingManager';
import type { ProfileEntry } from '../profiles/profile';
import { profileKey } from '../profiles/profile';
import type { ProfileRepository } from '../profiles/profileRepository';
import { BASE_STYLESHEET, renderWebviewHtml, WEBVIEW_BUILD_FOLDER, WEBVIEW_RESOURCE_FOLDERS } from '../base/webviewHtml';
import { WebviewFileTexts } from '../base/webviewFileTexts';
import { EMBEDDED_SNAPSHOT_ELEMENT_ID, embeddedSnapshotText } from '../../shared/log/embeddedSnapshot';

export const LOG_VIEW_TYPE = 'tracemq.log';

/** What a log webview keeps with `setState`, read back when VS Code restores the panel. */
interface PersistedLogState {
  profileKey?: unknown;
}

/**
 * The log views: one webview panel per connection, each served by its own LogViewHost. Also restores
 * the panels of a reloaded window (`WebviewPanelSerializer`).
 */
export class LogPanels extends DisposableStore implements vscode.WebviewPanelSerializer<PersistedLogState> {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly hosts = new Map<Connection, LogViewHost>();
  private readonly panelHosts = new Map<vscode.WebviewPanel, LogViewHost>();
  private fileTexts: WebviewFileTexts | undefined;

  static register(
    context: vscode.ExtensionContext,
    manager: ConnectionManager,
    profiles: ProfileRepository,
    log: vscode.LogOutputChannel,
    recordings: RecordingManager,
    library: PublishLibrary,
  ): LogPanels {
    const documents = new MessageDocuments();
    const panels = new LogPanels(context.extensionUri, manager, profiles, log, recordings, library, documents);
    context.subscriptions.push(panels, documents, vscode.window.registerWebviewPanelSerializer(LOG_VIEW_TYPE, panels));
    return panels;
  }

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly manager: ConnectionManager,
    private readonly profiles: ProfileRepository,
    private readonly log: vscode.LogOutputChannel,
    private readonly recordings: RecordingManager,
    private readonly library: PublishLibrary,
    private readonly documents: MessageDocuments,
  ) {
    super();
  }

  /** The filter the open log view of `connection` applies, if any (for exporting what it shows). */
  filterOf(connection: Connection): LogFilter | null {
    return this.hosts.get(connection)?.filter ?? null;
  }

  /** The host of the log panel that is the active editor, if one is. */
  get activeHost(): LogViewHost | undefined {
    for (const [panel, host] of this.panelHosts) if (panel.active) return host;
    return undefined;
  }

  /** Opens (or reveals) the log of a profile's connection with its Topics pane open. */
  showTopics(entry: ProfileEntry): void {
    this.show(entry);
    this.hosts.get(this.manager.getOrCreate(entry))?.showTopics();
  }

  /** Opens (or reveals) the log of a profile's connection, scrolled to the message with this seq, selected and opened. */
  revealMessage(entry: ProfileEntry, seq: number): void {
    this.show(entry);
    this.hosts.get(this.manager.getOrCreate(entry))?.revealMessage(seq);
  }

  /** Opens (or reveals) the log of a profile's connection. */
  show(entry: ProfileEntry): void {
    const key = profileKey(entry.source, entry.profile.name);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(LOG_VIEW_TYPE, this.title(entry), vscode.ViewColumn.Active, this.options());
    this.attach(panel, this.manager.getOrCreate(entry));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PersistedLogState | undefined): Promise<void> {
    await this.profiles.reload();
    const key = typeof state?.profileKey === 'string' ? state.profileKey : undefined;
    const entry = key ? this.profiles.find(key) : undefined;
    if (!entry || this.panels.has(key ?? '')) {
      // The profile is gone (or its log is already open): nothing to restore.
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    panel.title = this.title(entry);
    this.attach(panel, this.manager.getOrCreate(entry));
  }

  override dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    super.dispose();
  }

  /** The built webview files as text, made with the first panel (a file's webview URI is the same in every panel). */
  private files(webview: vscode.Webview): WebviewFileTexts {
    const folder = vscode.Uri.joinPath(this.extensionUri, ...WEBVIEW_BUILD_FOLDER);
    this.fileTexts ??= new WebviewFileTexts(folder.fsPath, (name) => webview.asWebviewUri(vscode.Uri.joinPath(folder, name)).toString());
    return this.fileTexts;
  }

  private title(entry: ProfileEntry): string {
    return `MQTT Log: ${entry.profile.name}`;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Only the built webview and our media; nothing else on disk is reachable.
      localResourceRoots: WEBVIEW_RESOURCE_FOLDERS.map((folder) => vscode.Uri.joinPath(this.extensionUri, ...folder)),
      // No retainContextWhenHidden: a hidden log costs nothing and asks for a snapshot when shown.
      enableFindWidget: true,
    };
  }

  private attach(panel: vscode.WebviewPanel, connection: Connection): void {
    const key = profileKey(connection.entry.source, connection.name);
    this.panels.set(key, panel);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'tracemq.svg');
    const webview = panel.webview;
    const host = new LogViewHost(connection, (m) => webview.postMessage(m), this.log, {
      openDocument: (content, language, name) => this.documents.open(content, language, name),
      copyToClipboard: (text) => vscode.env.clipboard.writeText(text),
      exportLog: (filter) => exportLogInteractive(connection, filter),
      setRecording: (record) => (record ? this.recordings.start(connection) : this.recordings.stop(connection)),
      recording: () => this.recordings.status(connection),
      history: () => this.library.history(key),
      remember: (publish) => this.library.remember(key, publish),
      templates: () => this.library.templates(),
      saveTemplate: (name, publish) => this.library.saveTemplate(name, publish),
      deleteTemplate: (name) => this.library.deleteTemplate(name),
      confirm: async (message, action) => (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action,
      showTrace: () => vscode.commands.executeCommand('tracemq.openTrace', connection.name),
    });
    this.hosts.set(connection, host);
    this.panelHosts.set(panel, host);
    const files = this.files(webview);
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      // In the page, not linked: Open Log's first rows then wait for no fetch (BENCHMARKS.md, Open Log).
      inline: { script: files.get('log.js'), styles: [files.get(BASE_STYLESHEET), files.get('log.css')] },
      title: this.title(connection.entry),
      // The first snapshot comes with the page: the first render has rows, with no round trip.
      data: { elementId: EMBEDDED_SNAPSHOT_ELEMENT_ID, json: embeddedSnapshotText(host.embeddedSnapshot(randomBytes(12).toString('hex'))) },
    });
    const subscriptions = [
      webview.onDidReceiveMessage((raw: unknown) => {
        void host.receive(raw);
      }),
      panel.onDidChangeViewState(() => {
        host.setVisible(panel.visible);
      }),
    ];
    panel.onDidDispose(() => {
      this.panels.delete(key);
      this.hosts.delete(connection);
      this.panelHosts.delete(panel);
      host.dispose();
      for (const s of subscriptions) s.dispose();
    });
  }
}
