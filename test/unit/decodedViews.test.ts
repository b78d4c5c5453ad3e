import { strict as assert } from 'node:assert';
import { encode as cborEncode } from 'cbor-x';
import { silentLogger } from '../../src/extension/base/logger';
import { Connection } from '../../src/extension/connection/connection';
import { SparkplugState } from '../../src/extension/decoders/sparkplugState';
import { ViewDecoder } from '../../src/extension/decoders/viewDecoder';
import { LogViewHost, NO_LOG_VIEW_ACTIONS } from '../../src/extension/log/logViewHost';
import type { MessageDto } from '../../src/shared/log/logProtocol';
import { formatPayload } from '../../src/shared/payload/payloadFormat';
import type { ResponseMessage } from '../../src/shared/ipc/envelope';
import type { HostToLogView } from '../../src/shared/log/logViewProtocols';
import type { RowDto } from '../../src/shared/log/rowDto';
import { fixtureDecoder, sparkplugCodec } from '../harness/decoderFixtures';

const codec = sparkplugCodec();
/** The protobuf, Sparkplug B and CBOR bindings of the fixtures. */
const decoder = fixtureDecoder(3);

/** A log view's host on a connection that never connects, decoding as ConnectionDecodings would set it up. */
function setup(actions = NO_LOG_VIEW_ACTIONS) {
  const connection = new Connection(
    { source: 'user', profile: { name: 'p', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: true, period: 1000 }, subscriptions: [] } },
    { maxMessages: 1000, maxBytes: 1 << 20 },
    silentLogger,
  );
  const state = new SparkplugState(codec.payloadType);
  connection.decoding = { view: new ViewDecoder(decoder, state), observe: (topic, payload, seq) => { state.observe(topic, payload, seq); }, rebirth: () => ({ topic: 'spBv1.0/g/NCMD/n', payload: new Uint8Array([1]) }) };
  const posts: HostToLogView[] = [];
  const host = new LogViewHost(connection, (m) => {
    posts.push(m);
    return Promise.resolve(true);
  }, silentLogger, actions);
  let id = 0;
  const reply = async (method: string, params: unknown): Promise<ResponseMessage> => {
    const mine = ++id;
    await host.receive({ kind: 'request', id: mine, method, params });
    const response = posts.find((m): m is ResponseMessage => m.kind === 'response' && m.id === mine);
    assert.ok(response, `no reply to ${method}`);
    return response;
  };
  const append = (topic: string, payload: Uint8Array): number => connection.store.append(topic, Buffer.from(payload), 0, false, false, undefined, 0);
  return { connection, host, reply, append };
}

const telemetry = (json: unknown): Uint8Array => {
  const r = decoder.encode('factory/a/telemetry', JSON.stringify(json));
  assert.ok(r && 'payload' in r);
  return r.payload;
};

async function rows(reply: (method: string, params: unknown) => Promise<ResponseMessage>): Promise<RowDto[]> {
  return ((await reply('log/page/get', { from: 0, count: 100 })).result as { rows: RowDto[] }).rows;
}

