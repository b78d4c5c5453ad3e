/**
 * The topic index's figures (issue 23), in a process of its own started with `--expose-gc` by
 * `npm run bench -- --only topics` (topics.ts). Prints one JSON line: TopicsBenchResult.
 *
 * - ingest: 1M PUBLISH packets over 100k distinct topics, encoded once, parsed by mqtt-packet (the
 *   parser mqtt.js uses: a new topic string and payload per message, as from the socket) and handed
 *   to the host's hot path (MessageReceiver → MessageStore, the real classes), flat out, with the
 *   topic index and with a no-op index in its place (the receiver then interns through its own
 *   10,000-topic cache, as before the index), alternating, side by side in this run. The socket
 *   and mqtt.js's own bookkeeping are left out (they cost the same on both sides).
 * - memory: the heap and array buffers that 1M distinct topics add (the index with its topic
 *   strings; then the tree the Topics pane builds on first use), after forced collections.
 * - search over 1M topics, and the first window of a node with 100k children.
 */
import type { IPublishPacket } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { MessageReceiver } from '../src/extension/connection/messageReceiver';
import { MessageWatchers } from '../src/extension/connection/messageWatchers';
import { SubscriptionBook } from '../src/extension/connection/subscriptionBook';
import { MessageStore } from '../src/extension/store/messageStore';
import { TopicIndex } from '../src/extension/topics/topicIndex';
import { TopicQueries } from '../src/extension/topics/topicQueries';
import { TopicTree } from '../src/extension/topics/topicTree';
import type { IngestFigures, TopicsBenchResult } from './topics';

const DISTINCT = 100_000;
const MESSAGES = 1_000_000;
const REPEATS = 5;
const MEMORY_TOPICS = 1_000_000;
const CHILDREN = 100_000;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const collect = (): void => {
  for (let i = 0; i < 3; i++) gc();
};
const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const cpuUs = (): number => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * An index that tracks and counts nothing: the receiver then interns through its own small cache
 * and counts nothing, which is the hot path exactly as it was before the index (the reference side).
 */
class NoIndex extends TopicIndex {
  override slotFor(): number {
    return -1;
  }

  override countUntracked(): void {
    // Nothing.
  }
}

function ingestRun(index: TopicIndex, wire: Buffer, perWire: number): number {
  const store = new MessageStore({ maxMessages: 1_000_000, maxBytes: 256 * 1024 * 1024 });
  const receiver = new MessageReceiver(store, new SubscriptionBook([{ topic: 'bench/#', qos: 0 }]), new MessageWatchers(), index);
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  parser.on('packet', (p: mqttPacket.Packet) => {
    const packet = p as IPublishPacket;
    receiver.receive(packet.topic, packet.payload as Buffer, packet);
  });
  collect();
  const start = cpuUs();
  for (let i = 0; i < MESSAGES / perWire; i++) parser.parse(wire);
  const us = cpuUs() - start;
  if (store.received !== MESSAGES) throw new Error(`stored ${store.received}`);
  return us / MESSAGES;
}

/** Messages in the encoded buffer, parsed again and again. */
const PER_WIRE = DISTINCT;

/** `distinct` topics, one message each per pass over the encoded buffer. */
function ingest(distinct: number): IngestFigures {
  const payload = Buffer.from(`{"sensor":"bench","value":21.5,"pad":"${'x'.repeat(60)}"}`);
  const wire = Buffer.concat(
    Array.from({ length: PER_WIRE }, (_, i) =>
      mqttPacket.generate({ cmd: 'publish', topic: `bench/site${i % 100}/device${i % distinct}`, payload, qos: 0, dup: false, retain: false }, { protocolVersion: 4 }),
    ),
  );
  const withIndex: number[] = [];
  const without: number[] = [];
  let counted = 0;
  let sumOk = true;
  for (let r = 0; r < REPEATS; r++) {
    without.push(ingestRun(new NoIndex(), wire, PER_WIRE));
    const index = new TopicIndex();
    withIndex.push(ingestRun(index, wire, PER_WIRE));
    let sum = 0;
    for (let s = 0; s < index.size; s++) sum += index.countAt(s);
    counted = sum;
    sumOk &&= sum === MESSAGES && index.size === distinct;
  }
  const ratios = withIndex.map((w, i) => w / (without[i] ?? 1));
  return {
    messages: MESSAGES,
    distinctTopics: distinct,
    usPerMsgWith: median(withIndex),
    usPerMsgWithout: median(without),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    counted,
    allCounted: sumOk,
  };
}

function memoryAndQueries(): Omit<TopicsBenchResult, 'ingest' | 'ingestFewTopics'> {
  collect();
  const before = used();
  const index = new TopicIndex(MEMORY_TOPICS);
  // 1M distinct topics, 100k of them under one node (`fleet/big/…`) for the children window.
  for (let i = 0; i < MEMORY_TOPICS; i++) {
    const name = i < CHILDREN ? `fleet/big/${i}` : `plant/line${i % 1000}/sensor${i}`;
    // A flat string decoded from bytes, as mqtt.js hands a topic over (not a concatenation).
    const topic = Buffer.from(name).toString('utf8');
    index.count(topic, 80, false, 1_000_000 + i, i);
  }
  collect();
  const indexBytes = used() - before;
  const tree = TopicTree.of(index);
  collect();
  const treeBytes = used() - before - indexBytes;
  const store = new MessageStore({ maxMessages: 1000, maxBytes: 1 << 20 });
  const queries = new TopicQueries(index, store);
  const time = (f: () => void): number => {
    const runs: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const t0 = performance.now();
      f();
      runs.push(performance.now() - t0);
    }
    return median(runs);
  };
  let searchTotal = 0;
  const searchMs = time(() => {
    searchTotal = queries.search('sensor99', 'name', 0, 100).total;
  });
  const filterMs = time(() => {
    queries.search('plant/+/sensor1234', 'name', 0, 100);
  });
  let childrenTotal = 0;
  const childrenMs = time(() => {
    childrenTotal = queries.children('fleet/big', 'name', 0, 60).total;
  });
  const childrenByCountMs = time(() => {
    queries.children('fleet/big', 'count', 0, 60);
  });
  if (tree.nodeCount === 0) throw new Error('no tree');
  return {
    memory: { topics: MEMORY_TOPICS, indexMb: indexBytes / 2 ** 20, indexBytesPerTopic: indexBytes / MEMORY_TOPICS, treeMb: treeBytes / 2 ** 20, treeBytesPerTopic: treeBytes / MEMORY_TOPICS },
    search: { topics: MEMORY_TOPICS, textMs: searchMs, filterMs, matches: searchTotal },
    children: { children: childrenTotal, byNameMs: childrenMs, byCountMs: childrenByCountMs },
  };
}

// 100k topics (the case), and 1k topics, where the receiver's old cache always hit.
const result: TopicsBenchResult = { ingest: ingest(DISTINCT), ingestFewTopics: ingest(1000), ...memoryAndQueries() };
process.stdout.write(`${JSON.stringify(result)}\n`);
