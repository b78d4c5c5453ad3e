import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { draftAsCommand, messageAsCommand } from '../../src/extension/commandLine/messageCommand';
import { publishCommand } from '../../src/extension/commandLine/publishCommand';
import { subscribeCommand } from '../../src/extension/commandLine/subscribeCommand';
import type { Profile } from '../../src/extension/profiles/profile';
import { testProfile, uniqueId } from '../harness/connectionHelpers';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../harness/mosquitto';
import { mosquittoSub, startSubscriber, type MosquittoSub, type Subscriber } from '../harness/mosquittoSub';

/**
 * Each copied command is run by a real shell (`bash -c`) against mosquitto, and what arrives is read
 * by the C reference subscriber: bytes (as hex), topic, QoS, retain and MQTT 5 properties must be
 * the ones copied. The password travels through $MQTT_PASSWORD, as the copied command expects.
 * (mqttx is not installed here: its commands are checked structurally in test/unit/commandBuilders.test.ts.)
 */
describe('Copied commands run in a real shell against mosquitto', function () {
  const password = `pa$$ "w'o\`rd"`;
  let broker: Mosquitto;
  let profile: Profile;

  before(async () => {
    broker = await startMosquitto({ users: { alice: password } });
    profile = testProfile(broker.url, '5.0', { auth: { username: 'alice' } });
  });
  after(async () => {
    await broker.stop();
  });

  const shell = (command: string): string => execFileSync('bash', ['-c', command], { env: { ...process.env, MQTT_PASSWORD: password }, timeout: 10_000 }).toString();
  /** %t topic, %x payload hex, %q QoS, %r retain, %C content type, %F payload format, %E expiry, %R response topic, %D correlation data, %P user properties. */
  const FORMAT = '%t|%x|%q|%r|%C|%F|%E|%R|%D|%P';
  const subscribe = (topic: string): Promise<MosquittoSub> =>
    mosquittoSub(broker, topic, { user: { username: 'alice', password }, version: '5', qos: 2, retainAsPublished: true, format: FORMAT });

  const binary = Buffer.concat([
    Buffer.from([0x00, 0x01, 0x0a, 0x0d, 0x1b, 0x7f, 0x80, 0xff, 0x00]),
    Buffer.from(`'"$HOME \`id\` $(id) \\ % %s \\0101 \n end`, 'utf8'),
    Buffer.from([0xc3, 0x28, 0x00]),
  ]);

  it('mosquitto_pub of a binary message (NUL, quotes, $, backticks, newlines, invalid UTF-8) delivers the same bytes', async () => {
    const topic = `copy/${uniqueId('bin')}`;
    const sub = await subscribe(topic);
    shell(publishCommand({ topic, payload: binary, qos: 1, retain: false }, 'mosquitto_pub', { profile }));
    const [t, hex, qos] = await sub.fields();
    assert.deepEqual([t, hex, qos], [topic, binary.toString('hex'), '1']);
  });

  it('the binary mosquitto_pub command delivers the same bytes under dash, a strict POSIX sh, too', async () => {
    const topic = `copy/${uniqueId('dash')}`;
    const sub = await subscribe(topic);
    execFileSync('dash', ['-c', publishCommand({ topic, payload: binary, qos: 1, retain: false }, 'mosquitto_pub', { profile })], { env: { ...process.env, MQTT_PASSWORD: password }, timeout: 10_000 });
    assert.equal((await sub.fields())[1], binary.toString('hex'));
  });

  it('mosquitto_pub of a text message with quotes, $, backticks and newlines delivers the same bytes', async () => {
    const topic = `copy/${uniqueId('text')}`;
    const text = Buffer.from(`{"msg": "it's $HOME and \`whoami\` and $(id)",\n "tab":"\t", "€": "ünïcödé"}\n`, 'utf8');
    const sub = await subscribe(topic);
    const command = publishCommand({ topic, payload: text, qos: 0, retain: false }, 'mosquitto_pub', { profile });
    assert.ok(command.includes(' -m '), 'a text payload travels as -m');
    shell(command);
    assert.equal((await sub.fields())[1], text.toString('hex'));
  });

  it('mosquitto_pub of a message with a topic holding spaces, quotes and $ publishes to that topic', async () => {
    const topic = `copy/${uniqueId('odd')}/it's a "$topic" \`x\``;
    const sub = await subscribe(topic);
    shell(publishCommand({ topic, payload: Buffer.from('x'), qos: 0, retain: false }, 'mosquitto_pub', { profile }));
    assert.equal((await sub.fields())[0], topic);
  });

  it('mosquitto_pub of a retained QoS 2 message with every MQTT 5 property mosquitto_pub supports delivers them all', async () => {
    const topic = `copy/${uniqueId('props')}`;
    const sub = await subscribe(topic);
    const received = {
      topic,
      payload: Buffer.from('{"on":true}'),
      qos: 2 as const,
      retain: true,
      properties: {
        contentType: 'application/json; charset="utf-8"',
        payloadFormatIndicator: true,
        messageExpiryInterval: 3600,
        responseTopic: `${topic}/reply`,
        correlationData: Buffer.from('req $1'),
        userProperties: { origin: 'it\'s "me"', tag: ['a b', 'c$d'] },
        topicAlias: 3,
        subscriptionIdentifier: 9,
      },
    };
    shell(messageAsCommand(received, 'mosquitto_pub', { profile }));
    const [t, hex, qos, retain, contentType, pfi, expiry, responseTopic, correlation, user] = await sub.fields();
    assert.deepEqual([t, hex, qos, retain, contentType, pfi, responseTopic, correlation], [topic, received.payload.toString('hex'), '2', '1', 'application/json; charset="utf-8"', '1', `${topic}/reply`, 'req $1']);
    assert.ok(Number(expiry) > 3500 && Number(expiry) <= 3600, `message expiry ${String(expiry)}`);
    assert.equal(user, 'origin:it\'s "me" tag:a b tag:c$d');
    mosquittoPub(broker.port, ['-u', 'alice', '-P', password, '-t', topic, '-r', '-n']);
  });

  it('mosquitto_pub of a publish-panel draft in base64 delivers the decoded bytes', async () => {
    const topic = `copy/${uniqueId('draft')}`;
    const sub = await subscribe(topic);
    shell(draftAsCommand({ topic, payload: binary.toString('base64'), encoding: 'base64', qos: 1, retain: false, properties: { userProperties: [['k', 'v']] } }, 'mosquitto_pub', { profile }));
    const out = await sub.fields();
    assert.deepEqual([out[1], out[9]], [binary.toString('hex'), 'k:v'], `mosquitto_sub printed: ${out.join('|')}`);
  });

  it('mosquitto_pub of an empty payload delivers an empty message', async () => {
    const topic = `copy/${uniqueId('empty')}`;
    const sub = await subscribe(topic);
    shell(publishCommand({ topic, payload: new Uint8Array(0), qos: 0, retain: false }, 'mosquitto_pub', { profile }));
    assert.deepEqual((await sub.fields()).slice(0, 2), [topic, '']);
  });

  describe('mosquitto_sub of a profile', () => {
    /** Runs the copied command (plus -C 1 so it exits after one message) until the broker logged its subscriptions. */
    function runSubscribe(p: Profile, topics: string[]): Promise<Subscriber> {
      return startSubscriber(broker, ['bash', '-c', `${subscribeCommand({ profile: p })} -C 1 -W 10`], { clientId: p.clientId ?? '', topics, env: { ...process.env, MQTT_PASSWORD: password } });
    }

    it('connects with the profile\'s client id, MQTT 5, clean start off, keep-alive and user name, with the password from $MQTT_PASSWORD', async () => {
      const clientId = uniqueId('subcmd');
      const p = testProfile(broker.url, '5.0', { clientId, clean: false, keepalive: 23, auth: { username: 'alice' }, mqtt5: { sessionExpiryInterval: 60 }, subscriptions: [{ topic: `s/${clientId}`, qos: 1 }] });
      const run = await runSubscribe(p, [`s/${clientId}`]);
      await broker.waitForLog(new RegExp(`as ${clientId} \\(p5, c0, k23, u'alice'\\)`));
      mosquittoPub(broker.port, ['-u', 'alice', '-P', password, '-t', `s/${clientId}`, '-m', 'done']);
      await run.exited();
    });

    it('subscribes to each of the profile\'s topics and prints what arrives with its topic', async () => {
      const clientId = uniqueId('subtopics');
      const topics = [`a/${clientId}/#`, `b/${clientId}/+/x`];
      const p = testProfile(broker.url, '5.0', { clientId, auth: { username: 'alice' }, subscriptions: [{ topic: topics[0] ?? '', qos: 2 }, { topic: topics[1] ?? '', qos: 2 }] });
      const run = await runSubscribe(p, topics);
      mosquittoPub(broker.port, ['-u', 'alice', '-P', password, '-t', `b/${clientId}/7/x`, '-m', 'hello there']);
      assert.equal((await run.exited()).trim(), `b/${clientId}/7/x hello there`);
    });

    it('sends the profile\'s will, which arrives when the session ends abnormally', async () => {
      const clientId = uniqueId('subwill');
      const willTopic = `w/${clientId}`;
      const watcher = await mosquittoSub(broker, willTopic, { user: { username: 'alice', password }, version: '5', qos: 1, format: '%t|%p|%q|%P' });
      const p = testProfile(broker.url, '5.0', { clientId, auth: { username: 'alice' }, will: { topic: willTopic, payload: 'gone "away"', qos: 1, retain: false, userProperties: { why: 'test' } }, subscriptions: [{ topic: `s/${clientId}`, qos: 0 }] });
      const child = spawn('bash', ['-c', `exec ${subscribeCommand({ profile: p })}`], { env: { ...process.env, MQTT_PASSWORD: password }, stdio: 'ignore' });
      await broker.waitForLog(new RegExp(`${clientId} 0 s/${clientId}`));
      child.kill('SIGKILL');
      assert.deepEqual(await watcher.fields(), [willTopic, 'gone "away"', '1', 'why:test']);
    });
  });
});
