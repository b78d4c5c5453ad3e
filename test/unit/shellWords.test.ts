import { strict as assert } from 'node:assert';
import { shellWords, simpleCommands, ShellSyntaxError, type ShellWord } from '../../src/extension/commandLine/shellWords';

const words = (input: string): string[] => shellWords(input).map((t) => (t.kind === 'word' ? t.text : `<${t.text}>`));

describe('shellWords (POSIX shell word splitting, no expansion)', () => {
  it('splits on blanks', () => {
    assert.deepEqual(words('mosquitto_sub  -h\tlocalhost -t a'), ['mosquitto_sub', '-h', 'localhost', '-t', 'a']);
  });
  it('keeps everything inside single quotes literally, backslashes and $ included', () => {
    assert.deepEqual(words(`-t 'a b\\c $HOME "x"'`), ['-t', 'a b\\c $HOME "x"']);
  });
  it('reads backslash escapes inside double quotes only before $, `, ", \\ and newline', () => {
    assert.deepEqual(words(`"a\\"b \\$c \\n d\\\\"`), ['a"b $c \\n d\\']);
  });
  it('joins quoted and unquoted parts of one word', () => {
    assert.deepEqual(words(`-m 'it'\\''s'"!"`), ['-m', "it's!"]);
  });
  it('treats backslash-newline as a line continuation', () => {
    assert.deepEqual(words('mosquitto_sub -h host \\\n  -t a'), ['mosquitto_sub', '-h', 'host', '-t', 'a']);
  });
  it('drops a comment that starts a word', () => {
    assert.deepEqual(words('mosquitto_sub -t a#b # a comment'), ['mosquitto_sub', '-t', 'a#b']);
  });
  it('marks a word with a parameter expansion and keeps it as written', () => {
    const [, word] = shellWords('-P "$MQTT_PASSWORD"') as ShellWord[];
    assert.deepEqual([word?.text, word?.expands], ['$MQTT_PASSWORD', true]);
  });
  it('does not mark a single-quoted $ as an expansion', () => {
    const [word] = shellWords(`'$x'`) as ShellWord[];
    assert.equal(word?.expands, false);
  });
  it('returns pipes, lists and newlines as operators', () => {
    assert.deepEqual(words('printf x | mosquitto_pub -s && echo ok; ls\nid'), ['printf', 'x', '<|>', 'mosquitto_pub', '-s', '<&&>', 'echo', 'ok', '<;>', 'ls', '<\n>', 'id']);
  });
  it('refuses an unterminated single quote, saying where it opens', () => {
    assert.throws(() => shellWords(`-t 'abc`), (e: unknown) => e instanceof ShellSyntaxError && e.offset === 3 && /single quote/.test(e.message));
  });
  it('refuses an unterminated double quote', () => {
    assert.throws(() => shellWords('-t "abc'), /double quote/);
  });
  it('simpleCommands splits at operators and drops redirections with their targets and file descriptors', () => {
    const commands = simpleCommands(shellWords('printf x | mosquitto_pub -s -t a 2>/dev/null > out.txt; echo done')).map((c) => c.map((w) => w.text));
    assert.deepEqual(commands, [['printf', 'x'], ['mosquitto_pub', '-s', '-t', 'a'], ['echo', 'done']]);
  });
});
