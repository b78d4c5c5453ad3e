import * as vscode from 'vscode';
import { type LogFilter, logFilterOf } from '../../shared/log/logFilter';
import type { Connection } from '../connection/connection';
import type { ConnectionManager } from '../connection/connectionManager';
import { pickConnection } from '../connection/connectionPicker';
import { describeFilter, exportLogInteractive, exportLogTo } from './logExport';
import type { LogPanels } from './logPanels';
import type { RecordingManager } from '../recording/recordingManager';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';
import { countOf } from '../../shared/text/countOf';

/**
 * Commands that act on a connection's message log: clear, export, and record to a file. Their
 * first argument is a profile name or a tree node; without one they ask.
 */
export function registerLogCommands(context: vscode.ExtensionContext, manager: ConnectionManager, panels: LogPanels, recordings: RecordingManager): void {
  const pick = (target: unknown, placeHolder: string, fits: (c: Connection) => boolean, none: string): Promise<Connection | undefined> =>
    pickConnection(manager, target, { placeHolder, fits, none });
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
            { label: 'Every stored message', description: countOf(connection.store.size, 'message'), filter: null },
          ],
          { ...QUICK_PICK_OPTIONS, placeHolder: `Export which messages of "${connection.name}"?` },
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
