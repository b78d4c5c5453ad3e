import * as vscode from 'vscode';

/** The URI scheme of messages opened in an editor: read-only documents, never saved anywhere. */
export const MESSAGE_DOCUMENT_SCHEME = 'tracemq-message';

/**
 * Messages opened in an editor ("Open in editor" of the detail pane) as read-only documents of a
 * content provider, rather than Untitled buffers that ask to be saved. The text of each is kept
 * while its document is open and dropped when VS Code closes it.
 */
export class MessageDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[];
  private opened = 0;

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(MESSAGE_DOCUMENT_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === MESSAGE_DOCUMENT_SCHEME) this.contents.delete(d.uri.toString());
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This message was closed; open it again from the log.';
  }

  /** Opens `content` beside the log, titled `name` (see messageDocumentName), in `language`. */
  async open(content: string, language: 'json' | 'plaintext', name: string): Promise<void> {
    // The query tells two openings of one message apart: each is its own document.
    const uri = vscode.Uri.from({ scheme: MESSAGE_DOCUMENT_SCHEME, path: `/${name}`, query: String(++this.opened) });
    this.contents.set(uri.toString(), content);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== language) document = await vscode.languages.setTextDocumentLanguage(document, language);
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.contents.clear();
  }
}
