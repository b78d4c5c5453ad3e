import * as vscode from 'vscode';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { Connection } from './connection';
import type { ConnectionManager } from './connectionManager';
import type { TreeNode } from './connectionsTree';
import { toNdjsonLine } from './ndjsonExport';

/** Lines written between two progress reports and cancellation checks. */
const EXPORT_CHUNK = 2000;

/**
 * Commands that act on a connection's message log: `tracemq.clearLog` and `tracemq.exportLog`.
 * Their first argument is a profile name or a tree node; without one they ask.
 */
export function registerLogCommands(context: vscode.ExtensionContext, manager: ConnectionManager): void {
  async function pick(target: unknown, placeHolder: string): Promise<Connection | undefined> {
    const all = manager.all();
    if (typeof target === 'string') {
      const found = all.find((c) => c.name === target);
      if (!found) void vscode.window.showErrorMessage(`TraceMQ: "${target}" has no log (connect it first).`);
      return found;
    }
    if (typeof target === 'object' && target !== null && 'entry' in target) {
      const node = target as TreeNode;
      return all.find((c) => c.entry.source === node.entry.source && c.name === node.entry.profile.name);
    }
    const withLogs = all.filter((c) => c.store.size > 0);
    if (withLogs.length === 0) {
      void vscode.window.showInformationMessage('TraceMQ: no connection has received messages yet.');
      return undefined;
    }
    if (withLogs.length === 1) return withLogs[0];
    const chosen = await vscode.window.showQuickPick(
      withLogs.map((c) => ({ label: c.name, description: `${c.store.size.toLocaleString('en-US')} messages`, connection: c })),
      { placeHolder },
    );
    return chosen?.connection;
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('tracemq.clearLog', async (target?: unknown) => {
      const connection = await pick(target, 'Clear the log of which connection?');
      connection?.store.clear();
    }),

    vscode.commands.registerCommand('tracemq.exportLog', async (target?: unknown, destination?: unknown) => {
      const connection = await pick(target, 'Export the log of which connection?');
      if (!connection) return;
      if (connection.store.size === 0) {
        void vscode.window.showInformationMessage(`TraceMQ: the log of "${connection.name}" is empty.`);
        return;
      }
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const safeName = connection.name.replace(/[^\w.-]+/g, '_');
      const uri =
        destination instanceof vscode.Uri
          ? destination
          : await vscode.window.showSaveDialog({
              title: `Export the log of "${connection.name}"`,
              saveLabel: 'Export',
              filters: { 'NDJSON (one message per line)': ['ndjson', 'jsonl'] },
              ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${safeName}-${stamp}.ndjson`) } : {}),
            });
      if (!uri) return;
      try {
        const result = await exportToFile(connection, uri.fsPath);
        if (result.cancelled) {
          void vscode.window.showInformationMessage('TraceMQ: export cancelled; the partial file was removed.');
          return;
        }
        const skipped = result.evicted ? ` (${result.evicted.toLocaleString('en-US')} evicted during the export were skipped)` : '';
        const choice = await vscode.window.showInformationMessage(
          `TraceMQ: exported ${result.written.toLocaleString('en-US')} messages of "${connection.name}" to ${vscode.workspace.asRelativePath(uri)}${skipped}.`,
          'Open File',
        );
        if (choice) await vscode.window.showTextDocument(uri);
      } catch (e) {
        void vscode.window.showErrorMessage(`TraceMQ: export failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
}

/**
 * Writes the messages stored when the export starts (later ones are not included) with a
 * cancellable progress notification, in chunks that wait for the file to drain, so a large log
 * neither blocks the extension host nor piles up in memory.
 */
function exportToFile(connection: Connection, path: string): Thenable<{ written: number; evicted: number; cancelled: boolean }> {
  const store = connection.store;
  const from = store.firstSeq;
  const to = store.nextSeq;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Exporting the log of "${connection.name}"`, cancellable: true },
    async (progress, token) => {
      const out = createWriteStream(path, { encoding: 'utf8' });
      const failed = new Promise<never>((_, reject) => out.once('error', reject));
      let written = 0;
      let evicted = 0;
      let cancelled = false;
      try {
        for (let seq = from; seq < to; ) {
          if (token.isCancellationRequested) {
            cancelled = true;
            break;
          }
          let chunk = '';
          const start = seq;
          const end = Math.min(seq + EXPORT_CHUNK, to);
          for (; seq < end; seq++) {
            const m = store.get(seq);
            if (m) {
              chunk += toNdjsonLine(m);
              written++;
            } else evicted++;
          }
          if (!out.write(chunk)) {
            await Promise.race([
              new Promise<void>((resolve) => {
                out.once('drain', () => {
                  resolve();
                });
              }),
              failed,
            ]);
          }
          progress.report({ increment: (100 * (end - start)) / (to - from), message: `${written.toLocaleString('en-US')} messages` });
        }
        await Promise.race([
          new Promise<void>((resolve) => {
            out.end(() => {
              resolve();
            });
          }),
          failed,
        ]);
      } catch (e) {
        out.destroy();
        throw e;
      }
      if (cancelled) await unlink(path).catch(() => undefined);
      return { written, evicted, cancelled };
    },
  );
}
