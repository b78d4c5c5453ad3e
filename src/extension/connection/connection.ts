import mqtt, { type IClientOptions, type IConnackPacket, type IDisconnectPacket, type MqttClient } from 'mqtt';
import type { ConnectionInfo, ConnectionState, ServerInfo } from '../../shared/connection/connectionInfo';
import type { PublishParams, PublishResult } from '../../shared/mqtt/publishShapes';
import { isPermanentConnackRefusal, reasonText, refusalText } from '../../shared/mqtt/reasonCodes';
import { topicFilterError } from '../../shared/mqtt/topicFilter';
import { Emitter, type Disposable } from '../base/emitter';
import type { Logger } from '../base/logger';
import { MessageStore, type MessageStoreLimits } from '../store/messageStore';
import type { ExportDecode } from '../store/ndjsonExport';
import type { RebirthTarget } from '../../shared/decoders/decodedPayload';
import type { ViewDecoder } from '../decoders/viewDecoder';
import { encodedPublish } from '../publish/encodedPublish';
import { buildPublish, PublishError, type MqttPublish } from '../publish/publishOptions';
import { profileKey, type ProfileEntry, type SubscriptionSpec } from '../profiles/profile';
import { ConnectionError, type ConnectionErrorKind } from './connectionError';
import { closedBeforeConnackText, connectionErrorText, disconnectPacketText, protocolFailureText, sessionTakenOverText, thenSentence } from './connectionErrorText';
import { MessageReceiver, type MessageObserver } from './messageReceiver';
import { TopicIndex } from '../topics/topicIndex';
import { MessageWatchers, type MessageWatcher } from './messageWatchers';
import { buildClientOptions, generateClientId, protocolNumber, usesTls, type TlsMaterial } from './mqttOptions';
import { discardedText, OFFLINE_QUEUE_LIMIT, OfflinePublishQueue } from './offlinePublishQueue';
import { PendingAcks } from './pendingAcks';
import { reconnectDelay } from './reconnectBackoff';
import { sendSubscription } from './sendSubscription';
import { serverInfoOf } from './serverInfo';
import { SessionTakeoverWatch, TAKEOVER_CLOSE_MS } from './sessionTakeoverWatch';
import { SubscriptionBook, type ActiveSubscription } from './subscriptionBook';
import { readTlsMaterial } from './tlsMaterial';

// What callers imported from here before the connection was split up.
export { ConnectionError, type ConnectionErrorKind } from './connectionError';
export { OFFLINE_QUEUE_LIMIT } from './offlinePublishQueue';
export { readTlsMaterial } from './tlsMaterial';
export type { ActiveSubscription } from './subscriptionBook';
export type { MessageWatcher } from './messageWatchers';

/** Secrets read from SecretStorage for one connect; never stored by the connection. */
export interface ConnectSecrets {
  password?: string | undefined;
  /** Passphrase of an encrypted TLS client key (`tls.key`). */
  passphrase?: string | undefined;
}

/** What a disconnect could not send: publishes queued while reconnecting, discarded. */
export interface DisconnectResult {
  discarded: number;
}

/** How long a disconnect waits for the broker (DISCONNECT sent, outstanding acks) before closing the socket. */
export const DISCONNECT_GRACE_MS = 2_000;

/**
 * One mqtt.js client's life, from `connect()` to its end (it survives reconnects). The event
 * handlers compare it with `Connection.link`, so a client that was ended can change nothing.
 */
interface Link {
  readonly client: MqttClient;
  /** The `connect()` that opened this link, until it settles. */
  pending: { resolve: () => void; reject: (error: ConnectionError) => void } | undefined;
  /** Our own timer for the first CONNACK: a broker that accepts TCP but never answers ends in words. */
  connectTimer: ReturnType<typeof setTimeout> | undefined;
  everConnected: boolean;
  /** When the current network connection got its CONNACK; undefined while it has none. */
  connectedAt: number | undefined;
  /** Why the connection was last lost (shown while reconnecting). */
  lastError: string | undefined;
  /** An error or a DISCONNECT came since the CONNACK: a close that follows is not a silent takeover. */
  explained: boolean;
  /** The broker said DISCONNECT 0x8E "Session taken over". */
  takenOver: boolean;
  /** A failure a reconnect would only repeat: the link ends when the socket closes. */
  fatal: string | undefined;
  /** Topic aliases set up on the current network connection (MQTT 5: a publish with both topic and alias). */
  readonly aliases: Map<number, string>;
}

