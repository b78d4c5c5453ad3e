import { strict as assert } from 'node:assert';
import type { IPublishPacket } from 'mqtt';
import { silentLogger } from '../../src/extension/base/logger';
import type { LoadedBinding } from '../../src/extension/decoders/bindingCodecLoader';
import { Connection } from '../../src/extension/connection/connection';
import { PayloadDecoder } from '../../src/extension/decoders/payloadDecoder';
import { ViewDecoder } from '../../src/extension/decoders/viewDecoder';
import { LogViewHost } from '../../src/extension/log/logViewHost';
import type { NotifyMessage, ResponseMessage } from '../../src/shared/ipc/envelope';
import type { HostToLogView } from '../../src/shared/log/logViewProtocols';
import type { RowDto } from '../../src/shared/log/rowDto';
import { binding, loadFixtureBindings } from '../harness/decoderFixtures';
import type { ConnectionManager } from '../../src/extension/connection/connectionManager';
import { MessageReceiver } from '../../src/extension/connection/messageReceiver';
import { MessageWatchers } from '../../src/extension/connection/messageWatchers';
import { SubscriptionBook } from '../../src/extension/connection/subscriptionBook';
import { ConnectionDecodings } from '../../src/extension/decoders/connectionDecoding';
import type { DecoderBindings } from '../../src/extension/decoders/decoderBindings';
import { MessageStore } from '../../src/extension/store/messageStore';
import { TopicIndex } from '../../src/extension/topics/topicIndex';

const PACKET = { cmd: 'publish', qos: 0, dup: false, retain: false } as unknown as IPublishPacket;

// What a binding costs the host (issue 24: "host CPU per message with bindings ≤ 1.05× without"):
// the topic is matched against the bindings once, not per message, and only rows the view is sent
// are decoded, each once. Counted on the real decoder with its codec and filter wrapped in counters.

/** The protobuf fixture binding on `factory/+/telemetry`, counting its codec's decodes (by payload) and reads of its topic filter (one per match). */
function countingDecoder() {
  const [loaded] = loadFixtureBindings([binding({ topic: 'factory/+/telemetry', format: 'protobuf', proto: 'protos/telemetry.proto', type: 'acme.iot.Telemetry', protoPaths: ['vendor'] })]);
  const inner = loaded?.codec;
  assert.ok(loaded && inner, 'the fixture binding did not load');
  const counts = { decodes: 0, matches: 0 };
  const decoded: Uint8Array[] = [];
  const filter = loaded.binding.topic;
  Object.defineProperty(loaded.binding, 'topic', {
    get: () => {
      counts.matches++;
      return filter;
    },
  });
  const counting: LoadedBinding = {
    ...loaded,
    codec: {
      format: inner.format,
      decode: (payload) => {
        counts.decodes++;
        decoded.push(payload);
        return inner.decode(payload);
      },
      encode: (value) => inner.encode(value),
    },
  };
  return { decoder: new PayloadDecoder([counting]), counts, decoded };
}

/** A following log view (40 rows) on a connection that never connects, with the workspace's decoding. */
function setup() {
  const { decoder, counts, decoded } = countingDecoder();
  const connection = new Connection(
    { source: 'user', profile: { name: 'p', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: true, period: 1000 }, subscriptions: [] } },
    { maxMessages: 100_000, maxBytes: 1 << 30 },
    silentLogger,
  );
  connection.decoding = { view: new ViewDecoder(decoder) };
  const posts: HostToLogView[] = [];
  let waiter: (() => void) | undefined;
  const host = new LogViewHost(connection, (m) => {
    posts.push(m);
    waiter?.();
    return Promise.resolve(true);
  }, silentLogger);
  const nextPost = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error('no post within 1 s')); }, 1000);
      waiter = () => {
        clearTimeout(timer);
        waiter = undefined;
        resolve();
      };
    });
  const reading = decoder.encode('factory/a/telemetry', JSON.stringify({ device: 'd1', temperature: 21.5 }));
  assert.ok(reading && 'payload' in reading);
  const append = (topic: string, n: number): void => {
    for (let i = 0; i < n; i++) connection.store.append(topic, Buffer.from(reading.payload), 0, false, false, undefined, 0);
  };
  let id = 0;
  const page = async (from: number, count: number): Promise<RowDto[]> => {
    const mine = ++id;
    await host.receive({ kind: 'request', id: mine, method: 'log/page/get', params: { from, count } });
    const response = posts.find((m): m is ResponseMessage => m.kind === 'response' && m.id === mine);
    assert.ok(response, 'no reply to log/page/get');
    return (response.result as { rows: RowDto[] }).rows;
  };
  return { host, counts, decoded, posts, nextPost, append, page };
}

