import { createWriteStream } from 'node:fs';
import * as vscode from 'vscode';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';
import type { Connection } from '../connection/connection';
import type { ConnectFlow } from '../connection/connectFlow';
import type { ConnectionManager } from '../connection/connectionManager';
import { pickConnection } from '../connection/connectionPicker';
import { usesTls } from '../connection/mqttOptions';
import type { ProfileEntry } from '../profiles/profile';
import type { ProfileRepository } from '../profiles/profileRepository';
import { profilesReady } from '../profiles/profilesReady';
import type { ConnectionTraces } from './connectionTraces';
import { KeyLogTap } from './keyLogTap';
import { toTraceNdjsonLine } from './traceNdjson';
import type { TracePanels } from './tracePanels';

interface Services {
  manager: ConnectionManager;
  traces: ConnectionTraces;
  panels: TracePanels;
  profiles: ProfileRepository;
  flow: ConnectFlow;
}

const WRITE_KEYS = 'Write Session Keys';

/** `tracemq.openTrace`, `tracemq.exportTrace` and `tracemq.connectWithKeyLog`. */
export function registerTraceCommands(context: vscode.ExtensionContext, s: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('tracemq.openTrace', async (target?: unknown) => {
      const connection = await pickConnection(s.manager, target, {
        placeHolder: 'Show the protocol trace of which connection?',
        fits: (c) => c.state !== 'disconnected' || s.traces.get(c) !== undefined,
        none: 'TraceMQ: no connection to trace: connect a profile first.',
      });
      if (connection) s.panels.show(connection);
    }),
    vscode.commands.registerCommand('tracemq.exportTrace', async (target?: unknown, destination?: unknown) => {
      const connection = await pickConnection(s.manager, target, {
        placeHolder: 'Export the protocol trace of which connection?',
        fits: (c) => s.traces.get(c) !== undefined,
        none: 'TraceMQ: no connection has a protocol trace yet: open one with "TraceMQ: Show Protocol Trace" (or turn on tracemq.trace.enabled).',
      });
      if (!connection) return;
      if (!s.traces.get(connection)) {
        void vscode.window.showInformationMessage(`TraceMQ: "${connection.name}" has no protocol trace yet: open it with "TraceMQ: Show Protocol Trace" (or turn on tracemq.trace.enabled).`);
        return;
      }
      const uri = destination instanceof vscode.Uri ? destination : await askExportFile(connection);
      if (uri) await exportTrace(s.traces, connection, uri);
    }),
    vscode.commands.registerCommand('tracemq.connectWithKeyLog', async (target?: unknown) => {
      const entry = await pickTlsProfile(s, target);
      if (entry) await connectWithKeyLog(s, entry);
    }),
  );
}

async function askExportFile(connection: Connection): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${connection.name.replace(/[^\w.-]+/g, '_')}-trace-${stamp}.ndjson`;
  return vscode.window.showSaveDialog({
    title: `Export the protocol trace of "${connection.name}"`,
    saveLabel: 'Export',
    filters: { 'NDJSON (one entry per line)': ['ndjson', 'jsonl'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
}

/** Writes what the trace holds now, one NDJSON line per entry, and says how many and what was not kept. */
async function exportTrace(traces: ConnectionTraces, connection: Connection, uri: vscode.Uri): Promise<void> {
  const t = traces.get(connection);
  if (!t) return;
  try {
    const out = createWriteStream(uri.fsPath, { encoding: 'utf8' });
    let written = 0;
    for (const entry of t.trace.entries()) {
      if (!out.write(`${toTraceNdjsonLine(entry)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => { resolve(); }));
      written++;
    }
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(resolve);
    });
    const { evicted, dropped } = t.trace.counters;
    const notKept = [evicted ? `${evicted.toLocaleString('en-US')} older entries were evicted` : '', dropped ? `${dropped.toLocaleString('en-US')} publishes and acks were not kept (rate budget)` : ''].filter((x) => x !== '');
    const choice = await vscode.window.showInformationMessage(
      `TraceMQ: exported ${written.toLocaleString('en-US')} trace entries of "${connection.name}" to ${vscode.workspace.asRelativePath(uri)}${notKept.length ? ` (${notKept.join('; ')})` : ''}.`,
      'Open File',
    );
    if (choice) await vscode.window.showTextDocument(uri);
  } catch (e) {
    void vscode.window.showErrorMessage(`TraceMQ: exporting the trace failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function pickTlsProfile(s: Services, target: unknown): Promise<ProfileEntry | undefined> {
  if (!(await profilesReady(s.profiles))) return undefined;
  const byName = typeof target === 'string' ? s.profiles.findByName(target) : undefined;
  const fromNode = typeof target === 'object' && target !== null && 'entry' in target ? (target as { entry: ProfileEntry }).entry : undefined;
  const given = byName ?? fromNode;
  const candidates = given ? [given] : s.profiles.all.filter((e) => usesTls(e.profile));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('TraceMQ: a TLS key log needs a profile that connects with TLS (mqtts://); none does.');
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((entry) => ({ label: entry.profile.name, description: entry.profile.url, entry })),
    { ...QUICK_PICK_OPTIONS, placeHolder: 'Connect which profile with a TLS key log?' },
  );
  return picked?.entry;
}

/**
 * Connects once with the TLS session keys written to a file the user picks, after a warning that
 * says what that file allows. Never from settings or the workspace file: only this command does it.
 */
async function connectWithKeyLog(s: Services, entry: ProfileEntry): Promise<void> {
  const profile = entry.profile;
  if (!usesTls(profile)) {
    void vscode.window.showErrorMessage(`TraceMQ: "${profile.name}" does not use TLS: there are no session keys to log.`);
    return;
  }
  if (/^wss:/i.test(profile.url)) {
    void vscode.window.showErrorMessage(`TraceMQ: the TLS key log covers MQTT over TLS (mqtts://), not WebSocket over TLS (wss://) yet.`);
    return;
  }
  const existing = s.manager.get(`${entry.source}:${profile.name}`);
  if (existing && existing.state !== 'disconnected' && existing.state !== 'error') {
    void vscode.window.showErrorMessage(`TraceMQ: "${profile.name}" is ${existing.state}: disconnect it first, so that the key log covers a new TLS session.`);
    return;
  }
  const go = await vscode.window.showWarningMessage(
    `Write the TLS session keys of "${profile.name}" to a file?`,
    {
      modal: true,
      detail:
        'The file will hold SECRET session keys: anyone with it and a capture of this connection can read everything sent over it, passwords included. Keep it private and delete it when done. Only this connect is logged.',
    },
    WRITE_KEYS,
  );
  if (go !== WRITE_KEYS) return;
  const uri = await vscode.window.showSaveDialog({ title: 'TLS key log (SECRET): where to append the session keys', saveLabel: 'Append Keys Here', filters: { 'Key log': ['keylog', 'txt', 'log'] } });
  if (!uri) return;
  const connection = s.manager.getOrCreate(entry);
  // A later connect of this profile is not logged: the tap removes itself when it sees one.
  const holder: { tap?: { dispose(): void } } = {};
  const tap = connection.addTap(new KeyLogTap(uri.fsPath, () => holder.tap?.dispose()));
  holder.tap = tap;
  await s.flow.connect(entry);
  if (connection.state === 'connected') {
    void vscode.window.showWarningMessage(`TraceMQ: "${profile.name}" connected; its TLS session keys are being appended to ${uri.fsPath} (secret material) until it disconnects.`);
  } else {
    tap.dispose();
  }
}
