import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_KEYS, LOG_KEYS_WHEN, logKeyHint } from '../../src/shared/logKeys/logKeys';

interface Contributes {
  commands: { command: string }[];
  keybindings: { command: string; key: string; mac?: string; when: string }[];
}
const contributes = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: Contributes }).contributes;

describe('the log view keyboard shortcuts', () => {
  it('package.json binds exactly the keys of LOG_KEYS', () => {
    const bound = contributes.keybindings.filter((k) => k.command.startsWith('tracemq.log.')).map(({ command, key, mac }) => ({ command, key, mac }));
    assert.deepEqual(bound, LOG_KEYS.map(({ command, key, mac }) => ({ command, key, mac })));
  });

  it('every shortcut holds only while a TraceMQ log panel is the focused editor', () => {
    const whens = new Set(contributes.keybindings.filter((k) => k.command.startsWith('tracemq.log.')).map((k) => k.when));
    assert.deepEqual([...whens], [LOG_KEYS_WHEN]);
  });

  it('every shortcut command is contributed', () => {
    const commands = new Set(contributes.commands.map((c) => c.command));
    assert.deepEqual(LOG_KEYS.filter((k) => !commands.has(k.command)), []);
  });

  it('a tooltip hint names the keys of its action', () => {
    assert.equal(logKeyHint('togglePause'), '(Ctrl+Alt+P)');
  });
});
