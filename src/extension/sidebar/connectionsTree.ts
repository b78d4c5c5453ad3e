import * as vscode from 'vscode';
import type { ConnectionState } from '../../shared/connection/connectionInfo';
import type { ActiveSubscription, Connection } from '../connection/connection';
import type { ConnectionManager } from '../connection/connectionManager';
import { DisposableStore } from '../base/disposableStore';
import { profileKey, type ProfileEntry, type SubscriptionSpec } from '../profiles/profile';
import { describeSubscriptionOptions } from '../../shared/mqtt/publishShapes';
import { subscriptionColour } from '../../shared/mqtt/subscriptionColour';
import type { InvalidProfileEntry, ProfileRepository } from '../profiles/profileRepository';
import { usesTls } from '../connection/mqttOptions';
import type { RecordingManager } from '../recording/recordingManager';

/** A node of the tree that commands run on (the context menus of profiles and subscriptions). */
export type TreeNode =
  | { kind: 'profile'; entry: ProfileEntry }
  | { kind: 'subscription'; entry: ProfileEntry; subscription: SubscriptionSpec | ActiveSubscription };

/** Every node of the tree: also the profiles of `.tracemq.json` that could not be loaded (no commands run on them). */
type ConnectionsNode = TreeNode | { kind: 'invalid'; invalid: InvalidProfileEntry; index: number };

const STATE_ICON: Record<ConnectionState, vscode.ThemeIcon> = {
  disconnected: new vscode.ThemeIcon('debug-disconnect'),
  connecting: new vscode.ThemeIcon('loading~spin'),
  reconnecting: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  connected: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};

