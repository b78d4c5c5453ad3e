import type { IPublishPacket } from 'mqtt';
import type { MessageStore } from '../store/messageStore';
import type { TopicIndex } from '../topics/topicIndex';
import type { MessageWatchers } from './messageWatchers';
import type { SubscriptionBook } from './subscriptionBook';

/** A topic the connection has received: the string the store keeps, and its subscription's id. */
interface KnownTopic {
  topic: string;
  sub: number;
}

/** Topics remembered at most; beyond, the cache starts again (a flood of unique topics stays bounded). */
const KNOWN_TOPICS_MAX = 10_000;

/**
 * The hot path: one call per received message, into the store and to the watchers. Topics repeat,
 * so each is interned (the store keeps one string per topic, not one per message) with the id of
 * the first subscription it matches: one map lookup instead of matching every filter.
 */
/** Sees each message once it is stored (the decoders' Sparkplug births); one call per message. */
export type MessageObserver = (topic: string, payload: Buffer, seq: number) => void;

export class MessageReceiver {
  private readonly known = new Map<string, KnownTopic>();
  private revision = -1;
  /** Unset unless the workspace binds a decoder that keeps state (Sparkplug B). */
  observer: MessageObserver | undefined;

  constructor(
    private readonly store: MessageStore,
    private readonly book: SubscriptionBook,
    private readonly watchers: MessageWatchers,
    /** Every topic's counters (the Topics pane): one map lookup and a few column writes per message. */
    private readonly topics: TopicIndex,
  ) {}

  readonly receive = (topic: string, payload: Buffer, packet: IPublishPacket): void => {
    if (this.revision !== this.book.revision) {
      // The subscriptions changed: a topic may now belong to another one.
      this.known.clear();
      this.revision = this.book.revision;
    }
    const known = this.known.get(topic) ?? this.learn(topic);
    // The broker names the matching subscription when it has an identifier (MQTT 5); else match topics.
    const identifier = packet.properties?.subscriptionIdentifier;
    const sub = identifier === undefined ? known.sub : (this.book.idOfIdentifier(Array.isArray(identifier) ? (identifier[0] ?? 0) : identifier) ?? known.sub);
    const now = Date.now();
    const seq = this.store.append(known.topic, payload, packet.qos, packet.retain, packet.dup, packet.properties, now, sub);
    this.topics.count(known.topic, payload.length, packet.retain, now, seq);
    this.watchers.notify(seq, known.topic, packet);
    if (this.observer) this.observer(known.topic, payload, seq);
  };

  /** A topic seen for the first time (since the last clear): its subscription (0 for none), remembered. */
  private learn(topic: string): KnownTopic {
    const known: KnownTopic = { topic, sub: this.book.subscriptionOf(topic) };
    if (this.known.size >= KNOWN_TOPICS_MAX) this.known.clear();
    this.known.set(topic, known);
    return known;
  }
}
