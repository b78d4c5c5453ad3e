import * as vscode from 'vscode';
import { ConnectFlow } from './connection/connectFlow';
import { registerCommands } from './connection/connectionCommands';
import { registerCopyCommands } from './commandLine/copyCommands';
import { registerImportCommand } from './import/importCommand';
import { ConnectionManager } from './connection/connectionManager';
import { registerLogKeyCommands } from './logKeys/logKeyCommands';
import { ConnectionsTree } from './sidebar/connectionsTree';
import { ConnectionDecodings } from './decoders/connectionDecoding';
import { DecoderBindings } from './decoders/decoderBindings';
import { registerRequestRebirthCommand } from './decoders/requestRebirthCommand';
import { registerLogCommands } from './log/logCommands';
import { registerTopicsCommands } from './topics/topicsCommands';
import { FailureNotifier } from './connection/failureNotifier';
import { LiveConnections } from './connection/liveConnections';
import { LogPanels } from './log/logPanels';
import type { MessageStoreLimits } from './store/messageStore';
import { registerProfileCommands } from './profiles/profileCommands';
import { ProfileFormPanels } from './profiles/profileFormPanel';
import { ProfileRepository } from './profiles/profileRepository';
import { profilesReady } from './profiles/profilesReady';
import { registerPublishCommands } from './publish/publishCommands';
import { registerReadmeCommand } from './help/readmeCommand';
import { ConnectionTraces, type TraceConfig } from './trace/connectionTraces';
import { DEFAULT_TRACE_SETTINGS } from './trace/protocolTrace';
import { registerTraceCommands } from './trace/traceCommands';
import { TracePanels } from './trace/tracePanels';
import { PublishLibrary } from './publish/publishLibrary';
import { RecordingManager } from './recording/recordingManager';
import { SecretStore } from './secrets/secretStore';
import { loadBenchProbe } from './store/benchProbeHook';
import { StatusBar } from './connection/statusBar';
import { UserProfiles } from './profiles/userProfiles';
import { DEFAULT_MAX_TRACKED } from './topics/topicIndex';

let manager: ConnectionManager | undefined;

function storeLimits(): MessageStoreLimits {
  const config = vscode.workspace.getConfiguration('tracemq.log');
  return {
    maxMessages: Math.max(100, config.get<number>('maxMessages', 1_000_000)),
    maxBytes: Math.max(1024 * 1024, config.get<number>('maxBytes', 256 * 1024 * 1024)),
    maxTrackedTopics: Math.max(1, vscode.workspace.getConfiguration('tracemq.topics').get<number>('maxTracked', DEFAULT_MAX_TRACKED)),
  };
}

function traceConfig(): TraceConfig {
  const config = vscode.workspace.getConfiguration('tracemq.trace');
  const d = DEFAULT_TRACE_SETTINGS;
  return {
    enabled: config.get<boolean>('enabled', false),
    maxEntries: Math.max(100, config.get<number>('maxEntries', d.maxEntries)),
    maxBytes: Math.max(1024 * 1024, config.get<number>('maxBytes', d.maxBytes)),
    publishesPerSecond: Math.max(0, config.get<number>('publishesPerSecond', d.publishesPerSecond)),
  };
}

/** Wires the pieces together; every piece registers its own disposables. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('TraceMQ', { log: true });
  context.subscriptions.push(log);
  manager = new ConnectionManager(storeLimits, log);
  context.subscriptions.push(manager);

  const userProfiles = new UserProfiles(context.globalState);
  const profiles = new ProfileRepository(log, userProfiles);
  const secrets = new SecretStore(context.secrets);
  context.subscriptions.push(userProfiles, profiles, secrets);
  // Payload decoders of the workspace's .tracemq.json (views, export and publish read `decoders.decoder`).
  const decoders = new DecoderBindings(log, context.extensionPath);
  context.subscriptions.push(decoders);
  void decoders.reload();
  const decodings = new ConnectionDecodings(manager, decoders);
  context.subscriptions.push(decodings);
  registerRequestRebirthCommand(context, manager, decodings);
  const recordings = RecordingManager.register(context);
  ConnectionsTree.register(context, profiles, manager, recordings);
  StatusBar.register(context, manager);
  const library = new PublishLibrary(context.globalState, () => profiles.templates);
  const panels = LogPanels.register(context, manager, profiles, log, recordings, library);
  const live = new LiveConnections(context.workspaceState);
  // Commands that list profiles or connections wait for the first read of the profiles.
  manager.setReadyGate(() => profilesReady(profiles));
  const flow = new ConnectFlow({ profiles, manager, secrets, live, log });
  context.subscriptions.push(new FailureNotifier(manager, flow));
  registerCommands(context, { profiles, manager, secrets, panels, log, live, flow });
  const forms = ProfileFormPanels.register(context, {
    profiles,
    userProfiles,
    secrets,
    log,
    changed: (oldKey, entry, changed) => void flow.announceChange('', oldKey, entry, changed),
    connect: (oldKey, entry) => flow.reconnect(oldKey, entry),
  });
  registerProfileCommands(context, { profiles, userProfiles, manager, secrets, forms });
  registerLogCommands(context, manager, panels, recordings);
  registerLogKeyCommands(context, panels);
  registerTopicsCommands(context, manager, panels);
  registerPublishCommands(context, manager, library);
  registerImportCommand(context, { profiles, userProfiles, secrets });
  registerCopyCommands(context, { profiles });
  registerReadmeCommand(context);
  const traces = new ConnectionTraces(manager, traceConfig, vscode.workspace.onDidChangeConfiguration);
  const tracePanels = new TracePanels(context.extensionUri, traces, log, (c, seq) => { panels.revealMessage(c.entry, seq); });
  context.subscriptions.push(traces, tracePanels);
  registerTraceCommands(context, { manager, traces, panels: tracePanels, profiles, flow });

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tracemq.log') || e.affectsConfiguration('tracemq.topics')) manager?.applyLimits();
    }),
  );
  // `npm run bench` only (benchProbeHook.ts): its probe is not part of the extension.
  const benchProbe = loadBenchProbe(process.env.TRACEMQ_BENCH_PROBE, () => manager?.all() ?? [], log);
  if (benchProbe) context.subscriptions.push(benchProbe);
  void profiles.reload().then(async () => {
    await vscode.commands.executeCommand('setContext', 'tracemq.profilesLoaded', true);
    // What the user left connected before the window reloaded comes back (through the usual
    // Connect: trust, secrets and errors handled the same way).
    for (const key of live.keys()) {
      const entry = profiles.find(key);
      if (entry && manager?.get(key)?.state !== 'connected') void vscode.commands.executeCommand('tracemq.connect', { kind: 'profile', entry });
    }
  }, (e: unknown) => {
    // A command run now says so to the user (profilesReady); the details go to the output.
    log.error(`Reading the profiles failed: ${e instanceof Error ? e.message : String(e)}`);
  });
  log.info(`TraceMQ ${String((context.extension.packageJSON as { version?: unknown }).version)} activated`);
}

/** Sends DISCONNECT on live connections (bounded wait) so closing VS Code leaves no sockets. */
export async function deactivate(): Promise<void> {
  await manager?.disconnectAll(2000);
  manager?.dispose();
  manager = undefined;
}
