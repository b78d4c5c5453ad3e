import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JsonObject } from '../../shared/json/jsonValue';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';
import type { ProfileEntry, ProfileSource } from '../profiles/profile';
import { profileIndex, removeProfileText, upsertProfileText } from '../profiles/profileFileEdits';
import { nameProblem } from '../profiles/jsonReader';
import { parseProfiles } from '../profiles/profileParser';
import type { ProfileRepository } from '../profiles/profileRepository';
import type { UserProfiles } from '../profiles/userProfiles';
import { WorkspaceProfileFile } from '../profiles/workspaceProfileFile';
import type { SecretStore } from '../secrets/secretStore';
import { placeCertificates, WORKSPACE_CERTIFICATE_DIR, type CertificateFile } from './certificatePlacement';
import { detectFormat, importProfiles } from './importProfiles';
import { FORMAT_NAMES, type ImportedConnection, type ImportResult } from './importTypes';
import { MAX_IMPORT_CHARS } from './sourceDocument';

export interface ImportServices {
  profiles: ProfileRepository;
  userProfiles: UserProfiles;
  secrets: SecretStore;
}

type Target = { source: 'user' } | { source: 'workspace'; folder: vscode.Uri };

/** One profile to write: its final name and JSON, its password and certificate files. */
interface Planned {
  connection: ImportedConnection;
  raw: JsonObject;
  files: CertificateFile[];
  /** The name of the profile it replaces (same name), when the user chose Replace. */
  replaces?: string;
}

/** Registers "TraceMQ: Import Profiles…" (`tracemq.importProfiles`). */
export function registerImportCommand(context: vscode.ExtensionContext, services: ImportServices): void {
  context.subscriptions.push(vscode.commands.registerCommand('tracemq.importProfiles', () => importCommand(context, services)));
}

