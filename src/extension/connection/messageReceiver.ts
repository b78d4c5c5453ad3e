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

/** Untracked topics remembered at most; beyond, the cache starts again (a flood of unique topics stays bounded). */
const KNOWN_TOPICS_MAX = 10_000;

/**
 * The hot path: one call per received message, into the store, the topic index and the watchers.
 * Topics repeat, so each is interned (the store keeps one string per topic, not one per message)
 * with the id of the first subscription it matches: one map lookup instead of matching every
 * filter. The topic index is where topics are interned; `known` only serves topics beyond its bound.
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
      this.topics.forgetSubscriptions();
      this.revision = this.book.revision;
    }
    const now = Date.now();
    // The topic index interns the topic and remembers its subscription: one map lookup per message.
    // Topics beyond its bound (tracemq.topics.maxTracked) fall back to the small cache.
    const slot = this.topics.slotFor(topic, now);
    let interned: string;
    let topicSub: number;
    if (slot >= 0) {
      interned = this.topics.topic(slot);
      topicSub = this.topics.subscriptionAt(slot);
      if (topicSub < 0) this.topics.setSubscription(slot, (topicSub = this.book.subscriptionOf(interned)));
    } else {
      const known = this.known.get(topic) ?? this.learn(topic);
      interned = known.topic;
      topicSub = known.sub;
      this.topics.countUntracked(interned);
    }
    // The broker names the matching subscription when it has an identifier (MQTT 5); else match topics.
    const identifier = packet.properties?.subscriptionIdentifier;
    const sub = identifier === undefined ? topicSub : (this.book.idOfIdentifier(Array.isArray(identifier) ? (identifier[0] ?? 0) : identifier) ?? topicSub);
    const seq = this.store.append(interned, payload, packet.qos, packet.retain, packet.dup, packet.properties, now, sub);
    if (slot >= 0) this.topics.countSlot(slot, payload.length, packet.retain, now, seq);
    this.watchers.notify(seq, interned, packet);
    if (this.observer) this.observer(interned, payload, seq);
  };

  /** A topic seen for the first time (since the last clear): its subscription (0 for none), remembered. */
  private learn(topic: string): KnownTopic {
    const known: KnownTopic = { topic, sub: this.book.subscriptionOf(topic) };
    if (this.known.size >= KNOWN_TOPICS_MAX) this.known.clear();
    this.known.set(topic, known);
    return known;
  }
}
