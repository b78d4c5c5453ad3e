import * as vscode from 'vscode';

/**
 * `tracemq.showReadme`: opens the README bundled in the extension in VS Code's Markdown preview.
 * The welcome view links here rather than to a web page, so the link works offline and always
 * describes the installed version.
 */
export function registerReadmeCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('tracemq.showReadme', async () => {
      const readme = await findReadme(context.extensionUri);
      if (!readme) {
        void vscode.window.showErrorMessage('TraceMQ: the README is missing from the installed extension; reinstall TraceMQ to get it back.');
        return;
      }
      try {
        await vscode.commands.executeCommand('markdown.showPreview', readme);
      } catch {
        // The built-in Markdown extension can be disabled; the plain text still reads well.
        await vscode.window.showTextDocument(readme, { preview: true });
      }
    }),
  );
}

/** `vsce package` stores the README as `readme.md`; a development checkout has `README.md`. */
async function findReadme(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const entries = await vscode.workspace.fs.readDirectory(extensionUri);
  const name = entries.find(([entry, type]) => type === vscode.FileType.File && entry.toLowerCase() === 'readme.md')?.[0];
  return name === undefined ? undefined : vscode.Uri.joinPath(extensionUri, name);
}
