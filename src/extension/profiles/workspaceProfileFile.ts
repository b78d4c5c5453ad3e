import * as vscode from 'vscode';
import type { JsonObject } from '../../shared/json/jsonValue';
import { profileIndex, profileOffset, removeProfileText, upsertProfileText } from './profileFileEdits';
import { PROFILES_FILE } from './profileRepository';

/** The `.tracemq.json` of one workspace folder, edited in place (comments and formatting kept). */
export class WorkspaceProfileFile {
  readonly uri: vscode.Uri;

  constructor(folder: vscode.Uri) {
    this.uri = vscode.Uri.joinPath(folder, PROFILES_FILE);
  }

  get label(): string {
    return vscode.workspace.asRelativePath(this.uri, true);
  }

  /** The file's text, or undefined when there is no file. */
  async read(): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.uri));
    } catch {
      return undefined;
    }
  }

  async has(name: string): Promise<boolean> {
    const text = await this.read();
    return text !== undefined && profileIndex(text, name) >= 0;
  }

  /** Adds the profile (oldName undefined), or updates the one named `oldName`; creates the file when missing. */
  async upsert(oldName: string | undefined, profile: JsonObject): Promise<void> {
    const text = (await this.read()) ?? '';
    await this.write(upsertProfileText(text, oldName, profile));
  }

  async remove(name: string): Promise<boolean> {
    const text = await this.read();
    if (text === undefined || profileIndex(text, name) < 0) return false;
    await this.write(removeProfileText(text, name));
    return true;
  }

  /** Opens the file with the cursor on the profile named `name`. */
  async reveal(name: string): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    const offset = profileOffset(document.getText(), name) ?? 0;
    const position = document.positionAt(offset);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
  }

  private async write(text: string): Promise<void> {
    // Through an open document when there is one, so unsaved edits are not overwritten behind the editor's back.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
    if (open?.isDirty) throw new Error(`${this.label} has unsaved changes; save or revert them first.`);
    await vscode.workspace.fs.writeFile(this.uri, new TextEncoder().encode(text));
  }
}
