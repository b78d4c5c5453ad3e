import { strict as assert } from 'node:assert';
import { CommandLineError } from '../../src/extension/commandLine/commandTarget';
import { draftAsCommand, messageAsCommand } from '../../src/extension/commandLine/messageCommand';
import { printfPayload } from '../../src/extension/commandLine/printfPayload';
import { MAX_COMMAND_PAYLOAD_BYTES, publishCommand } from '../../src/extension/commandLine/publishCommand';
import { shellQuote } from '../../src/extension/commandLine/shellQuote';
import { shellWords, simpleCommands } from '../../src/extension/commandLine/shellWords';
import { subscribeCommand } from '../../src/extension/commandLine/subscribeCommand';
import type { Profile } from '../../src/extension/profiles/profile';
import { testProfile } from '../harness/connectionHelpers';

const profile = (extra: Partial<Profile> = {}, url = 'mqtt://broker.example:1883'): Profile => testProfile(url, '5.0', extra);
/** The words of the command's last simple command, as the shell would pass them (comments dropped). */
const argv = (command: string): string[] => (simpleCommands(shellWords(command)).at(-1) ?? []).map((w) => w.text);
const notes = (command: string): string[] => command.split('\n').filter((l) => l.startsWith('# '));
const text = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('Copy as a command: the builders', () => {
  describe('shellQuote', () => {
    it('leaves plain words bare', () => {
      assert.equal(shellQuote('sensors/+/temp'), 'sensors/+/temp');
    });
    it('single-quotes a word with a quote, $ and backticks so the shell reads it back unchanged', () => {
      const word = `it's $HOME \`id\` "x"`;
      assert.deepEqual(argv(`x ${shellQuote(word)}`), ['x', word]);
    });
    it('quotes the empty word', () => {
      assert.equal(shellQuote(''), "''");
    });
    it('quotes a word starting with # or ~', () => {
      assert.deepEqual([shellQuote('#'), shellQuote('~x')], ["'#'", "'~x'"]);
    });
  });

  describe('printfPayload', () => {
    it('writes bytes outside printable ASCII as three-digit octal escapes', () => {
      assert.equal(printfPayload(Uint8Array.from([0, 10, 255])), "printf '\\000\\012\\377'");
    });
    it('doubles % and \\ and escapes the single quote', () => {
      assert.equal(printfPayload(text(`%'\\`)), "printf '%%\\047\\\\'");
    });
  });

  describe('mosquitto_pub', () => {
    it('publishes a text payload with -m, topic, QoS and retain', () => {
      assert.deepEqual(argv(publishCommand({ topic: 'a/b', payload: text('hi there'), qos: 1, retain: true }, 'mosquitto_pub')), ['mosquitto_pub', '-V', 'mqttv5', '-t', 'a/b', '-q', '1', '-r', '-m', 'hi there']);
    });
    it('pipes a payload with a NUL byte from printf into -s', () => {
      const command = publishCommand({ topic: 't', payload: Uint8Array.from([0x61, 0x00]), qos: 0, retain: false }, 'mosquitto_pub');
      assert.match(command, /^printf 'a\\000' \| mosquitto_pub .* -s$/);
    });
    it('sends an empty payload with -n', () => {
      assert.equal(argv(publishCommand({ topic: 't', payload: new Uint8Array(), qos: 0, retain: false }, 'mosquitto_pub')).at(-1), '-n');
    });
    it('connects like the profile: host, port and the user name with the password from $MQTT_PASSWORD, never its value', () => {
      const command = publishCommand({ topic: 't', payload: text('x'), qos: 0, retain: false }, 'mosquitto_pub', { profile: profile({ auth: { username: 'alice' } }) });
      assert.ok(command.includes('-h broker.example -p 1883 -u alice -P "$MQTT_PASSWORD"'), command);
    });
    it('leaves the profile\'s client id out (it would take over the profile\'s session)', () => {
      const command = publishCommand({ topic: 't', payload: text('x'), qos: 0, retain: false }, 'mosquitto_pub', { profile: profile({ clientId: 'mine' }) });
      assert.ok(!command.includes('mine'));
    });
    it('turns TLS on with the CA file, the client certificate and key resolved against the profile\'s folder', () => {
      const p = profile({ tls: { enabled: true, ca: 'certs/ca.pem', cert: '/abs/c.pem', key: '/abs/c.key', insecureSkipVerify: false } }, 'mqtts://broker.example:8883');
      const args = argv(publishCommand({ topic: 't', payload: text('x'), qos: 0, retain: false }, 'mosquitto_pub', { profile: p, folder: '/work/project' }));
      assert.deepEqual(args.slice(5, 11), ['--cafile', '/work/project/certs/ca.pem', '--cert', '/abs/c.pem', '--key', '/abs/c.key']);
    });
    it('uses the system CAs when a TLS profile names no CA file', () => {
      assert.ok(argv(publishCommand({ topic: 't', payload: text('x'), qos: 0, retain: false }, 'mosquitto_pub', { profile: profile({}, 'mqtts://b:8883') })).includes('--tls-use-os-certs'));
    });
    it('writes each MQTT 5 property as -D publish', () => {
      const args = argv(publishCommand({ topic: 't', payload: text('x'), qos: 0, retain: false, properties: { contentType: 'text/plain', userProperties: [['k', 'v w']] } }, 'mosquitto_pub'));
      assert.deepEqual(args.slice(7, 15), ['-D', 'publish', 'content-type', 'text/plain', '-D', 'publish', 'user-property', 'k']);
    });
    it('names binary correlation data it leaves out in a comment line', () => {
      const command = publishCommand({ topic: 't', payload: text('x'), qos: 0, retain: false, properties: { correlationData: Uint8Array.from([0, 1]) } }, 'mosquitto_pub');
      assert.equal(notes(command).length, 1);
    });
    it('leaves MQTT 5 properties out, with a note, for an MQTT 3.1.1 profile', () => {
      const command = publishCommand({ topic: 't', payload: text('x'), qos: 0, retain: false, properties: { contentType: 'a' } }, 'mosquitto_pub', { profile: testProfile('mqtt://b', '3.1.1') });
      assert.deepEqual([command.includes('-D'), notes(command).length], [false, 1]);
    });
    it('notes that mosquitto_pub has no WebSocket for a ws:// profile', () => {
      const command = publishCommand({ topic: 't', payload: text('x'), qos: 0, retain: false }, 'mosquitto_pub', { profile: profile({}, 'ws://b:8080/mqtt') });
      assert.match(notes(command)[0] ?? '', /WebSocket/);
    });
    it('refuses a payload larger than a command line should carry, in words', () => {
      assert.throws(() => publishCommand({ topic: 't', payload: new Uint8Array(MAX_COMMAND_PAYLOAD_BYTES + 1), qos: 0, retain: false }, 'mosquitto_pub'), (e: unknown) => e instanceof CommandLineError && /mosquitto_pub -f/.test(e.message));
    });
  });

  // mqttx is not installed on the test machine: its commands are checked here structurally only
  // (the option names follow emqx/MQTTX cli/src/index.ts); mosquitto_pub's are run in test/broker/copiedCommands.test.ts.
  describe('mqttx pub (structure only: mqttx is not installed here)', () => {
    it('publishes a text payload with -m, topic, QoS, retain and MQTT version 5', () => {
      assert.deepEqual(argv(publishCommand({ topic: 'a/b', payload: text('hi'), qos: 2, retain: true }, 'mqttx')), ['mqttx', 'pub', '-V', '5', '-t', 'a/b', '-q', '2', '-r', '-m', 'hi']);
    });
    it('pipes a binary payload from printf into -s', () => {
      assert.match(publishCommand({ topic: 't', payload: Uint8Array.from([0xff]), qos: 0, retain: false }, 'mqttx'), /^printf '\\377' \| mqttx pub .* -s$/);
    });
    it('writes the MQTT 5 properties with mqttx\'s options', () => {
      const args = argv(
        publishCommand(
          { topic: 't', payload: text('x'), qos: 0, retain: false, properties: { payloadFormatIndicator: 1, messageExpiryInterval: 60, responseTopic: 'r', correlationData: text('c'), contentType: 'ct', userProperties: [['k', 'v']] } },
          'mqttx',
        ),
      );
      assert.deepEqual(args.slice(8, -2), ['-pf', '-e', '60', '-rt', 'r', '-cd', 'c', '-ct', 'ct', '-up', 'k: v']);
    });
    it('connects over WebSocket with -l, --path and the headers', () => {
      const args = argv(publishCommand({ topic: 't', payload: text('x'), qos: 0, retain: false }, 'mqttx', { profile: profile({ websocket: { path: '/mqtt', headers: { 'X-Key': 'k' } } }, 'wss://b:8084') }));
      assert.deepEqual(args.slice(2, 12), ['-h', 'b', '-p', '8084', '-l', 'wss', '--path', '/mqtt', '-wh', 'X-Key: k']);
    });
    it('passes insecureSkipVerify as --insecure', () => {
      const p = profile({ tls: { enabled: true, insecureSkipVerify: true } }, 'mqtts://b:8883');
      assert.ok(argv(publishCommand({ topic: 't', payload: text('x'), qos: 0, retain: false }, 'mqttx', { profile: p })).includes('--insecure'));
    });
  });

  describe('messageAsCommand and draftAsCommand', () => {
    it('reads a received message\'s properties as mqtt.js decodes them (boolean format indicator, Buffer correlation data, repeated user properties)', () => {
      const args = argv(messageAsCommand({ topic: 't', payload: text('x'), qos: 0, retain: false, properties: { payloadFormatIndicator: true, correlationData: Buffer.from('id'), userProperties: { k: ['a', 'b'] } } }, 'mosquitto_pub'));
      assert.deepEqual(args.slice(7, -2), ['-D', 'publish', 'payload-format-indicator', '1', '-D', 'publish', 'correlation-data', 'id', '-D', 'publish', 'user-property', 'k', 'a', '-D', 'publish', 'user-property', 'k', 'b']);
    });
    it('leaves out the broker\'s topic alias and subscription identifier of a received message', () => {
      const command = messageAsCommand({ topic: 't', payload: text('x'), qos: 0, retain: false, properties: { topicAlias: 2, subscriptionIdentifier: 4 } }, 'mosquitto_pub');
      assert.ok(!command.includes('-D'));
    });
    it('decodes a hex draft into the bytes it stands for', () => {
      assert.match(draftAsCommand({ topic: 't', payload: '00ff', encoding: 'hex', qos: 0, retain: false }, 'mosquitto_pub'), /^printf '\\000\\377'/);
    });
    it('refuses a draft whose hex does not decode, in words', () => {
      assert.throws(() => draftAsCommand({ topic: 't', payload: 'abc', encoding: 'hex', qos: 0, retain: false }, 'mosquitto_pub'), (e: unknown) => e instanceof CommandLineError && /odd number/.test(e.message));
    });
  });

  describe('mosquitto_sub of a profile', () => {
    const full = profile({
      clientId: 'dev-1',
      clean: false,
      keepalive: 30,
      auth: { username: 'bob' },
      mqtt5: { sessionExpiryInterval: 120, receiveMaximum: 10, userProperties: { team: 'iot' } },
      will: { topic: 'w', payload: 'bye', qos: 1, retain: true, delayInterval: 5 },
      subscriptions: [
        { topic: 'a/#', qos: 1 },
        { topic: 'b/+', qos: 2 },
      ],
    });
    it('has the profile\'s connection, will, CONNECT properties and subscriptions as options', () => {
      assert.deepEqual(argv(subscribeCommand({ profile: full })), [
        'mosquitto_sub', '-h', 'broker.example', '-p', '1883', '-u', 'bob', '-P', '$MQTT_PASSWORD', '-V', 'mqttv5', '-i', 'dev-1', '-c', '-k', '30', '-x', '120',
        '-D', 'connect', 'receive-maximum', '10', '-D', 'connect', 'user-property', 'team', 'iot',
        '--will-topic', 'w', '--will-payload', 'bye', '--will-qos', '1', '--will-retain', '-D', 'will', 'will-delay-interval', '5',
        '-t', 'a/#', '-t', 'b/+', '-q', '2', '-v',
      ]);
    });
    it('says in a comment that one QoS (the highest) applies to every topic when the profile\'s differ', () => {
      assert.ok(notes(subscribeCommand({ profile: full })).some((n) => /one QoS/.test(n)));
    });
    it('names no-local, retain handling and subscription identifiers it cannot express', () => {
      const command = subscribeCommand({ profile: profile({ subscriptions: [{ topic: 'a', qos: 0, noLocal: true, retainHandling: 2, subscriptionIdentifier: 3 }] }) });
      assert.ok(notes(command).some((n) => n.includes('no-local on a') && n.includes('retain handling 2 on a') && n.includes('subscription identifier 3 on a')));
    });
    it('subscribes to # with a note when the profile has no subscriptions', () => {
      const command = subscribeCommand({ profile: profile() });
      assert.deepEqual([argv(command).slice(-3), notes(command).length], [['-t', '#', '-v'], 1]);
    });
    it('raises a keep-alive below mosquitto\'s minimum of 5 to 5, with a note', () => {
      const command = subscribeCommand({ profile: profile({ keepalive: 0 }) });
      assert.deepEqual([argv(command).includes('5'), notes(command).length > 0], [true, true]);
    });
  });
});
