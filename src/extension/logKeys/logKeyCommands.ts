import * as vscode from 'vscode';
import { LOG_KEYS } from '../../shared/logKeys/logKeys';
import type { LogPanels } from '../log/logPanels';

/**
 * The commands of the log view's keyboard shortcuts (package.json binds them): each tells the
 * focused log panel which action to do. Run from elsewhere (the palette with no log in front),
 * they say what they need rather than doing nothing.
 */
export function registerLogKeyCommands(context: vscode.ExtensionContext, panels: LogPanels): void {
  for (const { command, action } of LOG_KEYS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command, () => {
        const host = panels.activeHost;
        if (host) host.runKey(action);
        else void vscode.window.showInformationMessage('TraceMQ: this works on a log view. Open one with "TraceMQ: Open Log" and click into it first.');
      }),
    );
  }
}