/**
 * One profile's live MQTT connection: owns the mqtt.js client, its subscriptions and its message
 * store. Runs in plain Node (no `vscode` import) so the broker integration tests drive it directly.
 *
 * States: disconnected → connecting → connected ⇄ reconnecting; a failure a retry cannot fix (or
 * no retry wanted) → error; `disconnect()` from any state → disconnected; `dispose()` ends it for
 * good. Every promise handed out (connect, publish, subscribe, disconnect) settles whatever
 * happens next, and a publish accepted for sending is sent or counted as discarded in words.
 */
/** What the decoders concern hands a connection (see `Connection.decoding`). */
export interface ConnectionDecoding {
  /** Called for every stored message; keep it O(1) and return at once for topics it does not track. */
  observe?: MessageObserver;
  /** Adds `decoded`/`decodeError` to export and recording lines of bound topics. */
  exportDecode?: ExportDecode;
  /** Decodes for the log views (rows, detail pane, payload filters) and encodes for the publish panel. */
  view?: ViewDecoder;
  /** Sparkplug B: the NCMD that asks an edge node to publish its births again ("Request Rebirth"). */
  rebirth?: (target: RebirthTarget) => { topic: string; payload: Uint8Array };
}

/**
 * Something that watches each mqtt.js client of a connection (the protocol trace, a TLS key log).
 * `options` may add transport hooks before the client is made; `attach` is called before the
 * client sends anything (and at once for the live client when the tap is added).
 */
export interface ClientTap {
  options?(options: IClientOptions): IClientOptions;
  attach(client: MqttClient): Disposable;
}

export class Connection implements Disposable {
  readonly store: MessageStore;
  /** Every topic received, with its counters; cleared with the store. */
  readonly topics: TopicIndex;
  private link: Link | undefined;
  /** Each tap, with what it attached to the current client. */
  private readonly taps = new Map<ClientTap, Disposable | undefined>();
  private stateValue: ConnectionState = 'disconnected';
  private detailValue: string | undefined;
  private errorKindValue: ConnectionErrorKind | undefined;
  private readonly generatedClientId: string;
  private readonly book: SubscriptionBook;
  private readonly watchers = new MessageWatchers();
  private readonly receiver: MessageReceiver;
  private decodingValue: ConnectionDecoding | undefined;
  private readonly offline = new OfflinePublishQueue();
  private readonly acks = new PendingAcks();
  private readonly takeovers = new SessionTakeoverWatch();
  private serverInfo: ServerInfo | undefined;
  /** The next reconnection attempt, while waiting for it. */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextAttemptAt: number | undefined;
  private reconnectAttempt = 0;
  private disposed = false;
  private readonly changed = new Emitter<void>();
  /** Fires when the state, its detail or the subscriptions change. */
  readonly onDidChange = this.changed.event;

  constructor(
    private entryValue: ProfileEntry,
    limits: MessageStoreLimits,
    private readonly log: Logger,
  ) {
    this.store = new MessageStore(limits);
    this.topics = new TopicIndex(limits.maxTrackedTopics);
    // The index counts what the store received: both start again together.
    this.store.onDidClear(() => { this.topics.clear(); });
    this.generatedClientId = generateClientId();
    this.book = new SubscriptionBook(entryValue.profile.subscriptions);
    this.receiver = new MessageReceiver(this.store, this.book, this.watchers, this.topics);
  }

  get entry(): ProfileEntry {
    return this.entryValue;
  }

