import * as vscode from 'vscode';
import type { PublishParams, PublishResult, QoS } from '../../shared/mqtt/publishShapes';
import { MAX_PUBLISH_PAYLOAD_CHARS } from '../../shared/mqtt/publishShapes';
import { topicNameError } from '../../shared/mqtt/topicFilter';
import { profileKey } from '../profiles/profile';
import type { Connection } from '../connection/connection';
import type { ConnectionManager } from '../connection/connectionManager';
import { pickConnection } from '../connection/connectionPicker';
import type { PublishLibrary } from './publishLibrary';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';

type QosRetain = vscode.QuickPickItem & { qos: QoS; retain: boolean };

const QOS_RETAIN: QosRetain[] = [
  { label: 'QoS 0', description: 'at most once', qos: 0, retain: false },
  { label: 'QoS 1', description: 'at least once', qos: 1, retain: false },
  { label: 'QoS 2', description: 'exactly once', qos: 2, retain: false },
  { label: 'QoS 0 · retained', description: 'the broker keeps it for new subscribers', qos: 0, retain: true },
  { label: 'QoS 1 · retained', qos: 1, retain: true },
  { label: 'QoS 2 · retained', qos: 2, retain: true },
];

/**
 * Publishing from the palette and the tree: `tracemq.publish` (topic, payload, QoS),
 * `tracemq.publishTemplate` (a saved publish), `tracemq.publishEditor` (the editor's selection or
 * file) and `tracemq.clearRetained`. Each acts on a connected profile, named or picked.
 */
export function registerPublishCommands(context: vscode.ExtensionContext, manager: ConnectionManager, library: PublishLibrary): void {
  const connected = (target: unknown, placeHolder: string): Promise<Connection | undefined> =>
    pickConnection(manager, target, { placeHolder, fits: (c) => c.state === 'connected', none: 'TraceMQ: connect a profile first.' });
  const keyOf = (c: Connection): string => profileKey(c.entry.source, c.name);

  async function send(connection: Connection, publish: PublishParams, what: string): Promise<void> {
    let result: PublishResult;
    try {
      result = await connection.publish(publish);
    } catch (e) {
      void vscode.window.showErrorMessage(`TraceMQ: ${what} was not published. ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    await library.remember(keyOf(connection), publish);
    const reason = result.reason && result.reasonCode !== 0 ? ` The broker says: ${result.reason}.` : '';
    void vscode.window.showInformationMessage(`TraceMQ: published ${what} to "${publish.topic}" on "${connection.name}".${reason}`);
  }

  async function askTopic(connection: Connection, title: string): Promise<string | undefined> {
    const last = library.history(keyOf(connection))[0]?.topic;
    return vscode.window.showInputBox({
      title,
      prompt: 'Topic to publish to (no wildcards)',
      value: last ?? '',
      validateInput: (v) => topicNameError(v),
      ignoreFocusOut: true,
    });
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('tracemq.publish', async (target?: unknown) => {
      const connection = await connected(target, 'Publish on which connection?');
      if (!connection) return;
      const title = `Publish on "${connection.name}"`;
      const topic = await askTopic(connection, title);
      if (topic === undefined) return;
      const payload = await vscode.window.showInputBox({ title, prompt: `Payload for ${topic} (UTF-8 text; the log view's publish panel takes hex, base64 and MQTT 5 properties)`, ignoreFocusOut: true });
      if (payload === undefined) return;
      const qos = await vscode.window.showQuickPick(QOS_RETAIN, { ...QUICK_PICK_OPTIONS, title, placeHolder: 'Quality of service and retain' });
      if (!qos) return;
      await send(connection, { topic, payload, encoding: 'utf8', qos: qos.qos, retain: qos.retain }, 'the message');
    }),

    vscode.commands.registerCommand('tracemq.publishTemplate', async (target?: unknown, templateName?: unknown) => {
      const connection = await connected(target, 'Publish a template on which connection?');
      if (!connection) return;
      const templates = library.templates();
      if (templates.length === 0) {
        void vscode.window.showInformationMessage('TraceMQ: no templates yet. Save one from the publish panel of a log view, or add "templates" to .tracemq.json.');
        return;
      }
      const template =
        typeof templateName === 'string'
          ? templates.find((t) => t.name === templateName)
          : (
              await vscode.window.showQuickPick(
                templates.map((t) => ({ label: t.name, description: `${t.publish.topic} · QoS ${t.publish.qos}${t.publish.retain ? ' · retained' : ''}`, detail: t.source === 'workspace' ? '.tracemq.json' : 'your template', template: t })),
                { ...QUICK_PICK_OPTIONS, title: `Publish a template on "${connection.name}"`, placeHolder: 'Which template?', matchOnDescription: true },
              )
            )?.template;
      if (!template) {
        if (typeof templateName === 'string') void vscode.window.showErrorMessage(`TraceMQ: no template named "${templateName}".`);
        return;
      }
      await send(connection, template.publish, `template "${template.name}"`);
    }),

    vscode.commands.registerCommand('tracemq.publishEditor', async (target?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage('TraceMQ: open the file to publish (or select part of it) first.');
        return;
      }
      const selection = editor.selection;
      const payload = selection.isEmpty ? editor.document.getText() : editor.document.getText(selection);
      const what = selection.isEmpty ? `the file ${vscode.workspace.asRelativePath(editor.document.uri)}` : 'the selection';
      if (payload.length > MAX_PUBLISH_PAYLOAD_CHARS) {
        void vscode.window.showErrorMessage(`TraceMQ: ${what} is larger than ${MAX_PUBLISH_PAYLOAD_CHARS / 1024 / 1024} MB; publish something smaller.`);
        return;
      }
      const connection = await connected(target, `Publish ${what} on which connection?`);
      if (!connection) return;
      const title = `Publish ${what} on "${connection.name}"`;
      const topic = await askTopic(connection, title);
      if (topic === undefined) return;
      const qos = await vscode.window.showQuickPick(QOS_RETAIN, { ...QUICK_PICK_OPTIONS, title, placeHolder: 'Quality of service and retain' });
      if (!qos) return;
      const publish: PublishParams = { topic, payload, encoding: 'utf8', qos: qos.qos, retain: qos.retain };
      if (editor.document.languageId === 'json' && connection.entry.profile.protocolVersion === '5.0') {
        publish.properties = { contentType: 'application/json', payloadFormatIndicator: 1 };
      }
      await send(connection, publish, what);
    }),

    vscode.commands.registerCommand('tracemq.clearRetained', async (target?: unknown, topicArg?: unknown) => {
      const connection = await connected(target, 'Clear a retained message on which connection?');
      if (!connection) return;
      const topic =
        typeof topicArg === 'string'
          ? topicArg
          : await vscode.window.showInputBox({
              title: `Clear a retained message on "${connection.name}"`,
              prompt: 'Topic whose retained message the broker should drop (an empty retained publish)',
              validateInput: (v) => topicNameError(v),
              ignoreFocusOut: true,
            });
      if (topic === undefined) return;
      try {
        await connection.clearRetained(topic);
        void vscode.window.showInformationMessage(`TraceMQ: the retained message of "${topic}" on "${connection.name}" is cleared.`);
      } catch (e) {
        void vscode.window.showErrorMessage(`TraceMQ: clearing the retained message of "${topic}" failed. ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
}
