import { accessSync, constants } from 'node:fs';
import * as vscode from 'vscode';
import { DisposableStore } from '../base/disposableStore';
import type { Logger } from '../base/logger';
import { profileKey, type ProfileEntry } from './profile';
import { certificateProblems, MAX_FILE_CHARS, parseProfiles, type InvalidProfile } from './profileParser';
import type { TemplateEntry } from '../publish/templateParser';
import type { UserProfiles } from './userProfiles';

export const PROFILES_FILE = '.tracemq.json';

function canRead(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The profiles of the workspace's `.tracemq.json` files (one per workspace folder), reloaded when
 * a file changes, followed by the user's own profiles (global state, source 'user'). Problems of
 * the files become located diagnostics; the valid profiles still load.
 */
/** A profile of a `.tracemq.json` that could not be loaded, and the file it is in. */
export interface InvalidProfileEntry extends InvalidProfile {
  uri: vscode.Uri;
}

export class ProfileRepository extends DisposableStore {
  private entries: ProfileEntry[] = [];
  private invalidEntries: InvalidProfileEntry[] = [];
  private templateEntries: TemplateEntry[] = [];
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('TraceMQ'));
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private loading: Promise<void> | undefined;
  private reloadQueued = false;
  /** True once a read of the files has finished: until then an empty list means "not read yet", not "none". */
  private loadedOnce = false;

  constructor(
    private readonly log: Logger,
    private readonly userProfiles?: UserProfiles,
  ) {
    super();
    if (userProfiles) this.register(userProfiles.onDidChange(() => void this.reload()));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(`**/${PROFILES_FILE}`));
    const reload = (): void => void this.reload();
    this.register(watcher.onDidChange(reload));
    this.register(watcher.onDidCreate(reload));
    this.register(watcher.onDidDelete(reload));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(reload));
  }

  get all(): readonly ProfileEntry[] {
    return this.entries;
  }

  /** The workspace files' profiles that could not be loaded, each with its first error. */
  get invalid(): readonly InvalidProfileEntry[] {
    return this.invalidEntries;
  }

  /** The saved publishes (`templates`) of the workspace's files, the first folder's first on a name clash. */
  get templates(): readonly TemplateEntry[] {
    return this.templateEntries;
  }

  find(key: string): ProfileEntry | undefined {
    return this.entries.find((e) => profileKey(e.source, e.profile.name) === key);
  }

  /** The profile named `name`: the workspace's first, then the user's (names are unique per source). */
  findByName(name: string): ProfileEntry | undefined {
    return this.entries.find((e) => e.profile.name === name);
  }

  /** True once the profiles have been read (the window's first read finished). */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  /**
   * Settles when the profiles have been read once: at once after that, else with the read under
   * way (started now if none is, e.g. after a first read that failed). A command that lists the
   * profiles waits for this first: a new window's first command activates the extension, and runs
   * before `.tracemq.json` has been read (issue 22, item 10). Rejects when that read fails.
   */
  whenLoaded(): Promise<void> {
    if (this.loadedOnce) return Promise.resolve();
    return this.loading ?? this.reload();
  }

  /** Reads every folder's file again; concurrent calls coalesce into one more read. */
  reload(): Promise<void> {
    if (this.loading) {
      this.reloadQueued = true;
      return this.loading;
    }
    this.loading = this.load().then(() => {
      this.loadedOnce = true;
    }).finally(() => {
      this.loading = undefined;
      if (this.reloadQueued) {
        this.reloadQueued = false;
        void this.reload();
      }
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const entries: ProfileEntry[] = [];
    const invalid: InvalidProfileEntry[] = [];
    const names = new Set<string>();
    const templates: TemplateEntry[] = [];
    const templateNames = new Set<string>();
    this.diagnostics.clear();
    let problemCount = 0;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, PROFILES_FILE);
      let text: string;
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        // A character is at most 3 bytes of UTF-8: decoding this much is enough for the parser to
        // see a file is over its limit, and a file of hundreds of MB never becomes one huge string.
        text = new TextDecoder().decode(bytes.subarray(0, 3 * (MAX_FILE_CHARS + 1)));
      } catch {
        continue; // no file in this folder
      }
      const parsed = parseProfiles(text);
      const { profiles } = parsed;
      for (const t of parsed.templates) {
        if (templateNames.has(t.name)) continue;
        templateNames.add(t.name);
        templates.push(t);
      }
      // Certificate files that cannot be read are flagged at their field now, not only at connect.
      const problems = folder.uri.scheme === 'file' ? [...parsed.problems, ...certificateProblems(text, folder.uri.fsPath, canRead)] : parsed.problems;
      invalid.push(...parsed.invalid.map((i) => ({ ...i, uri })));
      // What the JSON schema reports as the file is edited is not listed a second time.
      const diagnostics = problems.filter((p) => !p.alsoInSchema).map((p) => {
        const start = new vscode.Position(p.line, p.column);
        const end = new vscode.Position(p.line, p.column + Math.max(1, Math.min(p.length, 200)));
        const d = new vscode.Diagnostic(
          new vscode.Range(start, end),
          p.message,
          p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        d.source = 'TraceMQ';
        if (p.path) d.code = p.path;
        return d;
      });
      for (const profile of profiles) {
        if (names.has(profile.name)) {
          this.log.warn(`${uri.fsPath}: a profile named "${profile.name}" exists in another folder; this one is skipped.`);
          continue;
        }
        names.add(profile.name);
        entries.push({ profile, source: 'workspace', folder: folder.uri.fsPath });
      }
      this.diagnostics.set(uri, diagnostics);
      const errors = problems.filter((p) => p.severity === 'error');
      problemCount += errors.length;
      for (const p of errors) this.log.warn(`${uri.fsPath}:${p.line + 1}:${p.column + 1} ${p.path} ${p.message}`);
    }
    if (this.userProfiles) {
      const user = this.userProfiles.list();
      for (const p of user.problems.filter((q) => q.severity === 'error')) this.log.warn(`user profiles: ${p.path} ${p.message}`);
      for (const profile of user.profiles) entries.push({ profile, source: 'user' });
    }
    this.entries = entries;
    this.invalidEntries = invalid;
    this.templateEntries = templates;
    this.changed.fire();
    const workspaceCount = entries.filter((e) => e.source === 'workspace').length;
    if (problemCount > 0) {
      void vscode.window
        .showWarningMessage(
          `TraceMQ: ${PROFILES_FILE} has ${problemCount} problem${problemCount === 1 ? '' : 's'}; ${workspaceCount} valid profile${workspaceCount === 1 ? '' : 's'} loaded.`,
          'Show Problems',
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
    }
  }

  /** Key of an entry, for maps and tree ids. */
  static keyOf(entry: ProfileEntry): string {
    return profileKey(entry.source, entry.profile.name);
  }
}
