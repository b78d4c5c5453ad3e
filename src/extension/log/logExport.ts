import * as vscode from 'vscode';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { LogFilter } from '../../shared/log/logFilter';
import type { Connection } from '../connection/connection';
import { AllMessagesView, FilteredView, type LogView } from './logView';
import { compileMessageFilter, isEmptyFilter } from './messageFilter';
import { toNdjsonLine } from '../store/ndjsonExport';
import { countOf } from '../../shared/text/countOf';

/** Lines written between two progress reports and cancellation checks. */
const EXPORT_CHUNK = 2000;
/** One slice of filtering before an export, and the pause after it. */
const FILTER_SLICE_MS = 20;

/** A short description of a filter for titles and messages, e.g. `topic sensors/# · text "err"`. */
export function describeFilter(filter: LogFilter): string {
  const parts: string[] = [];
  if (filter.topic) parts.push(`topic ${filter.topic}`);
  if (filter.text) parts.push(`${filter.regex ? 'regex' : 'text'} ${JSON.stringify(filter.text)}`);
  if (filter.qos && filter.qos.length < 3) parts.push(`QoS ${filter.qos.join('/')}`);
  if (filter.retainedOnly) parts.push('retained only');
  return parts.join(' · ');
}

/**
 * Exports what a connection's log holds when the export starts (all of it, or what `filter`
 * shows) to an NDJSON file in the SPEC.md format, asking where. Cancellable, with progress.
 */
export async function exportLogInteractive(connection: Connection, filter: LogFilter | null): Promise<void> {
  if (connection.store.size === 0) {
    void vscode.window.showInformationMessage(`TraceMQ: the log of "${connection.name}" is empty.`);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const safeName = connection.name.replace(/[^\w.-]+/g, '_');
  const filtered = filter !== null && !isEmptyFilter(filter);
  const uri = await vscode.window.showSaveDialog({
    title: `Export the log of "${connection.name}"${filtered ? ` (${describeFilter(filter)})` : ''}`,
    saveLabel: 'Export',
    filters: { 'NDJSON (one message per line)': ['ndjson', 'jsonl'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${safeName}-${stamp}.ndjson`) } : {}),
  });
  if (!uri) return;
  await exportLogTo(connection, uri, filtered ? filter : null);
}

/** Exports to `uri` (no dialog); used by the command when given a destination. */
export async function exportLogTo(connection: Connection, uri: vscode.Uri, filter: LogFilter | null): Promise<void> {
  try {
    const result = await exportToFile(connection, uri.fsPath, filter);
    if (result.cancelled) {
      void vscode.window.showInformationMessage('TraceMQ: export cancelled; the partial file was removed.');
      return;
    }
    const skipped = result.evicted ? ` (${result.evicted.toLocaleString('en-US')} evicted during the export were skipped)` : '';
    const which = filter ? ` matching ${describeFilter(filter)}` : '';
    const choice = await vscode.window.showInformationMessage(
      `TraceMQ: exported ${countOf(result.written, 'message')}${which} of "${connection.name}" to ${vscode.workspace.asRelativePath(uri)}${skipped}.`,
      'Open File',
    );
    if (choice) await vscode.window.showTextDocument(uri);
  } catch (e) {
    void vscode.window.showErrorMessage(`TraceMQ: export failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Writes the messages stored when the export starts (later ones are not included) with a
 * cancellable progress notification, in chunks that wait for the file to drain, so a large log
 * neither blocks the extension host nor piles up in memory. A filter is first applied in slices.
 */
function exportToFile(connection: Connection, path: string, filter: LogFilter | null): Thenable<{ written: number; evicted: number; cancelled: boolean }> {
  const store = connection.store;
  const endSeq = store.nextSeq;
  const decode = connection.decoding?.exportDecode;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Exporting the log of "${connection.name}"`, cancellable: true },
    async (progress, token) => {
      let view: LogView = new AllMessagesView(store);
      if (filter) {
        const filtered = new FilteredView(store, compileMessageFilter(filter));
        view = filtered;
        // Later messages join the view as it catches up; the export stops at endSeq anyway.
        while (!filtered.catchUp(FILTER_SLICE_MS)) {
          if (token.isCancellationRequested) return { written: 0, evicted: 0, cancelled: true };
          const p = filtered.progress;
          if (p) progress.report({ message: `filtering… ${Math.floor((100 * p.scanned) / Math.max(1, p.total))}%` });
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }
      const from = view.first;
      const to = view.next;
      const out = createWriteStream(path, { encoding: 'utf8' });
      const failed = new Promise<never>((_, reject) => out.once('error', reject));
      let written = 0;
      let evicted = 0;
      let cancelled = false;
      try {
        for (let pos = from; pos < to; ) {
          if (token.isCancellationRequested) {
            cancelled = true;
            break;
          }
          let chunk = '';
          const start = pos;
          const end = Math.min(pos + EXPORT_CHUNK, to);
          for (; pos < end; pos++) {
            const seq = view.seqAt(pos);
            const m = seq === undefined || seq >= endSeq ? undefined : store.get(seq);
            if (m) {
              chunk += toNdjsonLine(m, decode);
              written++;
            } else if (seq === undefined || seq < endSeq) evicted++;
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
          progress.report({ increment: (100 * (end - start)) / (to - from), message: countOf(written, 'message') });
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