const tailRows = (posts: HostToLogView[]): RowDto[] =>
  posts
    .map((m) => m as NotifyMessage | ResponseMessage)
    .filter((m): m is NotifyMessage => m.kind === 'notify' && (m.method === 'log/tail' || m.method === 'log/snapshot'))
    .flatMap((m) => (m.params as { tail: RowDto[] }).tail);

describe('what a decoder binding costs the host', () => {
  it('matches a topic against the bindings once, however many of its rows are posted', async () => {
    const { host, counts, append, page } = setup();
    append('factory/a/telemetry', 100);
    append('factory/b/telemetry', 100);
    append('plain/unbound', 100);
    for (let from = 0; from < 300; from += 50) await page(from, 50);
    assert.equal(counts.matches, 3);
    host.dispose();
  });

  it('decodes no message of a bound topic on the ingest path', () => {
    const { decoder, counts } = countingDecoder();
    const connection = new Connection(
      { source: 'user', profile: { name: 'p', url: 'mqtt://127.0.0.1:1', protocolVersion: '5.0', clean: true, keepalive: 60, connectTimeout: 10, reconnect: { enabled: true, period: 1000 }, subscriptions: [] } },
      { maxMessages: 100_000, maxBytes: 1 << 30 },
      silentLogger,
    );
    // The decoders concern's wiring, as the extension sets it up, over a manager with this one connection.
    const manager = { all: () => [connection], onDidChange: () => ({ dispose: () => undefined }) } as unknown as ConnectionManager;
    const bindings = { decoder, onDidChange: () => ({ dispose: () => undefined }) } as unknown as DecoderBindings;
    const decodings = new ConnectionDecodings(manager, bindings);
    const store = new MessageStore({ maxMessages: 10_000, maxBytes: 1 << 30 });
    const receiver = new MessageReceiver(store, new SubscriptionBook([{ topic: 'factory/#', qos: 0 }]), new MessageWatchers(), new TopicIndex());
    receiver.observer = connection.decoding?.observe;
    const encoded = decoder.encode('factory/a/telemetry', '{"device":"d1"}');
    assert.ok(encoded && 'payload' in encoded);
    const payload = Buffer.from(encoded.payload);
    counts.matches = 0;
    for (let i = 0; i < 5000; i++) receiver.receive('factory/a/telemetry', payload, PACKET);
    assert.deepEqual({ stored: store.size, decodes: counts.decodes, matches: counts.matches }, { stored: 5000, decodes: 0, matches: 0 });
    decodings.dispose();
  });

  it('decodes only the rows a following view\'s tail posts carry, each once', async () => {
    const { host, counts, posts, nextPost, append } = setup();
    await host.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await host.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 40, following: true } });
    for (let i = 0; i < 5; i++) {
      const posted = nextPost();
      append('factory/a/telemetry', 2000);
      await posted;
    }
    const rows = tailRows(posts);
    assert.deepEqual({ decodes: counts.decodes, distinct: new Set(rows.map((r) => r.seq)).size, decoded: rows.filter((r) => r.decoded?.format === 'protobuf').length }, { decodes: rows.length, distinct: rows.length, decoded: rows.length });
    host.dispose();
  });

  it('posts at most the tail\'s 50 rows per post, whatever the number of messages since the last', async () => {
    const { host, posts, nextPost, append } = setup();
    await host.receive({ kind: 'notify', method: 'log/ready', params: {} });
    await host.receive({ kind: 'notify', method: 'log/viewport', params: { rows: 40, following: true } });
    const posted = nextPost();
    append('factory/a/telemetry', 10_000);
    await posted;
    assert.equal(tailRows(posts).length, 50);
    host.dispose();
  });

  it('does not decode a row fetched again', async () => {
    const { host, counts, append, page } = setup();
    append('factory/a/telemetry', 50);
    await page(0, 50);
    const decodes = counts.decodes;
    await page(0, 50);
    assert.equal(counts.decodes - decodes, 0);
    host.dispose();
  });

  it('gives a row fetched again the preview it made the first time (not a new one)', async () => {
    const { host, append, page } = setup();
    append('factory/a/telemetry', 50);
    const first = await page(0, 50);
    const again = await page(0, 50);
    assert.equal(again.filter((r, i) => r.decoded !== undefined && r.decoded === first[i]?.decoded).length, 50);
    host.dispose();
  });
});