/** The "Connections" tree: profiles with their state, and their subscriptions under them. */
export class ConnectionsTree extends DisposableStore implements vscode.TreeDataProvider<ConnectionsNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ConnectionsNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  private view: vscode.TreeView<ConnectionsNode> | undefined;
  /** The subscription topics of each connection last seen, to reveal one that is new. */
  private readonly seenTopics = new Map<Connection, Set<string>>();

  static register(context: vscode.ExtensionContext, profiles: ProfileRepository, manager: ConnectionManager, recordings: RecordingManager): ConnectionsTree {
    const tree = new ConnectionsTree(profiles, manager, recordings);
    tree.view = vscode.window.createTreeView('tracemq.connections', { treeDataProvider: tree, showCollapseAll: false });
    context.subscriptions.push(tree, tree.view);
    return tree;
  }

  private constructor(
    private readonly profiles: ProfileRepository,
    private readonly manager: ConnectionManager,
    private readonly recordings: RecordingManager,
  ) {
    super();
    this.register(profiles.onDidChange(() => { this.changed.fire(undefined); }));
    // Only starting and stopping changes the tree (not every batch written).
    let recordingNow = new Set<Connection>();
    this.register(
      recordings.onDidChange((c) => {
        const now = recordings.isRecording(c);
        if (now === recordingNow.has(c)) return;
        recordingNow = new Set([...recordingNow].filter((x) => x !== c));
        if (now) recordingNow.add(c);
        this.changed.fire(undefined);
      }),
    );
    this.register(
      manager.onDidChange(() => {
        this.changed.fire(undefined);
        this.revealNewSubscriptions();
      }),
    );
  }

  getParent(node: ConnectionsNode): ConnectionsNode | undefined {
    return node.kind === 'subscription' ? { kind: 'profile', entry: node.entry } : undefined;
  }

  /**
   * A subscription made from anywhere (the Subscribe command, the log's Subscriptions pane) is
   * shown: its profile node unfolds even when the user had folded it. Only while the view is
   * visible, so that subscribing never opens the side bar.
   */
  private revealNewSubscriptions(): void {
    for (const entry of this.profiles.all) {
      const connection = this.connectionOf(entry);
      if (!connection) continue;
      const before = this.seenTopics.get(connection) ?? new Set(entry.profile.subscriptions.map((s) => s.topic));
      const now = connection.subscriptions;
      this.seenTopics.set(connection, new Set(now.map((s) => s.topic)));
      const added = now.find((s) => !before.has(s.topic));
      if (added && this.view?.visible) {
        // A node gone by the time VS Code looks (a quick unsubscribe) is nothing to report.
        this.view.reveal({ kind: 'subscription', entry, subscription: added }, { select: false, focus: false }).then(undefined, () => undefined);
      }
    }
    for (const c of this.seenTopics.keys()) if (!this.manager.all().includes(c)) this.seenTopics.delete(c);
  }

  getChildren(node?: ConnectionsNode): ConnectionsNode[] {
    if (!node) {
      const profiles = this.profiles.all.map((entry): ConnectionsNode => ({ kind: 'profile', entry }));
      return [...profiles, ...this.profiles.invalid.map((invalid, index): ConnectionsNode => ({ kind: 'invalid', invalid, index }))];
    }
    if (node.kind !== 'profile') return [];
    const connection = this.connectionOf(node.entry);
    const subs = connection?.subscriptions ?? node.entry.profile.subscriptions;
    return subs.map((subscription) => ({ kind: 'subscription', entry: node.entry, subscription }));
  }

  getTreeItem(node: ConnectionsNode): vscode.TreeItem {
    if (node.kind === 'invalid') return this.invalidItem(node.invalid, node.index);
    return node.kind === 'profile' ? this.profileItem(node.entry) : this.subscriptionItem(node);
  }

  /**
   * A profile of `.tracemq.json` that could not be loaded stays in the tree, marked, with its first
   * error as tooltip; a click opens the file at that error.
   */
  private invalidItem(invalid: InvalidProfileEntry, index: number): vscode.TreeItem {
    const item = new vscode.TreeItem(invalid.label, vscode.TreeItemCollapsibleState.None);
    item.id = `invalid/${invalid.uri.toString()}/${index}`;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    item.description = `not loaded: ${invalid.problem.message}`;
    item.tooltip = `${invalid.problem.message}\n${vscode.workspace.asRelativePath(invalid.uri)}:${invalid.problem.line + 1} — click to open it there.`;
    item.contextValue = 'invalidProfile';
    const at = new vscode.Position(invalid.problem.line, invalid.problem.column);
    const options: vscode.TextDocumentShowOptions = { selection: new vscode.Range(at, at) };
    item.command = { command: 'vscode.open', title: 'Open .tracemq.json at the problem', arguments: [invalid.uri, options] };
    item.accessibilityInformation = { label: `${invalid.label}, not loaded: ${invalid.problem.message}` };
    return item;
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
    const where = `${connection && this.recordings.isRecording(connection) ? ' · ● recording' : ''}${entry.source === 'user' ? ' · user' : ''}`;
    const insecure = p.tls?.insecureSkipVerify === true && usesTls(p) ? '⚠ TLS not verified · ' : '';
    item.description = `${insecure}${detail ? `${state}: ${detail}` : state === 'disconnected' ? p.url : state}${where}`;
    // profile.<state>[.recording].<source>: menus match the state with /^profile\.(connected|…)/,
    // whether it records with /\.recording\./, and the source at the end.
    item.contextValue = `profile.${state}${connection && this.recordings.isRecording(connection) ? '.recording' : ''}.${entry.source}`;
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendMarkdown(`**${escapeMarkdown(p.name)}**  \n`);
    tip.appendText(`${p.url}\nMQTT ${p.protocolVersion} · ${entry.source === 'workspace' ? '.tracemq.json' : 'user profile'}\nState: ${state}`);
    if (detail) tip.appendText(`\n${detail}`);
    if (insecure) tip.appendText('\n⚠ insecureSkipVerify: the broker\'s TLS certificate is not checked; anyone on the path can read and change this traffic. For development only.');
    item.tooltip = tip;
    item.accessibilityInformation = { label: `${p.name}, ${state}${detail ? `: ${detail}` : ''}` };
    return item;
  }

  private subscriptionItem(node: Extract<TreeNode, { kind: 'subscription' }>): vscode.TreeItem {
    const s = node.subscription;
    const item = new vscode.TreeItem(s.topic, vscode.TreeItemCollapsibleState.None);
    item.id = `sub/${profileKey(node.entry.source, node.entry.profile.name)}/${s.topic}`;
    if ('error' in s && s.error) {
      item.description = s.error;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    } else {
      const granted = 'granted' in s && s.granted !== undefined && s.granted !== s.qos ? ` (granted QoS ${s.granted})` : '';
      const options = describeSubscriptionOptions(s);
      item.description = `QoS ${s.qos}${granted}${options.length ? ` · ${options.join(' · ')}` : ''}`;
      // The colour its messages have in the log.
      const colour = 'id' in s ? subscriptionColour(s.id) : undefined;
      item.iconPath = new vscode.ThemeIcon('symbol-event', colour ? new vscode.ThemeColor(`charts.${colour}`) : undefined);
    }
    item.contextValue = 'subscription';
    item.tooltip = item.description;
    return item;
  }
}

const escapeMarkdown = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