describe('decoded payloads in the log view (host side)', () => {
  it('gives a row of a bound topic its decoded preview as compact JSON with its format', async () => {
    const { host, reply, append } = setup();
    append('factory/a/telemetry', telemetry({ device: 'd1', temperature: 21.5 }));
    const [row] = await rows(reply);
    assert.equal(row?.decoded?.format, 'protobuf');
    assert.match(row.decoded.text, /^\{.*"device":"d1","temperature":21\.5/);
    host.dispose();
  });

  it('gives a row of an unbound topic no decoded preview', async () => {
    const { host, reply, append } = setup();
    append('plain/text', new TextEncoder().encode('hello'));
    const [row] = await rows(reply);
    assert.equal(row?.decoded, undefined);
    host.dispose();
  });

  it('marks the preview of a payload that does not decode as failed, in words', async () => {
    const { host, reply, append } = setup();
    append('sensors/cbor/x', new Uint8Array([0xb9, 0x00]));
    const [row] = await rows(reply);
    assert.equal(row?.decoded?.failed, true);
    assert.match(row.decoded.text, /^cbor decode error: /);
    host.dispose();
  });

  it('cuts a long decoded preview to 256 characters', async () => {
    const { host, reply, append } = setup();
    append('sensors/cbor/x', cborEncode({ text: 'x'.repeat(1000) }));
    const [row] = await rows(reply);
    assert.equal(row?.decoded?.text.length, 256);
    host.dispose();
  });

  it('gives the opened message of a bound topic its decoded value', async () => {
    const { host, reply, append } = setup();
    const seq = append('sensors/cbor/x', cborEncode({ t: 3, ok: true }));
    const message = ((await reply('log/message/get', { seq })).result as { message: MessageDto }).message;
    assert.deepEqual(message.decoded, { format: 'cbor', value: { t: 3, ok: true } });
    host.dispose();
  });

  it('opens the Decoded view in an editor tab as pretty JSON', async () => {
    const opened: [string, string][] = [];
    const { host, reply, append } = setup({ ...NO_LOG_VIEW_ACTIONS, openDocument: (content, language) => { opened.push([content, language]); return Promise.resolve(); } });
    const seq = append('sensors/cbor/x', cborEncode({ t: 3 }));
    await reply('log/message/open', { seq, view: 'decoded' });
    assert.deepEqual(opened, [[JSON.stringify({ t: 3 }, null, 2), 'json']]);
    host.dispose();
  });

  it('copies a bound topic\'s message decoded, as pretty JSON', async () => {
    const copied: string[] = [];
    const { host, reply, append } = setup({ ...NO_LOG_VIEW_ACTIONS, copyToClipboard: (text) => { copied.push(text); return Promise.resolve(); } });
    const seq = append('factory/a/telemetry', telemetry({ device: 'd1', temperature: 21.5 }));
    await reply('log/message/copy', { seq, what: 'decoded' });
    const value = JSON.parse(copied[0] ?? 'null') as { device?: string; temperature?: number };
    assert.deepEqual({ copies: copied.length, device: value.device, temperature: value.temperature, pretty: copied[0]?.includes('\n  "device": "d1"') }, { copies: 1, device: 'd1', temperature: 21.5, pretty: true });
    host.dispose();
  });

  it('copies a bound topic\'s raw bytes as base64', async () => {
    const copied: string[] = [];
    const { host, reply, append } = setup({ ...NO_LOG_VIEW_ACTIONS, copyToClipboard: (text) => { copied.push(text); return Promise.resolve(); } });
    const bytes = telemetry({ device: 'd1' });
    const seq = append('factory/a/telemetry', bytes);
    await reply('log/message/copy', { seq, what: 'base64' });
    assert.deepEqual(copied, [Buffer.from(bytes).toString('base64')]);
    host.dispose();
  });

  it('copies a bound topic\'s raw bytes as the Hex view shows them', async () => {
    const copied: string[] = [];
    const { host, reply, append } = setup({ ...NO_LOG_VIEW_ACTIONS, copyToClipboard: (text) => { copied.push(text); return Promise.resolve(); } });
    const bytes = new Uint8Array([0x0a, 0x02, 0x64, 0x31]);
    const seq = append('factory/a/telemetry', bytes);
    await reply('log/message/copy', { seq, what: 'hex' });
    // The Hex view's own formatter (src/shared/payload/payloadFormat.ts), which the detail pane shows.
    const shown = formatPayload(bytes, 'hex');
    assert.deepEqual([copied, shown.ok && shown.text.startsWith('00000000  0a 02 64 31')], [[shown.ok ? shown.text : ''], true]);
    host.dispose();
  });

  it('refuses in words to copy decoded a payload that does not decode, and copies nothing', async () => {
    const copied: string[] = [];
    const { host, reply, append } = setup({ ...NO_LOG_VIEW_ACTIONS, copyToClipboard: (text) => { copied.push(text); return Promise.resolve(); } });
    const seq = append('sensors/cbor/x', new Uint8Array([0xb9, 0x00]));
    const response = await reply('log/message/copy', { seq, what: 'decoded' });
    assert.deepEqual({ error: /^This payload did not decode: /.test(response.error ?? ''), copied }, { error: true, copied: [] });
    host.dispose();
  });

  it('says at which byte an opened protobuf payload is truncated', async () => {
    const { host, reply, append } = setup();
    const seq = append('factory/a/telemetry', telemetry({ device: 'a-long-device-name' }).subarray(0, 5));
    const message = ((await reply('log/message/get', { seq })).result as { message: MessageDto }).message;
    assert.match(message.decoded?.error ?? '', /truncated or corrupt at byte \d+/);
    host.dispose();
  });

  it('names the edge node to ask for a rebirth when Sparkplug data arrives before any birth', async () => {
    const { host, reply, append } = setup();
    const P = codec.payloadType;
    const seq = append('spBv1.0/plant/NDATA/press', P.encode(P.fromObject({ seq: 4, metrics: [{ alias: 5, doubleValue: 1 }] })).finish());
    const message = ((await reply('log/message/get', { seq })).result as { message: MessageDto }).message;
    assert.deepEqual(message.decoded?.rebirth, { groupId: 'plant', edgeNodeId: 'press' });
    host.dispose();
  });

  it('finds a bound topic by "payload contains" on its decoded text', async () => {
    const { host, reply, append } = setup();
    append('factory/a/telemetry', telemetry({ device: 'boiler-7' }));
    append('factory/b/telemetry', telemetry({ device: 'pump-2' }));
    await reply('log/filter/set', { filter: { text: 'BOILER' } });
    const found = await rows(reply);
    assert.deepEqual(found.map((r) => r.topic), ['factory/a/telemetry']);
    host.dispose();
  });

  it('matches a regular expression against the decoded text of a bound topic', async () => {
    const { host, reply, append } = setup();
    append('sensors/cbor/a', cborEncode({ temperature: 99 }));
    append('sensors/cbor/b', cborEncode({ temperature: 12 }));
    await reply('log/filter/set', { filter: { text: '"temperature":9\\d', regex: true } });
    assert.deepEqual((await rows(reply)).map((r) => r.topic), ['sensors/cbor/a']);
    host.dispose();
  });

  it('still searches the raw text of unbound topics when bound ones are searched decoded', async () => {
    const { host, reply, append } = setup();
    append('plain/a', new TextEncoder().encode('needle here'));
    append('sensors/cbor/a', cborEncode({ other: 1 }));
    await reply('log/filter/set', { filter: { text: 'needle', matchCase: true } });
    assert.deepEqual((await rows(reply)).map((r) => r.topic), ['plain/a']);
    host.dispose();
  });

  it('tells the publish panel the format bound to a topic', async () => {
    const { host, reply } = setup();
    assert.deepEqual((await reply('publish/binding/get', { topic: 'factory/l1/telemetry' })).result, { format: 'protobuf' });
    host.dispose();
  });

  it('tells the publish panel that an unbound topic has no format', async () => {
    const { host, reply } = setup();
    assert.deepEqual((await reply('publish/binding/get', { topic: 'plain/a' })).result, {});
    host.dispose();
  });

  it('refuses an encoded publish whose JSON does not fit the schema, naming the field', async () => {
    const { host, reply } = setup();
    const response = await reply('mqtt/publish', { topic: 'factory/a/telemetry', payload: '{"temperature": "hot"}', encoding: 'utf8', qos: 0, retain: false, encode: true });
    assert.equal(response.error, 'Payload as Protobuf: telemetry.temperature: expected a number');
    host.dispose();
  });

  it('copies an encoded draft as a command that sends the encoded bytes', async () => {
    const copied: string[] = [];
    const { host, reply } = setup({ ...NO_LOG_VIEW_ACTIONS, copyToClipboard: (text) => { copied.push(text); return Promise.resolve(); } });
    await reply('publish/copyAsCommand', { publish: { topic: 'sensors/cbor/a', payload: '{"a":1}', encoding: 'utf8', qos: 0, retain: false, encode: true }, tool: 'mosquitto_pub' });
    // The binding's CBOR of {"a":1} (a map of one entry), binary, so the command sends it through printf.
    assert.equal(copied[0], "printf '\\271\\000\\001aa\\001' | mosquitto_pub -h 127.0.0.1 -p 1 -V mqttv5 -t sensors/cbor/a -q 0 -s");
    host.dispose();
  });

  it('says in words that Request Rebirth needs a Sparkplug B binding', async () => {
    const { connection, host, reply } = setup();
    connection.decoding = { view: new ViewDecoder(decoder) };
    assert.match((await reply('decoders/rebirth', { groupId: 'g', edgeNodeId: 'n' })).error ?? '', /^Request Rebirth needs a Sparkplug B decoder: add/);
    host.dispose();
  });

  it('refuses a rebirth request for a group id with a topic separator', async () => {
    const { host, reply } = setup();
    assert.equal((await reply('decoders/rebirth', { groupId: 'a/b', edgeNodeId: 'n' })).error, 'The extension refused a malformed "decoders/rebirth" request.');
    host.dispose();
  });
});
