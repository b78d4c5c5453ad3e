import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';

/** The in-VS-Code checks (desktop VS Code via @vscode/test-electron). */
export function extensionSuite(): void {
  describe('TraceMQ in desktop VS Code', () => {
    it('contributes every tracemq command', async () => {
      const ext = vscode.extensions.getExtension('tracemq.tracemq');
      assert.ok(ext, 'extension found');
      await ext.activate();
      const all = await vscode.commands.getCommands(true);
      const manifest = ext.packageJSON as { contributes: { commands: { command: string }[] } };
      for (const { command } of manifest.contributes.commands) assert.ok(all.includes(command), command);
    });

    it('connects a workspace profile by name, receives and disconnects', async () => {
      const port = process.env.TRACEMQ_BROKER_PORT;
      assert.ok(port, 'the runner passes the broker port');
      await vscode.commands.executeCommand('tracemq.refreshProfiles');
      await vscode.commands.executeCommand('tracemq.connect', 'electron');
      // The profile subscribes on connect; a retained message proves the subscription exists.
      execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-t', 'electron/check', '-m', 'ok', '-r', '-q', '1']);
      const out = execFileSync('mosquitto_sub', ['-h', '127.0.0.1', '-p', port, '-t', '$SYS/broker/clients/connected', '-C', '1', '-W', '5'], { encoding: 'utf8' });
      assert.ok(Number(out.trim()) >= 1, `clients connected: ${out}`);
      await vscode.commands.executeCommand('tracemq.openLog', 'electron');
      await vscode.commands.executeCommand('tracemq.disconnect', 'electron');
    });
  });
}
