import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../base/disposableStore';
import type { Logger } from '../base/logger';
import { ProblemSink } from '../profiles/jsonReader';
import { loadBindingCodecs, type LoadedBinding } from './bindingCodecLoader';
import { bindingPath } from './decoderBinding';
import { parseDecoderBindings } from './decoderBindingParser';
import { PayloadDecoder } from './payloadDecoder';
import { MAX_PROTO_CHARS } from './protoSchemaLoader';
import { ProtoTypeCompletion } from './protoTypeCompletion';
import { SparkplugCodec } from './sparkplugCodec';
import { loadSparkplugPayloadType } from './sparkplugPayloadType';
import { rebirthCommand } from './sparkplugRebirth';
import { SparkplugState } from './sparkplugState';

/** The workspace file the bindings live in (the profiles' file: ProfileRepository reads its other parts). */
const BINDINGS_FILE = '.tracemq.json';
/** Largest `.tracemq.json` read for bindings, in bytes (the profile parser's limit, in UTF-8). */
const MAX_FILE_BYTES = 15 * 1024 * 1024;

/** Reads a schema file's text; refuses a file far past the loaders' limits before reading it. */
function readSchemaFile(path: string): string {
  const size = statSync(path).size;
  // A character is at most 3 bytes of UTF-8: beyond this the text is surely over the limit.
  if (size > 3 * MAX_PROTO_CHARS) throw new Error(`${(size / 1024 / 1024).toFixed(1)} MB, larger than TraceMQ reads`);
  return readFileSync(path, 'utf8');
}

/**
 * The `decoders` of the workspace's `.tracemq.json` files, loaded: the PayloadDecoder that views,
 * export and publish use. Reloads when a `.tracemq.json` changes (its own watcher: the profiles
 * keep theirs) or a `.proto`/`.avsc` a binding read changes. Problems become diagnostics at their
 * field, and at the line of the schema file at fault. In an untrusted workspace the bindings are
 * listed but not used (their schema files are not even read) until trust is granted.
 */
