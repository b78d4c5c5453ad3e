import * as vscode from 'vscode';
import type { Connection } from '../connection/connection';
import type { ConnectionManager } from '../connection/connectionManager';
import { pickConnection } from '../connection/connectionPicker';
import type { LogPanels } from '../log/logPanels';
import { topicsExport } from './topicsExport';

/**
 * `TraceMQ: Export Topics…` (`tracemq.exportTopics`: which connection, then where; a destination
 * Uri as second argument skips the dialog) and `TraceMQ: Show Topics` (`tracemq.showTopics`: the
 * connection's log with its Topics pane open).
 */
export function registerTopicsCommands(context: vscode.ExtensionContext, manager: ConnectionManager, panels: LogPanels): void {
  const hasTopics = (c: Connection): boolean => c.topics.size > 0 || c.topics.untrackedMessages > 0;
  context.subscriptions.push(
    vscode.commands.registerCommand('tracemq.exportTopics', async (target?: unknown, destination?: unknown) => {
      const connection = await pickConnection(manager, target, {
        placeHolder: 'Export the topics of which connection?',
        fits: hasTopics,
        none: 'TraceMQ: no connection has received messages yet.',
      });
      if (!connection) return;
      const uri = destination instanceof vscode.Uri ? destination : await askWhere(connection);
      if (!uri) return;
      const document = topicsExport(connection.name, connection.topics, connection.store, new Date());
      await vscode.workspace.fs.writeFile(uri, Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8'));
      const choice = await vscode.window.showInformationMessage(
        `TraceMQ: exported ${document.topics.length.toLocaleString('en-US')} topics of "${connection.name}" to ${vscode.workspace.asRelativePath(uri)}.`,
        'Open File',
      );
      if (choice === 'Open File') await vscode.window.showTextDocument(uri);
    }),

    vscode.commands.registerCommand('tracemq.showTopics', async (target?: unknown) => {
      const connection = await pickConnection(manager, target, {
        placeHolder: 'Show the topics of which connection?',
        fits: () => true,
        none: 'TraceMQ: connect a profile first; the Topics pane shows what it receives.',
      });
      if (connection) panels.showTopics(connection.entry);
    }),
  );
}

function askWhere(connection: Connection): Thenable<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const safeName = connection.name.replace(/[^\w.-]+/g, '_');
  return vscode.window.showSaveDialog({
    title: `Export the topics of "${connection.name}"`,
    saveLabel: 'Export',
    filters: { JSON: ['json'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${safeName}-topics-${stamp}.json`) } : {}),
  });
}
