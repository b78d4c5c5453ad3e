import * as vscode from 'vscode';
import type { Connection } from './connection';
import type { ConnectionManager } from './connectionManager';
import { DisposableStore } from '../base/disposableStore';

/** How often the message rate is refreshed while something is connected. */
const RATE_INTERVAL_MS = 1000;

/**
 * Status bar item: how many connections are up, whether one failed, and the messages per second
 * they receive together (sampled once a second from the stores' counters, never per message).
 * Click shows the tree.
 */
export class StatusBar extends DisposableStore {
  private readonly item = this.register(vscode.window.createStatusBarItem('tracemq.status', vscode.StatusBarAlignment.Left, 10));
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Received count per connection at the last sample. */
  private samples = new Map<Connection, number>();
  private rates = new Map<Connection, number>();
  private sampledAt = 0;

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
    this.register({ dispose: () => { clearInterval(this.timer); } });
    this.update();
  }

  private sample(): void {
    const now = Date.now();
    const elapsed = (now - this.sampledAt) / 1000;
    const next = new Map<Connection, number>();
    for (const c of this.manager.all()) {
      const received = c.store.received;
      const before = this.samples.get(c);
      // A cleared store restarts its count: no rate for that second rather than a negative one.
      if (before !== undefined && elapsed > 0 && received >= before) this.rates.set(c, Math.round((received - before) / elapsed));
      next.set(c, received);
    }
    this.samples = next;
    this.sampledAt = now;
  }

  private update(): void {
    const all = this.manager.all();
    const connected = all.filter((c) => c.state === 'connected');
    const failing = all.filter((c) => c.state === 'error' || c.state === 'reconnecting');
    if (connected.length > 0 && !this.timer) {
      this.sample();
      this.timer = setInterval(() => {
        this.sample();
        this.update();
      }, RATE_INTERVAL_MS);
    } else if (connected.length === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.samples.clear();
      this.rates.clear();
    }
    if (connected.length === 0 && failing.length === 0) {
      this.item.hide();
      return;
    }
    const rate = connected.reduce((sum, c) => sum + (this.rates.get(c) ?? 0), 0);
    this.item.text = `$(radio-tower) ${connected.length}${failing.length ? ` $(warning) ${failing.length}` : ''}${connected.length ? ` · ${rate.toLocaleString('en-US')} msg/s` : ''}`;
    this.item.tooltip = all
      .filter((c) => c.state !== 'disconnected')
      .map((c) => `${c.name}: ${c.state}${c.detail ? ` (${c.detail})` : ''}${c.state === 'connected' ? ` · ${(this.rates.get(c) ?? 0).toLocaleString('en-US')} msg/s` : ''}`)
      .join('\n');
    this.item.backgroundColor = failing.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}
