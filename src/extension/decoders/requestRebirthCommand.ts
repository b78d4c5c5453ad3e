import * as vscode from 'vscode';
import type { RebirthTarget } from '../../shared/decoders/decodedPayload';
import { QUICK_PICK_OPTIONS } from '../base/quickPickOptions';
import type { Connection } from '../connection/connection';
import type { ConnectionManager } from '../connection/connectionManager';
import { pickConnection } from '../connection/connectionPicker';
import type { ConnectionDecodings } from './connectionDecoding';
import { requestRebirth } from './requestRebirth';

/** A Sparkplug B id is one topic level: no separators, no wildcards. */
const idProblem = (v: string): string | undefined => (v === '' ? 'Required.' : /[/+#]/.test(v) ? 'One topic level: no "/", "+" or "#".' : undefined);

/**
 * `tracemq.requestRebirth` (palette): asks a Sparkplug B edge node to publish its births again by
 * publishing the NCMD `Node Control/Rebirth = true`. The connection is named or picked; the edge
 * node comes from the second argument ({ groupId, edgeNodeId }), else is picked from the nodes the
 * connection has seen, else typed.
 */
export function registerRequestRebirthCommand(context: vscode.ExtensionContext, manager: ConnectionManager, decodings: ConnectionDecodings): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('tracemq.requestRebirth', async (target?: unknown, node?: unknown) => {
      const connection = await pickConnection(manager, target, { placeHolder: 'Request a rebirth on which connection?', fits: (c) => c.state === 'connected', none: 'TraceMQ: connect a profile first.' });
      if (!connection) return;
      const edge = rebirthTargetOf(node) ?? (await askEdgeNode(connection, decodings));
      if (!edge) return;
      try {
        const topic = await requestRebirth(connection, edge);
        void vscode.window.showInformationMessage(`TraceMQ: rebirth requested: NCMD "Node Control/Rebirth" published to "${topic}" on "${connection.name}".`);
      } catch (e) {
        void vscode.window.showErrorMessage(`TraceMQ: the rebirth was not requested. ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
}

function rebirthTargetOf(v: unknown): RebirthTarget | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { groupId, edgeNodeId } = v as Record<string, unknown>;
  return typeof groupId === 'string' && typeof edgeNodeId === 'string' && !idProblem(groupId) && !idProblem(edgeNodeId) ? { groupId, edgeNodeId } : undefined;
}

async function askEdgeNode(connection: Connection, decodings: ConnectionDecodings): Promise<RebirthTarget | undefined> {
  const seen = decodings.sparkplugOf(connection)?.edgeNodes() ?? [];
  if (seen.length > 0) {
    type Item = vscode.QuickPickItem & { edge?: RebirthTarget };
    const items: Item[] = [
      ...seen.map((n) => ({ label: `${n.groupId}/${n.edgeNodeId}`, description: n.online ? 'online' : 'no birth in force', edge: { groupId: n.groupId, edgeNodeId: n.edgeNodeId } })),
      { label: 'Another edge node…' },
    ];
    const chosen = await vscode.window.showQuickPick(items, { ...QUICK_PICK_OPTIONS, placeHolder: 'Which edge node should publish its births again?' });
    if (!chosen) return undefined;
    if (chosen.edge) return chosen.edge;
  }
  const groupId = await vscode.window.showInputBox({ title: 'Request Rebirth', prompt: 'Sparkplug B group id', validateInput: idProblem, ignoreFocusOut: true });
  if (groupId === undefined) return undefined;
  const edgeNodeId = await vscode.window.showInputBox({ title: 'Request Rebirth', prompt: `Edge node id in group "${groupId}"`, validateInput: idProblem, ignoreFocusOut: true });
  return edgeNodeId === undefined ? undefined : { groupId, edgeNodeId };
}
