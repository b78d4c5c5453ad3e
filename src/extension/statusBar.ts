import * as vscode from 'vscode';
import type { ConnectionManager } from './connectionManager';
import { DisposableStore } from './disposableStore';

/** Status bar item: how many connections are up, and whether one failed. Click shows the tree. */
export class StatusBar extends DisposableStore {
  private readonly item = this.register(vscode.window.createStatusBarItem('tracemq.status', vscode.StatusBarAlignment.Left, 10));

  static register(context: vscode.ExtensionContext, manager: ConnectionManager): StatusBar {
    const bar = new StatusBar(manager);
    context.subscriptions.push(bar);
    return bar;
  }

  private constructor(private readonly manager: ConnectionManager) {
    super();
    this.item.name = 'TraceMQ';
    this.item.command = 'workbench.view.extension.tracemq';
    this.register(manager.onDidChange(() => { this.update(); }));
    this.update();
  }

  private update(): void {
    const all = this.manager.all();
    const connected = all.filter((c) => c.state === 'connected').length;
    const failing = all.filter((c) => c.state === 'error' || c.state === 'reconnecting');
    if (connected === 0 && failing.length === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(radio-tower) ${connected}${failing.length ? ` $(warning) ${failing.length}` : ''}`;
    this.item.tooltip = all
      .filter((c) => c.state !== 'disconnected')
      .map((c) => `${c.name}: ${c.state}${c.detail ? ` (${c.detail})` : ''}`)
      .join('\n');
    this.item.backgroundColor = failing.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}