  /**
   * How this connection's payloads decode, set by the decoders concern (undefined when the
   * workspace binds none): a stateful observer on the ingest path and the export's decoder.
   */
  get decoding(): ConnectionDecoding | undefined {
    return this.decodingValue;
  }

  set decoding(decoding: ConnectionDecoding | undefined) {
    this.decodingValue = decoding;
    this.receiver.observer = decoding?.observe;
  }

  /** Takes an edited profile; only without a live client (the live client keeps its settings). */
  updateEntry(entry: ProfileEntry): void {
    if (this.link) return;
    this.book.replaceProfileSubscriptions(this.entryValue.profile.subscriptions, entry.profile.subscriptions);
    this.entryValue = entry;
    this.changed.fire();
  }

  get name(): string {
    return this.entry.profile.name;
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get detail(): string | undefined {
    return this.detailValue;
  }

  /** In state `error`: what kind of failure it was, when a command can offer its fix. */
  get errorKind(): ConnectionErrorKind | undefined {
    return this.errorKindValue;
  }

  get subscriptions(): readonly ActiveSubscription[] {
    return this.book.list;
  }

  /** The broker's CONNACK while connected. */
  get server(): ServerInfo | undefined {
    return this.serverInfo;
  }

  get info(): ConnectionInfo {
    const p = this.entry.profile;
    const info: ConnectionInfo = {
      key: profileKey(this.entryValue.source, p.name),
      profile: p.name,
      url: p.url,
      protocolVersion: p.protocolVersion,
      state: this.stateValue,
      subscriptions: this.book.list.map((s) => ({ ...s })),
    };
    if (this.serverInfo) info.server = this.serverInfo;
    if (this.nextAttemptAt !== undefined) info.nextAttemptAt = this.nextAttemptAt;
    if (p.tls?.insecureSkipVerify === true && usesTls(p)) info.insecure = true;
    if (this.detailValue !== undefined) info.detail = this.detailValue;
    return info;
  }

  /** The profile's client id, or one generated once per connection object (kept across reconnects). */
  private get clientId(): string {
    return this.entryValue.profile.clientId ?? this.generatedClientId;
  }

  private get version(): 3 | 4 | 5 {
    return protocolNumber(this.entry.profile.protocolVersion);
  }

  // ── Commands ──────────────────────────────────────────────────────────────────────────────

  /**
   * Connects and makes the profile's subscriptions. Resolves once connected; rejects with a
   * `ConnectionError` in words when the broker cannot be reached or refuses us, or when
   * `disconnect()` or `dispose()` comes first (kind `cancelled`). A refusal that retrying cannot
   * fix (bad credentials, not authorized, banned) never reconnects. Takes the password (the only
   * secret older callers pass) or the password and the TLS key passphrase.
   */
  connect(secrets: string | ConnectSecrets | undefined): Promise<void> {
    if (this.disposed) return Promise.reject(new ConnectionError(`"${this.name}" is closed: its profile was removed or the window is closing.`));
    if (this.link) return Promise.reject(new ConnectionError(`"${this.name}" is already ${this.stateValue}.`));
    let options: IClientOptions;
    try {
      options = this.clientOptions(secrets);
    } catch (e) {
      const message = e instanceof ConnectionError ? e.message : String(e);
      this.log.warn(`[${this.name}] ${message}`);
      this.enterError(message, undefined);
      return Promise.reject(e instanceof ConnectionError ? e : new ConnectionError(message));
    }
    // A connect the user asked for starts afresh: earlier takeovers and failed attempts no longer count.
    this.takeovers.reset();
    this.reconnectAttempt = 0;
    this.setState('connecting', undefined);
    this.log.info(`[${this.name}] connecting to ${this.entry.profile.url} (MQTT ${this.entry.profile.protocolVersion}, client id ${this.clientId})`);
    return new Promise<void>((resolve, reject) => {
      this.open(options, { resolve, reject });
    });
  }

  /**
   * Ends the connection from any state and waits until it is done: DISCONNECT sent and the socket
   * closed (forced after DISCONNECT_GRACE_MS). A `connect()` still waiting is rejected (kind
   * `cancelled`); publishes queued while reconnecting are discarded, counted in the result and in
   * the state's detail.
   */
  async disconnect(): Promise<DisconnectResult> {
    const link = this.link;
    let discarded = 0;
    if (link) {
      this.detach(link);
      link.pending?.reject(new ConnectionError(`Connecting "${this.name}" was cancelled: disconnected before the broker answered.`, 'cancelled'));
      link.pending = undefined;
      discarded = this.offline.discardAll();
      const why = `"${this.name}" was disconnected before the broker answered.`;
      // Offline, nothing outstanding can be answered any more (and ending calls some back with its own words).
      if (!link.client.connected) this.acks.abandon(why);
      await closeClient(link.client, DISCONNECT_GRACE_MS);
      this.acks.abandon(why);
      this.log.info(`[${this.name}] disconnected${discarded ? `; ${discardedText(discarded)}` : ''}`);
    }
    this.book.clearGrants();
    this.setState('disconnected', discarded ? discardedText(discarded) : undefined);
    return { discarded };
  }

  /** Subscribes (or changes the QoS of) a topic filter; kept for the next connections too. */
  async subscribe(spec: SubscriptionSpec): Promise<ActiveSubscription> {
    const problem = topicFilterError(spec.topic);
    if (problem) throw new ConnectionError(problem);
    if (spec.subscriptionIdentifier !== undefined && this.serverInfo?.properties.subscriptionIdentifiersAvailable === false) {
      throw new ConnectionError('This broker does not support subscription identifiers (its CONNACK says so): leave the identifier out.');
    }
    const client = this.link?.client;
    // Changing a subscription keeps its id (and colour); its options are replaced as a whole.
    const sub = this.book.upsert(spec, client?.connected === true);
    if (client?.connected) await sendSubscription(client, sub, this.version, (r) => this.acks.wait(r));
    this.changed.fire();
    if (sub.error) {
      this.log.warn(`[${this.name}] subscribe ${sub.topic}: ${sub.error}`);
      throw new ConnectionError(sub.error);
    }
    return sub;
  }

  async unsubscribe(topic: string): Promise<void> {
    const client = this.link?.client;
    if (!this.book.remove(topic, client?.connected === true)) throw new ConnectionError(`"${this.name}" has no subscription to "${topic}".`);
    this.changed.fire();
    if (client?.connected) await this.acks.wait(client.unsubscribeAsync(topic));
  }

  /**
   * Publishes what the user asked for (see `buildPublish` for what is refused before sending).
   * Resolves with the packet id and, for MQTT 5 QoS 1/2, the broker's reason code in words (e.g.
   * "No matching subscribers"); rejects in words when the broker refuses the message or the
   * connection ends before it answered. While reconnecting, the message is queued (`queued`).
   */
  async publish(params: PublishParams): Promise<PublishResult> {
    // What is wrong with the message itself is said first, connected or not.
    let message: MqttPublish;
    try {
      // A JSON payload to encode through its topic's binding becomes bytes first (errors name the field).
      message = buildPublish(encodedPublish(params, this.decodingValue?.view?.decoder), this.version, this.serverInfo);
    } catch (e) {
      throw e instanceof PublishError ? new ConnectionError(e.message) : e;
    }
    const link = this.link;
    const client = link?.client;
    if (link && client && !client.connected && this.stateValue === 'reconnecting') return this.queueWhileOffline(client, message);
    if (!link || !client?.connected) throw new ConnectionError(`"${this.name}" is not connected: connect first.`);
    this.useTopicAlias(link, message);
    let outcome;
    try {
      outcome = await this.acks.publish(client, () => client.publishAsync(message.topic, message.payload, message.options));
    } catch (e) {
      throw e instanceof ConnectionError ? e : new ConnectionError(`The broker refused the message: ${refusalText(e, 'puback', this.version)}`);
    }
    const result: PublishResult = {};
    if (outcome.packet?.messageId !== undefined) result.messageId = outcome.packet.messageId;
    if (outcome.code !== undefined && this.version === 5) {
      result.reasonCode = outcome.code;
      result.reason = reasonText(outcome.code, 'puback', 5);
    }
    return result;
  }

  /**
   * Options for a short-lived second client to this connection's broker (the Topics pane's
   * retained probe): the live client's endpoint, credentials and TLS as already in memory, a client
   * id of its own, a clean session that expires at once, no will. Undefined while not connected.
   */
  sideClientOptions(): IClientOptions | undefined {
    const client = this.link?.client;
    if (!client?.connected) return undefined;
    // The live client's options as mqtt.js holds them, without what the taps added (a trace's own
    // WebSocket maker would put this client's upgrade in the live connection's trace); the live
    // client was connected by hand (manualConnect), this one connects at once.
    const { will: _will, properties: _properties, createWebsocket: _createWebsocket, ...options } = client.options;
    return { ...options, manualConnect: false, clientId: generateClientId(), clean: true, reconnectPeriod: 0, keepalive: 30 };
  }

  /** Clears the retained message of `topic`: an empty retained publish (QoS 1 when the broker allows it, to know it arrived). */
  clearRetained(topic: string): Promise<PublishResult> {
    const maximumQoS = this.serverInfo?.properties.maximumQoS;
    return this.publish({ topic, payload: '', encoding: 'utf8', qos: maximumQoS === 0 ? 0 : 1, retain: true });
  }

  /**
   * Calls `watcher` for every message received until disposed (request/response pairing). While
   * nothing watches, the per-message cost is one length check.
   */
  watchMessages(watcher: MessageWatcher): Disposable {
    return this.watchers.add(watcher);
  }

  /** Ends the connection for good (VS Code is shutting down or the profile is gone): no time to wait for acks. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const link = this.link;
    if (link) {
      this.detach(link);
      link.pending?.reject(new ConnectionError(`"${this.name}" was closed before it connected.`, 'cancelled'));
    }
    const discarded = this.offline.discardAll();
    if (discarded) this.log.warn(`[${this.name}] closed; ${discardedText(discarded)}`);
    this.acks.abandon(`"${this.name}" was closed (profile removed or window closing) before the broker answered.`);
    link?.client.end(true);
    this.book.clearGrants();
    if (this.stateValue !== 'disconnected' || discarded) this.setState('disconnected', discarded ? discardedText(discarded) : undefined);
    this.changed.dispose();
  }

  /**
   * Adds a tap to this connection's clients (the live one at once, then each new one) until
   * disposed. With no tap, nothing listens to the client's packets.
   */
  addTap(tap: ClientTap): Disposable {
    const client = this.link?.client;
    this.taps.set(tap, client ? tap.attach(client) : undefined);
    return {
      dispose: () => {
        this.taps.get(tap)?.dispose();
        this.taps.delete(tap);
      },
    };
  }

  // ── The life of one mqtt.js client ────────────────────────────────────────────────────────

  /** The mqtt.js options with the secrets and certificate files; throws a ConnectionError in words. */
  private clientOptions(secrets: string | ConnectSecrets | undefined): IClientOptions {
    const { password, passphrase } = typeof secrets === 'object' ? secrets : { password: secrets, passphrase: undefined };
    const profile = this.entry.profile;
    const material: TlsMaterial = usesTls(profile) ? readTlsMaterial(this.entryValue, passphrase) : {};
    return buildClientOptions(profile, password, this.clientId, material);
  }

  private open(options: IClientOptions, pending: NonNullable<Link['pending']>): void {
    const profile = this.entry.profile;
    let client: MqttClient;
    try {
      let tapped = options;
      for (const tap of this.taps.keys()) tapped = tap.options?.(tapped) ?? tapped;
      // Connected by hand so that the taps see the client's first byte (mqtt.js writes CONNECT at once).
      client = mqtt.connect({ ...tapped, manualConnect: true });
      for (const [tap, previous] of this.taps) {
        previous?.dispose();
        const attached = tap.attach(client);
        // A tap may remove itself while attaching (a one-connect key log seeing its second client).
        if (this.taps.has(tap)) this.taps.set(tap, attached);
        else attached.dispose();
      }
      client.connect();
    } catch (e) {
      const message = connectionErrorText(e, profile.url, this.version);
      this.enterError(message, undefined);
      pending.reject(new ConnectionError(message));
      return;
    }
    const link: Link = {
      client,
      pending,
      connectTimer: undefined,
      everConnected: false,
      connectedAt: undefined,
      lastError: undefined,
      explained: false,
      takenOver: false,
      fatal: undefined,
      aliases: new Map(),
    };
    this.link = link;
    link.connectTimer = setTimeout(() => {
      this.fail(link, `No CONNACK from ${profile.url} within ${profile.connectTimeout} s: is it an MQTT broker, and is the URL right?`);
    }, profile.connectTimeout * 1000);
    client.on('connect', (connack: IConnackPacket) => { this.onConnack(link, connack); });
    client.on('message', this.receiver.receive);
    client.on('error', (err: Error & { code?: unknown }) => { this.onClientError(link, err); });
    client.on('disconnect', (packet: IDisconnectPacket) => { this.onServerDisconnect(link, packet); });
    client.on('close', () => { this.onClose(link); });
    client.on('reconnect', () => {
      if (this.link !== link) return;
      this.nextAttemptAt = undefined;
      this.setState('reconnecting', link.lastError ? `Reconnecting after: ${link.lastError}` : 'Reconnecting');
    });
  }

  private onConnack(link: Link, connack: IConnackPacket): void {
    if (this.link !== link) return;
    clearTimeout(link.connectTimer);
    link.connectTimer = undefined;
    this.log.info(`[${this.name}] connected${connack.sessionPresent ? ' (session resumed)' : ''}`);
    this.nextAttemptAt = undefined;
    link.lastError = undefined;
    link.explained = false;
    link.takenOver = false;
    link.connectedAt = Date.now();
    link.aliases.clear();
    this.serverInfo = serverInfoOf(connack);
    this.setState('connected', connack.sessionPresent ? 'Session resumed' : undefined);
    const first = !link.everConnected;
    link.everConnected = true;
    const restored = this.restoreSubscriptions(link.client, connack.sessionPresent, first);
    if (first) {
      void restored.then(() => {
        link.pending?.resolve();
        link.pending = undefined;
      });
    }
  }

  /**
   * After a CONNACK: a new session knows none of our subscriptions, so all are made; a resumed
   * one still has the old ones, so only what changed while offline is sent (subscribed, changed
   * or unsubscribed). The first connect makes them all anyway (the profile may have changed).
   */
  private async restoreSubscriptions(client: MqttClient, sessionPresent: boolean, first: boolean): Promise<void> {
    if (!sessionPresent) this.book.forgetOfflineChanges();
    const changes = sessionPresent ? this.book.takeOfflineChanges() : { subscribe: [], unsubscribe: [] };
    const subscribe = first || !sessionPresent ? this.book.list : changes.subscribe;
    const wait = <T>(r: Promise<T>): Promise<T> => this.acks.wait(r);
    await Promise.all([
      ...subscribe.map(async (s) => {
        await sendSubscription(client, s, this.version, wait);
        if (s.error) this.log.warn(`[${this.name}] subscribe ${s.topic}: ${s.error}`);
      }),
      ...changes.unsubscribe.map((topic) =>
        wait(client.unsubscribeAsync(topic)).catch((e: unknown) => {
          this.log.warn(`[${this.name}] unsubscribe ${topic}: ${e instanceof Error ? e.message : String(e)}`);
        }),
      ),
    ]);
    if (subscribe.length > 0 || changes.unsubscribe.length > 0) this.changed.fire();
  }

  private onClientError(link: Link, err: Error & { code?: unknown }): void {
    if (this.link !== link) return;
    link.explained = true;
    const profile = this.entry.profile;
    const failure = protocolFailureText(err.code, profile.mqtt5?.maximumPacketSize);
    if (failure !== undefined) {
      // Reconnecting would bring the same packet again: stop when the socket closes, and say what to change.
      link.fatal = failure;
      link.lastError = failure;
      this.log.warn(`[${this.name}] ${failure}`);
      return;
    }
    const message = connectionErrorText(err, profile.url, this.version);
    link.lastError = message;
    if (typeof err.code === 'number' && isPermanentConnackRefusal(err.code, this.version)) {
      this.fail(link, message, isCredentialsRefusal(err.code, this.version) ? 'credentialsRefused' : undefined);
      return;
    }
    if (!link.everConnected) {
      this.fail(link, message);
      return;
    }
    this.log.warn(`[${this.name}] ${message}`);
  }

  private onServerDisconnect(link: Link, packet: IDisconnectPacket): void {
    if (this.link !== link) return;
    const code = packet.reasonCode ?? 0;
    link.explained = true;
    if (code === 0x8e) link.takenOver = true;
    link.lastError = disconnectPacketText(code, packet.properties?.reasonString, packet.properties?.serverReference, this.version);
    this.log.warn(`[${this.name}] ${link.lastError}`);
  }

  private onClose(link: Link): void {
    if (this.link !== link) return;
    const url = this.entry.profile.url;
    const uptime = link.connectedAt === undefined ? undefined : Date.now() - link.connectedAt;
    link.connectedAt = undefined;
    // Before the first CONNACK an error or the timer usually said why; a bare close is said at once.
    if (!link.everConnected) {
      this.fail(link, link.lastError ?? closedBeforeConnackText(url));
      return;
    }
    if (link.fatal !== undefined) {
      this.fail(link, link.fatal);
      return;
    }
    // An MQTT 5 broker may announce a takeover (DISCONNECT 0x8E); MQTT 3 brokers and mosquitto 2
    // on MQTT 5 too just close the socket, right after accepting us, without a word.
    const told = link.takenOver;
    const takenOver = told || (uptime !== undefined && uptime < TAKEOVER_CLOSE_MS && !link.explained);
    link.takenOver = false;
    if (takenOver && this.takeovers.record(Date.now())) {
      this.fail(link, sessionTakenOverText(this.clientId, told), 'sessionTakenOver');
      return;
    }
    // A connection that did not hold does not reset the pace: a broker closing us at once is not hammered.
    if (uptime !== undefined && uptime >= TAKEOVER_CLOSE_MS) this.reconnectAttempt = 0;
    const why = link.lastError ?? (uptime === undefined ? closedBeforeConnackText(url) : 'Connection lost.');
    if (this.entry.profile.reconnect.enabled) this.scheduleReconnect(link, why);
    else this.fail(link, why);
  }

  /** Waits (backoff with jitter and a cap), then tries again; the state says when. */
  private scheduleReconnect(link: Link, why: string): void {
    if (this.retryTimer) return;
    const delay = reconnectDelay(this.entry.profile.reconnect.period, this.reconnectAttempt++);
    this.nextAttemptAt = Date.now() + delay;
    const seconds = delay < 10_000 ? (delay / 1000).toFixed(1) : String(Math.round(delay / 1000));
    const detail = thenSentence(why, `Next attempt in ${seconds} s (attempt ${this.reconnectAttempt}).`);
    this.log.info(`[${this.name}] ${detail}`);
    this.setState('reconnecting', detail);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      // With no argument, mqtt.js's reconnect() starts with empty message stores, which would
      // drop every QoS 1/2 publish in flight or queued while offline: keep the ones it has.
      const client = link.client;
      if (this.link === link) client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
    }, delay);
  }

  /** Ends the link for a reason a retry cannot fix (or no retry wanted): state `error`, in words. */
  private fail(link: Link, message: string, kind?: ConnectionErrorKind): void {
    if (this.link !== link) return;
    this.log.warn(`[${this.name}] ${message}`);
    this.detach(link);
    // Counted and settled before mqtt.js is ended: ending calls some of them back with its own words.
    const discarded = this.offline.discardAll();
    if (discarded) this.log.warn(`[${this.name}] ${discardedText(discarded)}`);
    this.acks.abandon(message);
    link.client.end(true);
    this.enterError(discarded ? thenSentence(message, discardedText(discarded)) : message, kind);
    link.pending?.reject(new ConnectionError(message, kind));
    link.pending = undefined;
  }

  /** No event of this link's client changes anything from now on; no timer of it stays. */
  private detach(link: Link): void {
    clearTimeout(link.connectTimer);
    link.connectTimer = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.nextAttemptAt = undefined;
    if (this.link === link) this.link = undefined;
  }

  // ── Publishing details ────────────────────────────────────────────────────────────────────

  /**
   * While reconnecting, a publish waits in mqtt.js's queue and goes out after the reconnect; at
   * most OFFLINE_QUEUE_LIMIT wait at once, so being offline never grows memory without bound.
   */
  private queueWhileOffline(client: MqttClient, message: MqttPublish): PublishResult {
    if (this.offline.full) {
      throw new ConnectionError(`"${this.name}" is reconnecting and ${OFFLINE_QUEUE_LIMIT.toLocaleString('en-US')} publishes already wait to be sent: this one is refused. Publish again once connected.`);
    }
    const queued = this.offline.add(
      client,
      message,
      (err) => {
        this.log.warn(`[${this.name}] a publish to "${message.topic}" queued while offline was refused: ${refusalText(err, 'puback', this.version)}`);
      },
      () => {
        this.log.warn(`[${this.name}] a publish to "${message.topic}" queued while offline was dropped by the MQTT client when a connection attempt failed: not sent.`);
      },
    );
    return { queued };
  }

  /**
   * A topic alias lives on one network connection: a publish with topic and alias sets it up, one
   * with an empty topic uses it. An alias never set up would make the broker close the connection
   * (protocol error), so it is refused here, in words, before anything is sent.
   */
  private useTopicAlias(link: Link, message: MqttPublish): void {
    const alias = message.options.properties?.topicAlias;
    if (alias === undefined) return;
    if (message.topic !== '') {
      link.aliases.set(alias, message.topic);
      return;
    }
    if (!link.aliases.has(alias)) {
      throw new ConnectionError(`Topic alias ${alias} is not set up on this connection: publish once with both the topic and alias ${alias}, then the empty topic uses it (aliases last until the connection is lost).`);
    }
  }

  private enterError(message: string, kind: ConnectionErrorKind | undefined): void {
    this.setState('error', message, kind);
  }

  private setState(state: ConnectionState, detail: string | undefined, errorKind?: ConnectionErrorKind): void {
    if (state !== 'connected') this.serverInfo = undefined;
    this.errorKindValue = errorKind;
    if (this.stateValue === state && this.detailValue === detail) return;
    this.stateValue = state;
    this.detailValue = detail;
    this.changed.fire();
  }
}

/** CONNACK refusals that mean the user name or password is wrong or not allowed. */
function isCredentialsRefusal(code: number, protocolVersion: 3 | 4 | 5): boolean {
  return protocolVersion === 5 ? code === 0x86 || code === 0x87 : code === 4 || code === 5;
}

/**
 * Sends DISCONNECT and closes the socket. A connected client first waits for its outstanding acks
 * (mqtt.js's `end(false)`), at most `graceMs`; a client without a connection (reconnecting,
 * still connecting) is closed at once: `end(false)` would wait forever for an outgoing store that
 * cannot empty while offline.
 */
function closeClient(client: MqttClient, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) {
      client.end(true, {}, () => { resolve(); });
      return;
    }
    const timer = setTimeout(() => {
      client.stream.destroy();
      resolve();
    }, graceMs);
    client.end(false, {}, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
