import * as vscode from 'vscode';
import type { Connection } from './connection';
import type { ConnectionManager } from './connectionManager';
import type { TreeNode } from '../sidebar/connectionsTree';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';
import { countOf } from '../../shared/text/countOf';

/**
 * The connection a command acts on: from its first argument (a profile name, or the tree node it
 * was run on), else the only one that fits, else asked with a quick pick. Says so when none fits.
 * Waits first until the window has read its profiles (`manager.ready()`): in a new window the
 * connections it restores are made from them.
 */
export async function pickConnection(
  manager: ConnectionManager,
  target: unknown,
  options: { placeHolder: string; fits: (c: Connection) => boolean; none: string },
): Promise<Connection | undefined> {
  if (!(await manager.ready())) return undefined;
  const all = manager.all();
  if (typeof target === 'string') {
    const found = all.find((c) => c.name === target);
    if (!found) void vscode.window.showErrorMessage(`TraceMQ: "${target}" is not connected (connect it first).`);
    return found;
  }
  if (typeof target === 'object' && target !== null && 'entry' in target) {
    const node = target as TreeNode;
    const found = all.find((c) => c.entry.source === node.entry.source && c.name === node.entry.profile.name);
    if (!found) void vscode.window.showInformationMessage(`TraceMQ: "${node.entry.profile.name}" is not connected yet (connect it first).`);
    return found;
  }
  const fitting = all.filter(options.fits);
  if (fitting.length === 0) {
    void vscode.window.showInformationMessage(options.none);
    return undefined;
  }
  if (fitting.length === 1) return fitting[0];
  const chosen = await vscode.window.showQuickPick(
    fitting.map((c) => ({ label: c.name, description: `${countOf(c.store.size, 'message')} · ${c.state}`, connection: c })),
    { ...QUICK_PICK_OPTIONS, placeHolder: options.placeHolder },
  );
  return chosen?.connection;
}
