import * as vscode from 'vscode';
import type { Connection } from '../connection/connection';
import { DisposableStore } from '../base/disposableStore';
import { FileRecorder, type RecordingStatus } from './fileRecorder';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';
import { countOf } from '../../shared/text/countOf';

/** "1.2 MB", "830 KB", "512 bytes". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/**
 * The connections being recorded to NDJSON files (at most one recording per connection), with a
 * status bar item showing each file's size while it grows.
 */
export class RecordingManager extends DisposableStore {
  private readonly active = new Map<Connection, FileRecorder>();
  private readonly changed = this.register(new vscode.EventEmitter<Connection>());
  /** Fires when a recording starts, grows, stops or fails. */
  readonly onDidChange = this.changed.event;
  private readonly item = this.register(vscode.window.createStatusBarItem('tracemq.recording', vscode.StatusBarAlignment.Left, 9));
  private lastItemUpdate = 0;

  static register(context: vscode.ExtensionContext): RecordingManager {
    const recordings = new RecordingManager();
    context.subscriptions.push(recordings);
    return recordings;
  }

  private constructor() {
    super();
    this.item.name = 'TraceMQ Recording';
    this.item.command = 'tracemq.stopRecording';
  }

  status(connection: Connection): RecordingStatus | undefined {
    return this.active.get(connection)?.status;
  }

  isRecording(connection: Connection): boolean {
    return this.active.has(connection);
  }

  /** Asks where, then records every message the connection receives from now on. */
  async start(connection: Connection): Promise<void> {
    if (this.active.has(connection)) {
      void vscode.window.showInformationMessage(`TraceMQ: "${connection.name}" is already being recorded to ${this.active.get(connection)?.file ?? ''}.`);
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const uri = await vscode.window.showSaveDialog({
      title: `Record every message of "${connection.name}" to`,
      saveLabel: 'Record',
      filters: { 'NDJSON (one message per line)': ['ndjson', 'jsonl'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${connection.name.replace(/[^\w.-]+/g, '_')}-recording-${stamp}.ndjson`) } : {}),
    });
    if (!uri) return;
    this.startTo(connection, uri.fsPath);
  }

  /** Starts recording to `file` without asking (tests, and `start` after its dialog). */
  startTo(connection: Connection, file: string): void {
    if (this.active.has(connection)) return;
    const recorder = new FileRecorder(connection.store, file, connection.decoding?.exportDecode);
    this.active.set(connection, recorder);
    recorder.onDidChange(() => {
      if (recorder.error) void this.failed(connection, recorder);
      else this.fire(connection);
    });
    this.fire(connection, true);
  }

  /** Stops the connection's recording (the only one, or asks which) and says what was written. */
  async stop(connection: Connection | undefined): Promise<void> {
    const target = connection ?? (await this.pick());
    const recorder = target ? this.active.get(target) : undefined;
    if (!target || !recorder) {
      if (connection) void vscode.window.showInformationMessage(`TraceMQ: "${connection.name}" is not being recorded.`);
      return;
    }
    this.active.delete(target);
    try {
      const status = await recorder.stop();
      const missed = status.missed ? ` ${countOf(status.missed, 'message was', 'messages were')} evicted from memory before they could be written.` : '';
      const choice = await vscode.window.showInformationMessage(
        `TraceMQ: recorded ${countOf(status.messages, 'message')} of "${target.name}" (${formatSize(status.bytes)}) to ${vscode.workspace.asRelativePath(status.file)}.${missed}`,
        'Open File',
      );
      if (choice) await vscode.window.showTextDocument(vscode.Uri.file(status.file));
    } catch (e) {
      void vscode.window.showErrorMessage(`TraceMQ: the recording of "${target.name}" failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      recorder.dispose();
      this.fire(target, true);
    }
  }

  override dispose(): void {
    for (const recorder of this.active.values()) recorder.dispose();
    this.active.clear();
    super.dispose();
  }

  private async pick(): Promise<Connection | undefined> {
    const recording = [...this.active.keys()];
    if (recording.length <= 1) {
      if (recording.length === 0) void vscode.window.showInformationMessage('TraceMQ: nothing is being recorded.');
      return recording[0];
    }
    const picked = await vscode.window.showQuickPick(
      recording.map((c) => ({ label: c.name, description: this.active.get(c)?.file, connection: c })),
      { ...QUICK_PICK_OPTIONS, placeHolder: 'Stop which recording?' },
    );
    return picked?.connection;
  }

  private async failed(connection: Connection, recorder: FileRecorder): Promise<void> {
    if (this.active.get(connection) !== recorder) return;
    this.active.delete(connection);
    recorder.dispose();
    this.fire(connection, true);
    const written = recorder.status;
    await vscode.window.showErrorMessage(
      `TraceMQ: recording "${connection.name}" to ${written.file} stopped after ${countOf(written.messages, 'message')}: ${recorder.error?.message ?? 'write failed'}`,
    );
  }

  /** Tells listeners; the status bar follows at most twice a second while files grow. */
  private fire(connection: Connection, force = false): void {
    this.changed.fire(connection);
    const now = Date.now();
    if (!force && now - this.lastItemUpdate < 500) return;
    this.lastItemUpdate = now;
    const all = [...this.active.entries()];
    if (all.length === 0) {
      this.item.hide();
      return;
    }
    const total = all.reduce((sum, [, r]) => sum + r.status.bytes, 0);
    this.item.text = `$(record) ${all.length === 1 ? (all[0]?.[0].name ?? '') : `${all.length} recordings`} ${formatSize(total)}`;
    this.item.tooltip = `${all.map(([c, r]) => `${c.name} → ${r.file}: ${countOf(r.status.messages, 'message')}, ${formatSize(r.status.bytes)}`).join('\n')}\nClick to stop.`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }
}