export class DecoderBindings extends DisposableStore {
  private current = PayloadDecoder.none;
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('TraceMQ decoders'));
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires after each reload, with `decoder` already the new one. */
  readonly onDidChange = this.changed.event;
  private schemaFiles = new Set<string>();
  private sparkplugCodec: SparkplugCodec | undefined;
  private loading: Promise<void> | undefined;
  private reloadQueued = false;

  constructor(
    private readonly log: Logger,
    /** The extension's folder: `media/sparkplug_b.proto` is read from there. */
    private readonly extensionPath: string,
  ) {
    super();
    const reload = (): void => void this.reload();
    const fileWatcher = this.register(vscode.workspace.createFileSystemWatcher(`**/${BINDINGS_FILE}`));
    this.register(fileWatcher.onDidChange(reload));
    this.register(fileWatcher.onDidCreate(reload));
    this.register(fileWatcher.onDidDelete(reload));
    const schemaWatcher = this.register(vscode.workspace.createFileSystemWatcher('**/*.{proto,avsc}'));
    const schemaChanged = (uri: vscode.Uri): void => {
      if (this.schemaFiles.has(uri.fsPath)) reload();
    };
    this.register(schemaWatcher.onDidChange(schemaChanged));
    this.register(schemaWatcher.onDidCreate(schemaChanged));
    this.register(schemaWatcher.onDidDelete(schemaChanged));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(reload));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(reload));
    this.register(ProtoTypeCompletion.register());
  }

  /** What to decode and encode with now (disabled in an untrusted workspace). */
  get decoder(): PayloadDecoder {
    return this.current;
  }

  /** Every binding of the workspace, loaded or with its problem; listed even when not used. */
  get bindings(): readonly LoadedBinding[] {
    return this.current.bindings;
  }

  /** A fresh Sparkplug B state for one connection (see SparkplugState.observe for the ingest path). */
  createSparkplugState(): SparkplugState {
    return new SparkplugState(this.sparkplug().payloadType);
  }

  /** The NCMD that asks an edge node to publish its births again ("Request Rebirth"). */
  rebirthCommand(groupId: string, edgeNodeId: string): { topic: string; payload: Uint8Array } {
    return rebirthCommand(this.sparkplug(), groupId, edgeNodeId);
  }

  /** Reads every folder's bindings again; concurrent calls coalesce into one more read. */
  reload(): Promise<void> {
    if (this.loading) {
      this.reloadQueued = true;
      return this.loading;
    }
    this.loading = this.load()
      .catch((e: unknown) => {
        this.log.error(`decoders: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.loading = undefined;
        if (this.reloadQueued) {
          this.reloadQueued = false;
          void this.reload();
        }
      });
    return this.loading;
  }

  private sparkplug(): SparkplugCodec {
    this.sparkplugCodec ??= new SparkplugCodec(loadSparkplugPayloadType(readFileSync(join(this.extensionPath, 'media', 'sparkplug_b.proto'), 'utf8')));
    return this.sparkplugCodec;
  }

  private async load(): Promise<void> {
    const trusted = vscode.workspace.isTrusted;
    const all: LoadedBinding[] = [];
    const files = new Set<string>();
    const diagnostics = new Map<string, vscode.Diagnostic[]>();
    const add = (uri: vscode.Uri, d: vscode.Diagnostic): void => {
      d.source = 'TraceMQ';
      const list = diagnostics.get(uri.toString()) ?? [];
      list.push(d);
      diagnostics.set(uri.toString(), list);
    };
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, BINDINGS_FILE);
      let text: string;
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        if (bytes.byteLength > MAX_FILE_BYTES) continue; // the profile parser says so at the file's start
        text = new TextDecoder().decode(bytes);
      } catch {
        continue;
      }
      const parsed = parseDecoderBindings(text);
      const sink = new ProblemSink(text);
      // What the JSON schema reports as the file is edited is not listed a second time.
      for (const p of parsed.problems.filter((q) => !q.alsoInSchema)) add(uri, diagnosticAt(p.line, p.column, p.length, p.message, p.severity, p.path));
      if (parsed.bindings.length === 0) continue;
      if (!trusted || folder.uri.scheme !== 'file') {
        // Listed, not used: loading would read files the workspace names.
        for (const binding of parsed.bindings) all.push({ binding, folder: folder.uri.fsPath, files: [], problem: { key: 'proto', message: trusted ? 'decoders need a folder on disk' : 'not used until the workspace is trusted' } });
        continue;
      }
      const loaded = loadBindingCodecs(parsed.bindings, folder.uri.fsPath, readSchemaFile, () => this.sparkplug());
      for (const entry of loaded) {
        for (const f of entry.files) files.add(f);
        const problem = entry.problem;
        if (!problem) continue;
        const span = entry.binding.spans[problem.key] ?? entry.binding.spans.entry ?? { offset: 0, length: 1 };
        sink.addAt(problem.message, span.offset, span.length, bindingPath(entry.binding, problem.key));
        if (problem.file) add(vscode.Uri.file(problem.file), diagnosticAt(problem.line ?? 0, 0, 1000, problem.message, 'error', bindingPath(entry.binding, problem.key)));
        this.log.warn(`${uri.fsPath}: ${bindingPath(entry.binding, problem.key)} ${problem.message}`);
      }
      for (const p of sink.problems) add(uri, diagnosticAt(p.line, p.column, p.length, p.message, p.severity, p.path));
      all.push(...loaded);
    }
    this.diagnostics.clear();
    for (const [uri, list] of diagnostics) this.diagnostics.set(vscode.Uri.parse(uri), list);
    this.schemaFiles = files;
    this.current = new PayloadDecoder(all, trusted);
    if (all.length > 0) this.log.info(`decoders: ${all.length} binding${all.length === 1 ? '' : 's'}${trusted ? '' : ' listed (workspace not trusted: not used)'}`);
    this.changed.fire();
  }
}

function diagnosticAt(line: number, column: number, length: number, message: string, severity: 'error' | 'warning', path: string): vscode.Diagnostic {
  const start = new vscode.Position(line, column);
  const end = new vscode.Position(line, column + Math.max(1, Math.min(length, 200)));
  const d = new vscode.Diagnostic(new vscode.Range(start, end), message, severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  if (path) d.code = path;
  return d;
}
