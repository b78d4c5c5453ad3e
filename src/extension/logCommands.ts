import * as vscode from 'vscode';
import { logFilterOf, type LogFilter } from '../shared/protocol';
import type { Connection } from './connection';
import type { ConnectionManager } from './connectionManager';
import type { TreeNode } from './connectionsTree';
import { describeFilter, exportLogInteractive, exportLogTo } from './logExport';
import type { LogPanels } from './logPanels';
import type { Recordings } from './recordings';

/**
 * Commands that act on a connection's message log: clear, export, and record to a file. Their
 * first argument is a profile name or a tree node; without one they ask.
 */
export function registerLogCommands(context: vscode.ExtensionContext, manager: ConnectionManager, panels: LogPanels, recordings: Recordings): void {
  async function pick(target: unknown, placeHolder: string, candidates: (c: Connection) => boolean, none: string): Promise<Connection | undefined> {
    const all = manager.all();
    if (typeof target === 'string') {
      const found = all.find((c) => c.name === target);
      if (!found) void vscode.window.showErrorMessage(`TraceMQ: "${target}" has no log (connect it first).`);
      return found;
    }
    if (typeof target === 'object' && target !== null && 'entry' in target) {
      const node = target as TreeNode;
      const found = all.find((c) => c.entry.source === node.entry.source && c.name === node.entry.profile.name);
      if (!found) void vscode.window.showInformationMessage(`TraceMQ: "${node.entry.profile.name}" has no log yet (connect it first).`);
      return found;
    }
    const fitting = all.filter(candidates);
    if (fitting.length === 0) {
      void vscode.window.showInformationMessage(none);
      return undefined;
    }
    if (fitting.length === 1) return fitting[0];
    const chosen = await vscode.window.showQuickPick(
      fitting.map((c) => ({ label: c.name, description: `${c.store.size.toLocaleString('en-US')} messages · ${c.state}`, connection: c })),
      { placeHolder },
    );
    return chosen?.connection;
  }
  const hasMessages = (c: Connection): boolean => c.store.size > 0;
  const noMessages = 'TraceMQ: no connection has received messages yet.';

  context.subscriptions.push(
    vscode.commands.registerCommand('tracemq.clearLog', async (target?: unknown) => {
      const connection = await pick(target, 'Clear the log of which connection?', hasMessages, noMessages);
      connection?.store.clear();
    }),

    // (target?, destination?: Uri, filter?: LogFilter | null): with a destination, no dialog.
    vscode.commands.registerCommand('tracemq.exportLog', async (target?: unknown, destination?: unknown, filterArg?: unknown) => {
      const connection = await pick(target, 'Export the log of which connection?', hasMessages, noMessages);
      if (!connection) return;
      // Commands can be run by other extensions too: take a filter argument only in the known shape.
      let filter: LogFilter | null = filterArg === undefined || filterArg === null ? null : (logFilterOf(filterArg) ?? null);
      const viewFilter = panels.filterOf(connection);
      if (filterArg === undefined && viewFilter) {
        // The log view shows a filtered log: export that, or everything?
        const choice = await vscode.window.showQuickPick(
          [
            { label: 'What the log view shows', description: describeFilter(viewFilter), filter: viewFilter },
            { label: 'Every stored message', description: `${connection.store.size.toLocaleString('en-US')} messages`, filter: null },
          ],
          { placeHolder: `Export which messages of "${connection.name}"?` },
        );
        if (!choice) return;
        filter = choice.filter;
      }
      if (destination instanceof vscode.Uri) await exportLogTo(connection, destination, filter);
      else await exportLogInteractive(connection, filter);
    }),

    vscode.commands.registerCommand('tracemq.startRecording', async (target?: unknown) => {
      const connection = await pick(target, 'Record which connection?', (c) => !recordings.isRecording(c), 'TraceMQ: connect a profile first; recording writes what it receives.');
      if (connection) await recordings.start(connection);
    }),

    vscode.commands.registerCommand('tracemq.stopRecording', async (target?: unknown) => {
      const connection = target === undefined ? undefined : await pick(target, '', () => true, '');
      await recordings.stop(connection);
    }),
  );
}
