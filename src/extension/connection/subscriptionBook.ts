import type { SubscriptionInfo } from '../../shared/mqtt/publishShapes';
import { topicMatches } from '../../shared/mqtt/topicFilter';
import type { SubscriptionSpec } from '../profiles/profile';

/**
 * A subscription of the connection as the tree shows it: what was asked and what the broker said.
 * Its id (1…65535) is stored with each message it matched and picks the row colour.
 */
export type ActiveSubscription = SubscriptionInfo;

/** `$share/group/filter` (MQTT 5 §4.8.2, also mosquitto on 3.1.1): messages arrive on topics matching `filter`. */
const SHARED = /^\$share\/[^/]+\/(.*)$/;

/** The filter a topic name is matched against: a shared subscription's own filter without its `$share/group/` prefix. */
export const matchedFilter = (filter: string): string => SHARED.exec(filter)?.[1] ?? filter;

/**
 * The connection's subscriptions: their ids (kept when a subscription changes, so its colour
 * stays), MQTT 5 subscription identifiers, which subscription a topic belongs to, and what changed
 * while no broker could be told (sent when a resumed session would otherwise keep the old ones).
 */
export class SubscriptionBook {
  private subs: ActiveSubscription[];
  private nextId = 1;
  private readonly byIdentifier = new Map<number, number>();
  /** Topics subscribed or changed while not connected: the broker has not seen them. */
  private readonly unsent = new Set<string>();
  /** Topics unsubscribed while not connected: a resumed session still has them. */
  private readonly dropped = new Set<string>();
  /** Goes up whenever the list changes, so that caches of topic → subscription know to start again. */
  revision = 0;

  constructor(specs: readonly SubscriptionSpec[]) {
    this.subs = specs.map((s) => this.track(s));
    this.changed();
  }

  get list(): readonly ActiveSubscription[] {
    return this.subs;
  }

  /** Adds a subscription or replaces the options of the one with this topic (keeping its id). */
  upsert(spec: SubscriptionSpec, connected: boolean): ActiveSubscription {
    const index = this.subs.findIndex((s) => s.topic === spec.topic);
    const existing = this.subs[index];
    const sub: ActiveSubscription = existing ? { ...spec, id: existing.id } : this.track(spec);
    if (existing) this.subs[index] = sub;
    else this.subs.push(sub);
    this.dropped.delete(spec.topic);
    if (!connected) this.unsent.add(spec.topic);
    this.changed();
    return sub;
  }

  /** Removes the subscription to `topic`; false when there is none. */
  remove(topic: string, connected: boolean): boolean {
    const index = this.subs.findIndex((s) => s.topic === topic);
    if (index === -1) return false;
    this.subs.splice(index, 1);
    this.unsent.delete(topic);
    if (!connected) this.dropped.add(topic);
    this.changed();
    return true;
  }

  /**
   * The profile was edited (while disconnected): its subscriptions replace the profile's old ones;
   * those added by hand stay, and every subscription that stays keeps its id (and colour).
   */
  replaceProfileSubscriptions(old: readonly SubscriptionSpec[], next: readonly SubscriptionSpec[]): void {
    const inNext = (topic: string): boolean => next.some((p) => p.topic === topic);
    const added = this.subs.filter((s) => !old.some((p) => p.topic === s.topic) && !inNext(s.topic));
    for (const s of this.subs) if (!inNext(s.topic) && !added.includes(s)) this.dropped.add(s.topic);
    const keep = (spec: SubscriptionSpec): ActiveSubscription => {
      const had = this.subs.find((s) => s.topic === spec.topic);
      return had ? { ...spec, id: had.id } : this.track(spec);
    };
    this.subs = [...next.map(keep), ...added];
    for (const s of next) this.dropped.delete(s.topic);
    this.changed();
  }

  /**
   * What a broker that resumed our session has not been told: subscriptions made or changed and
   * topics unsubscribed while offline. Taking them clears them.
   */
  takeOfflineChanges(): { subscribe: ActiveSubscription[]; unsubscribe: string[] } {
    const subscribe = this.subs.filter((s) => this.unsent.has(s.topic));
    const unsubscribe = [...this.dropped];
    this.unsent.clear();
    this.dropped.clear();
    return { subscribe, unsubscribe };
  }

  /** The broker kept no session: everything will be subscribed afresh, nothing is left to undo. */
  forgetOfflineChanges(): void {
    this.unsent.clear();
    this.dropped.clear();
  }

  /** After a disconnect: nothing is granted or refused any more. */
  clearGrants(): void {
    for (const s of this.subs) {
      delete s.granted;
      delete s.error;
    }
  }

  /** The id of the first subscription `topic` matches, 0 for none. */
  subscriptionOf(topic: string): number {
    return this.subs.find((s) => topicMatches(matchedFilter(s.topic), topic))?.id ?? 0;
  }

  /** The subscription an MQTT 5 subscription identifier was given to. */
  idOfIdentifier(identifier: number): number | undefined {
    return this.byIdentifier.get(identifier);
  }

  /** A subscription with its id (ids wrap after 65,535, far beyond any real subscription list). */
  private track(spec: SubscriptionSpec): ActiveSubscription {
    const id = this.nextId;
    this.nextId = (this.nextId % 0xffff) + 1;
    return { ...spec, id };
  }

  private changed(): void {
    this.revision++;
    this.byIdentifier.clear();
    for (const s of this.subs) if (s.subscriptionIdentifier !== undefined) this.byIdentifier.set(s.subscriptionIdentifier, s.id);
  }
}
