import * as vscode from 'vscode';
import type { ConnectionState } from '../shared/protocol';
import type { ActiveSubscription, Connection } from './connection';
import type { ConnectionManager } from './connectionManager';
import { DisposableStore } from './disposableStore';
import { profileKey, type ProfileEntry } from './profile';
import type { ProfileRepository } from './profileRepository';

export type TreeNode =
  | { kind: 'profile'; entry: ProfileEntry }
  | { kind: 'subscription'; entry: ProfileEntry; subscription: ActiveSubscription };

const STATE_ICON: Record<ConnectionState, vscode.ThemeIcon> = {
  disconnected: new vscode.ThemeIcon('debug-disconnect'),
  connecting: new vscode.ThemeIcon('loading~spin'),
  reconnecting: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  connected: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};

/** The "Connections" tree: profiles with their state, and their subscriptions under them. */
export class ConnectionsTree extends DisposableStore implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  static register(context: vscode.ExtensionContext, profiles: ProfileRepository, manager: ConnectionManager): ConnectionsTree {
    const tree = new ConnectionsTree(profiles, manager);
    context.subscriptions.push(tree, vscode.window.createTreeView('tracemq.connections', { treeDataProvider: tree, showCollapseAll: false }));
    return tree;
  }

  private constructor(
    private readonly profiles: ProfileRepository,
    private readonly manager: ConnectionManager,
  ) {
    super();
    this.register(profiles.onDidChange(() => { this.changed.fire(undefined); }));
    this.register(manager.onDidChange(() => { this.changed.fire(undefined); }));
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.profiles.all.map((entry) => ({ kind: 'profile', entry }));
    if (node.kind === 'subscription') return [];
    const connection = this.connectionOf(node.entry);
    const subs = connection?.subscriptions ?? node.entry.profile.subscriptions;
    return subs.map((subscription) => ({ kind: 'subscription', entry: node.entry, subscription }));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.kind === 'profile' ? this.profileItem(node.entry) : this.subscriptionItem(node);
  }

  private connectionOf(entry: ProfileEntry): Connection | undefined {
    return this.manager.get(profileKey(entry.source, entry.profile.name));
  }

  private profileItem(entry: ProfileEntry): vscode.TreeItem {
    const connection = this.connectionOf(entry);
    const state = connection?.state ?? 'disconnected';
    const detail = connection?.detail;
    const p = entry.profile;
    const hasChildren = (connection?.subscriptions.length ?? p.subscriptions.length) > 0;
    const item = new vscode.TreeItem(p.name, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `profile/${profileKey(entry.source, p.name)}`;
    item.iconPath = STATE_ICON[state];
    const where = entry.source === 'user' ? ' · user' : '';
    item.description = `${detail ? `${state}: ${detail}` : state === 'disconnected' ? p.url : state}${where}`;
    // profile.<state>.<source>: menus match the state with /^profile\.(connected|…)/ and the source at the end.
    item.contextValue = `profile.${state}.${entry.source}`;
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendMarkdown(`**${escapeMarkdown(p.name)}**  \n`);
    tip.appendText(`${p.url}\nMQTT ${p.protocolVersion} · ${entry.source === 'workspace' ? '.tracemq.json' : 'user profile'}\nState: ${state}`);
    if (detail) tip.appendText(`\n${detail}`);
    item.tooltip = tip;
    item.accessibilityInformation = { label: `${p.name}, ${state}${detail ? `: ${detail}` : ''}` };
    return item;
  }

  private subscriptionItem(node: Extract<TreeNode, { kind: 'subscription' }>): vscode.TreeItem {
    const s = node.subscription;
    const item = new vscode.TreeItem(s.topic, vscode.TreeItemCollapsibleState.None);
    item.id = `sub/${profileKey(node.entry.source, node.entry.profile.name)}/${s.topic}`;
    if (s.error) {
      item.description = s.error;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    } else {
      const granted = s.granted !== undefined && s.granted !== s.qos ? ` (granted QoS ${s.granted})` : '';
      item.description = `QoS ${s.qos}${granted}`;
      item.iconPath = new vscode.ThemeIcon('symbol-event');
    }
    item.contextValue = 'subscription';
    item.tooltip = item.description;
    return item;
  }
}

const escapeMarkdown = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