async function importCommand(context: vscode.ExtensionContext, s: ImportServices): Promise<void> {
  const text = await askForText();
  if (text === undefined) return;
  const result = importProfiles(text);
  if (result.connections.length === 0) {
    const choice = await vscode.window.showErrorMessage(`TraceMQ: nothing to import. ${result.problems[0] ?? ''}`, ...(result.problems.length > 1 ? ['Show All Problems'] : []));
    if (choice) await showReport(problemReport(result));
    return;
  }
  const chosen = await pickConnections(result);
  if (!chosen || chosen.length === 0) return;
  const target = await pickTarget();
  if (!target) return;
  const plan = await planImport(chosen, target, context, s);
  if (!plan || plan.length === 0) return;
  try {
    await writeImport(plan, target, s);
  } catch (e) {
    void vscode.window.showErrorMessage(`TraceMQ: the import failed and nothing was imported: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  await s.profiles.reload();
  await summarise(plan, target, result);
}

async function askForText(): Promise<string | undefined> {
  const clipboard = await vscode.env.clipboard.readText();
  const clipboardFormat = clipboard.length <= MAX_IMPORT_CHARS && clipboard.trim() !== '' ? detectFormat(clipboard) : undefined;
  const items: (vscode.QuickPickItem & { id: 'file' | 'paste' | 'clipboard' })[] = [
    { id: 'file', label: '$(file) From a File…', detail: 'An MQTTX export (JSON or YAML), MQTT Explorer\'s settings.json, or a settings.json with vsmqtt.brokerProfiles' },
    { id: 'paste', label: '$(clippy) Paste Text…', detail: 'Paste an export or mosquitto_sub / mosquitto_pub / mqttx commands into an editor' },
  ];
  if (clipboardFormat) items.unshift({ id: 'clipboard', label: '$(clippy) From the Clipboard', description: FORMAT_NAMES[clipboardFormat] });
  const pick = await vscode.window.showQuickPick(items, { ...QUICK_PICK_OPTIONS, title: 'Import Profiles', placeHolder: 'Import profiles from MQTTX, MQTT Explorer, vsmqtt or a command line' });
  if (!pick) return undefined;
  if (pick.id === 'clipboard') return clipboard;
  if (pick.id === 'file') {
    const uris = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Import',
      title: 'Import Profiles',
      filters: { 'Exports and settings': ['json', 'yaml', 'yml', 'sh', 'txt'], 'All files': ['*'] },
    });
    const uri = uris?.[0];
    if (!uri) return undefined;
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_IMPORT_CHARS * 3) {
      void vscode.window.showErrorMessage(`TraceMQ: ${uri.fsPath} is ${(stat.size / 1024 / 1024).toFixed(1)} MB; TraceMQ imports at most ${MAX_IMPORT_CHARS / 1024 / 1024} MB.`);
      return undefined;
    }
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  }
  const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' });
  await vscode.window.showTextDocument(document);
  const go = await vscode.window.showInformationMessage('Paste the export or the commands into the new editor, then choose Import.', 'Import');
  const text = document.getText();
  // What was pasted may hold passwords: discard the untitled editor, so that no hot-exit backup keeps them.
  if (!document.isClosed) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  return go === 'Import' ? text : undefined;
}

async function pickConnections(result: ImportResult): Promise<ImportedConnection[] | undefined> {
  const items = result.connections.map((connection) => {
    const parts: string[] = [];
    if (connection.password !== undefined) parts.push('password → secret storage');
    if (connection.certificates.length > 0) parts.push(`${connection.certificates.length} inline certificate${connection.certificates.length === 1 ? '' : 's'} → files`);
    if (connection.notCarried.length > 0) parts.push(`not carried over: ${connection.notCarried.join('; ')}`);
    return { label: connection.profile.name, description: connection.profile.url, detail: parts.join(' · ') || undefined, picked: true, connection };
  });
  const format = result.format ? FORMAT_NAMES[result.format] : 'the text';
  const unread = result.problems.length > 0 ? `; ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} (Details after the import)` : '';
  const picked = await vscode.window.showQuickPick(items, {
    ...QUICK_PICK_OPTIONS,
    canPickMany: true,
    matchOnDescription: true,
    title: `Import from ${format}: ${items.length} connection${items.length === 1 ? '' : 's'} found${unread}`,
    placeHolder: 'Choose the connections to import',
  });
  return picked?.map((p) => p.connection);
}

async function pickTarget(): Promise<Target | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return { source: 'user' };
  const items: (vscode.QuickPickItem & { target: Target })[] = [
    { label: 'User profiles', detail: 'Kept by VS Code for you, in every workspace', target: { source: 'user' } },
    ...folders.map((f) => ({ label: `.tracemq.json in ${f.name}`, detail: 'Shared with everyone who opens the folder (passwords stay in your secret storage)', target: { source: 'workspace' as const, folder: f.uri } })),
  ];
  const pick = await vscode.window.showQuickPick(items, { ...QUICK_PICK_OPTIONS, title: 'Import Profiles', placeHolder: 'Where do the imported profiles go?' });
  return pick?.target;
}

/** Names taken in the target, read once. */
async function takenNames(target: Target, s: ImportServices): Promise<{ has(name: string): boolean }> {
  if (target.source === 'user') return { has: (name) => s.userProfiles.has(name) };
  const text = (await new WorkspaceProfileFile(target.folder).read()) ?? '';
  return { has: (name) => profileIndex(text, name) >= 0 };
}

function uniqueName(base: string, taken: (name: string) => boolean): string {
  for (let n = 2; ; n++) {
    const name = `${base.slice(0, 190)} (${n})`;
    if (!taken(name)) return name;
  }
}

/** Asks about each name clash (rename, replace, skip) and names the certificate files. */
async function planImport(chosen: ImportedConnection[], target: Target, context: vscode.ExtensionContext, s: ImportServices): Promise<Planned[] | undefined> {
  const existing = await takenNames(target, s);
  const planned: Planned[] = [];
  const batch = new Set<string>();
  const taken = (name: string): boolean => existing.has(name) || batch.has(name);
  const certDir = target.source === 'user' ? join(context.globalStorageUri.fsPath, 'certificates') : join(target.folder.fsPath, WORKSPACE_CERTIFICATE_DIR);
  for (const connection of chosen) {
    let name = connection.profile.name;
    let replaces: string | undefined;
    if (batch.has(name)) name = uniqueName(name, taken);
    else if (existing.has(name)) {
      const suggestion = uniqueName(name, taken);
      const choice = await vscode.window.showQuickPick(
        [
          { label: `Rename to "${suggestion}"…`, id: 'rename' as const },
          { label: `Replace the existing "${name}"`, id: 'replace' as const, detail: 'Its stored password is deleted' },
          { label: 'Skip this connection', id: 'skip' as const },
        ],
        { ...QUICK_PICK_OPTIONS, title: `A profile is already named "${name}"`, placeHolder: `Importing ${connection.profile.url}` },
      );
      if (!choice) return undefined;
      if (choice.id === 'skip') continue;
      if (choice.id === 'replace') replaces = name;
      else {
        const typed = await vscode.window.showInputBox({
          title: 'Import Profiles',
          prompt: `New name for ${connection.profile.url}`,
          value: suggestion,
          validateInput: (v) => nameProblem(v) ?? (taken(v) ? `A profile is already named "${v}".` : undefined),
        });
        if (typed === undefined) return undefined;
        name = typed;
      }
    }
    batch.add(name);
    const placed = placeCertificates(connection, name, certDir, existsSync, target.source === 'workspace' ? target.folder.fsPath : undefined);
    planned.push(replaces !== undefined ? { connection, ...placed, replaces } : { connection, ...placed });
  }
  return planned;
}

/** The entry a written profile will have (for its secrets' binding). */
function entryOf(raw: JsonObject, target: Target): ProfileEntry {
  const profile = parseProfiles(JSON.stringify({ profiles: [raw] })).profiles[0];
  if (!profile) throw new Error(`the profile "${JSON.stringify(raw.name)}" did not validate after renaming.`);
  return target.source === 'user' ? { profile, source: 'user' } : { profile, source: 'workspace', folder: target.folder.fsPath };
}

/**
 * Writes the certificate files, then the profiles (the workspace file in one write), then the
 * passwords. A failure before the profiles are written removes the files again: nothing is
 * imported half-way.
 */
async function writeImport(plan: Planned[], target: Target, s: ImportServices): Promise<void> {
  const entries = plan.map((p) => entryOf(p.raw, target));
  const written: string[] = [];
  try {
    for (const file of plan.flatMap((p) => p.files)) {
      await mkdir(join(file.path, '..'), { recursive: true });
      // Keys are private: readable by the user only.
      await writeFile(file.path, file.pem, { mode: file.field === 'key' ? 0o600 : 0o644, flag: 'wx' });
      written.push(file.path);
      if (file.field === 'key') await chmod(file.path, 0o600);
    }
    const source: ProfileSource = target.source;
    const replaced = plan.flatMap((p) => (p.replaces !== undefined ? [s.profiles.all.find((e) => e.source === source && e.profile.name === p.replaces && (target.source === 'user' || e.folder === target.folder.fsPath))] : []));
    if (target.source === 'user') {
      for (const p of plan) {
        if (p.replaces !== undefined) await s.userProfiles.replace(p.replaces, p.raw);
        else await s.userProfiles.add(p.raw);
      }
    } else {
      const file = new WorkspaceProfileFile(target.folder);
      let text = (await file.read()) ?? '';
      for (const p of plan) {
        if (p.replaces !== undefined) text = removeProfileText(text, p.replaces);
        text = upsertProfileText(text, undefined, p.raw);
      }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.uri.toString());
      if (open?.isDirty) throw new Error(`${file.label} has unsaved changes; save or revert them first.`);
      await vscode.workspace.fs.writeFile(file.uri, new TextEncoder().encode(text));
    }
    written.length = 0; // the profiles point at the files now: keep them whatever follows
    for (const old of replaced) {
      if (!old) continue;
      await s.secrets.deletePassword(old);
      await s.secrets.deletePassphrase(old);
    }
  } finally {
    for (const path of written) await rm(path, { force: true });
  }
  for (const [i, p] of plan.entries()) {
    const entry = entries[i];
    if (entry && p.connection.password !== undefined) await s.secrets.setPassword(entry, p.connection.password);
  }
}

async function summarise(plan: Planned[], target: Target, result: ImportResult): Promise<void> {
  const where = target.source === 'user' ? 'your user profiles' : vscode.workspace.asRelativePath(vscode.Uri.joinPath(target.folder, '.tracemq.json'), true);
  const passwords = plan.filter((p) => p.connection.password !== undefined).length;
  const files = plan.flatMap((p) => p.files);
  const dropped = plan.reduce((n, p) => n + p.connection.notCarried.length, 0);
  const parts = [`TraceMQ: imported ${plan.length} profile${plan.length === 1 ? '' : 's'} into ${where}.`];
  if (passwords > 0) parts.push(`${passwords} password${passwords === 1 ? ' is' : 's are'} in VS Code's secret storage, not in any file.`);
  if (files.length > 0) parts.push(`${files.length} certificate file${files.length === 1 ? '' : 's'} written to ${join(files[0]?.path ?? '', '..')}.`);
  if (dropped > 0) parts.push(`${dropped} setting${dropped === 1 ? '' : 's'} did not carry over.`);
  if (result.problems.length > 0) parts.push(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in the source.`);
  const choice = await vscode.window.showInformationMessage(parts.join(' '), 'Show Details');
  if (choice) await showReport(importReport(plan, where, result));
}

function importReport(plan: Planned[], where: string, result: ImportResult): string {
  const lines = [`# Import into ${where}`, ''];
  for (const p of plan) {
    lines.push(`## ${typeof p.raw.name === 'string' ? p.raw.name : ''}`, '', `- URL: ${p.connection.profile.url}`);
    if (p.replaces !== undefined) lines.push(`- Replaced the profile of the same name.`);
    if (p.connection.password !== undefined) lines.push('- Password: stored in VS Code\'s secret storage, bound to this profile and its host.');
    for (const f of p.files) lines.push(`- ${f.field === 'key' ? 'Private key' : f.field === 'ca' ? 'CA certificate' : 'Client certificate'} written to ${f.path}`);
    for (const d of p.connection.notCarried) lines.push(`- Not carried over: ${d}`);
    lines.push('');
  }
  if (plan.some((p) => p.files.some((f) => f.field === 'key')) && where !== 'your user profiles') {
    lines.push(`Private keys were written into the workspace folder (${WORKSPACE_CERTIFICATE_DIR}/): add it to .gitignore if the folder is shared.`, '');
  }
  return [...lines, ...problemReport(result).split('\n')].join('\n');
}

function problemReport(result: ImportResult): string {
  if (result.problems.length === 0) return '';
  return ['## Problems (these connections were not imported)', '', ...result.problems.map((p) => `- ${p}`), ''].join('\n');
}

async function showReport(markdown: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: true });
}
