import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mqtt, { type IClientSubscribeOptions, type IConnackPacket, type IPublishPacket, type ISubscriptionGrant, type MqttClient, type Packet } from 'mqtt';
import type { ConnectionInfo, ConnectionState, ServerInfo } from '../../shared/connection/connectionInfo';
import type { PublishParams, PublishResult, QoS, SubscriptionInfo } from '../../shared/mqtt/publishShapes';
import { isPermanentConnackRefusal, reasonText, refusalText } from '../../shared/mqtt/reasonCodes';
import { topicFilterError, topicMatches } from '../../shared/mqtt/topicFilter';
import { connectionErrorText } from './connectionErrorText';
import { Emitter, type Disposable } from '../base/emitter';
import type { Logger } from '../base/logger';
import { MessageStore, type MessageStoreLimits } from '../store/messageStore';
import { buildClientOptions, generateClientId, protocolNumber, usesTls, type TlsMaterial } from './mqttOptions';
import { buildPublish, PublishError, type MqttPublish } from '../publish/publishOptions';
import { reconnectDelay } from './reconnectBackoff';
import { CERTIFICATE_FIELDS, resolveCertificatePath } from '../profiles/profileParser';
import { profileKey, type ProfileEntry, type SubscriptionSpec } from '../profiles/profile';

/** A subscription as the tree shows it: what was asked and what the broker granted. */
/**
 * A subscription of the connection as the tree shows it: what was asked and what the broker said.
 * Its id (1…65535) is stored with each message it matched and picks the row colour.
 */
export type ActiveSubscription = SubscriptionInfo;

/** A topic the connection has received: the string the store keeps, and its subscription's id. */
interface KnownTopic {
  topic: string;
  sub: number;
}

/** Called for each received message while watched (request/response); see `watchMessages`. */
export type MessageWatcher = (seq: number, topic: string, packet: IPublishPacket) => void;

/** Most publishes that may wait for a reconnect at once; more are refused. */
export const OFFLINE_QUEUE_LIMIT = 1000;

/** Raised for failures the user caused or can fix; the message is shown as is. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

/** Secrets read from SecretStorage for one connect; never stored by the connection. */
export interface ConnectSecrets {
  password?: string | undefined;
  /** Passphrase of an encrypted TLS client key (`tls.key`). */
  passphrase?: string | undefined;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
  EPERM: 'permission denied',
};

/**
 * Reads the profile's certificate files (relative to its workspace folder) and checks that the
 * client key opens with the passphrase, so that each failure names the file and the field instead
 * of surfacing as an OpenSSL error halfway through the handshake.
 */
export function readTlsMaterial(entry: ProfileEntry, passphrase: string | undefined): TlsMaterial {
  const tls = entry.profile.tls;
  const material: TlsMaterial = {};
  for (const { key, what } of CERTIFICATE_FIELDS) {
    const file = tls?.[key];
    if (file === undefined) continue;
    const path = resolveCertificatePath(file, entry.folder);
    if (path === undefined) {
      throw new ConnectionError(`${what} ${file} (tls.${key}) is a relative path, but this profile has no workspace folder: give an absolute path.`);
    }
    try {
      material[key] = readFileSync(path);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const why = typeof code === 'string' ? `${code}${FILE_ERRORS[code] ? ` (${FILE_ERRORS[code]})` : ''}` : String(e);
      throw new ConnectionError(`${what} ${file} (tls.${key}) cannot be read: ${why}. Fix the path in the profile (relative paths start at the workspace folder).`);
    }
  }
  if (material.key) {
    try {
      createPrivateKey(passphrase ? { key: material.key, passphrase } : { key: material.key });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const file = tls?.key ?? '';
      // OpenSSL 3 reports a missing passphrase as an interrupted passphrase prompt.
      if (!passphrase && (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED')) {
        throw new ConnectionError(`TLS client key ${file} (tls.key) is encrypted: set its passphrase with "TraceMQ: Set Password" → Key passphrase.`);
      }
      if (passphrase && (code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt/i.test(String(e)))) {
        throw new ConnectionError(`TLS client key ${file} (tls.key) cannot be decrypted: the key passphrase is wrong. Set it again with "TraceMQ: Set Password" → Key passphrase.`);
      }
      throw new ConnectionError(`TLS client key ${file} (tls.key) is not a private key TraceMQ can read (PEM expected): ${e instanceof Error ? e.message : String(e)}`);
    }
    if (passphrase) material.passphrase = passphrase;
  }
  return material;
}

/**
 * One profile's live MQTT connection: owns the mqtt.js client, its subscriptions and its message
 * store. Runs in plain Node (no `vscode` import) so the broker integration tests drive it directly.
 */
export class Connection implements Disposable {
  readonly store: MessageStore;
  private client: MqttClient | undefined;
  private stateValue: ConnectionState = 'disconnected';
  private detailValue: string | undefined;
  private subs: ActiveSubscription[] = [];
  private readonly generatedClientId: string;
  private nextSubId = 1;
  /**
   * Topic → its first copy (interned: the store keeps one string per topic, not one per message)
   * and the id of the first subscription it matches. Topics repeat, so the hot path does one map
   * lookup instead of matching every filter; cleared when subscriptions change or it grows large.
   */
  private readonly subOfTopic = new Map<string, KnownTopic>();
  /** MQTT 5 subscription identifier → subscription id, for messages the broker tags with one. */
  private readonly subOfIdentifier = new Map<number, number>();
  private serverInfo: ServerInfo | undefined;
  /** The next reconnection attempt, while waiting for it. */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextAttemptAt: number | undefined;
  /** Publishes handed to mqtt.js while reconnecting, not yet sent: bounded by OFFLINE_QUEUE_LIMIT. */
  private offlineQueued = 0;
  private watchers: MessageWatcher[] = [];
  /** Reason codes of PUBACK/PUBREC received while publishes are outstanding, by packet id. */
  private readonly ackCodes = new Map<number, number>();
  private outstandingPublishes = 0;
  private readonly onAck = (packet: Packet): void => {
    if ((packet.cmd === 'puback' || packet.cmd === 'pubrec') && packet.messageId !== undefined && packet.reasonCode !== undefined) {
      this.ackCodes.set(packet.messageId, packet.reasonCode);
    }
  };
  private readonly changed = new Emitter<void>();
  /** Fires when the state, its detail or the subscriptions change. */
  readonly onDidChange = this.changed.event;

  constructor(
    private entryValue: ProfileEntry,
    limits: MessageStoreLimits,
    private readonly log: Logger,
  ) {
    this.store = new MessageStore(limits);
    this.generatedClientId = generateClientId();
    this.subs = entryValue.profile.subscriptions.map((s) => this.track(s));
    this.indexIdentifiers();
  }

  /** A subscription with its id (ids wrap after 65,535, far beyond any real subscription list). */
  private track(spec: SubscriptionSpec): ActiveSubscription {
    const id = this.nextSubId;
    this.nextSubId = (this.nextSubId % 0xffff) + 1;
    this.subOfTopic.clear();
    return { ...spec, id };
  }

  get entry(): ProfileEntry {
    return this.entryValue;
  }

  /** Takes an edited profile; only while disconnected (the live client keeps its settings). */
  updateEntry(entry: ProfileEntry): void {
    if (this.client) return;
    const added = this.subs.filter((s) => !this.entryValue.profile.subscriptions.some((p) => p.topic === s.topic));
    this.entryValue = entry;
    // Subscriptions that stay keep their id (and so their colour).
    const keep = (spec: SubscriptionSpec): ActiveSubscription => {
      const old = this.subs.find((s) => s.topic === spec.topic);
      return old ? { ...spec, id: old.id } : this.track(spec);
    };
    this.subs = [...entry.profile.subscriptions.map(keep), ...added.filter((a) => !entry.profile.subscriptions.some((p) => p.topic === a.topic))];
    this.subOfTopic.clear();
    this.indexIdentifiers();
    this.changed.fire();
  }

  /** The profile's client id, or one generated once per connection object (kept across reconnects). */
  private get clientId(): string {
    return this.entryValue.profile.clientId ?? this.generatedClientId;
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

  get subscriptions(): readonly ActiveSubscription[] {
    return this.subs;
  }

  get info(): ConnectionInfo {
    const p = this.entry.profile;
    const info: ConnectionInfo = {
      key: profileKey(this.entryValue.source, p.name),
      profile: p.name,
      url: p.url,
      protocolVersion: p.protocolVersion,
      state: this.stateValue,
      subscriptions: this.subs.map((s) => ({ ...s })),
    };
    if (this.serverInfo) info.server = this.serverInfo;
    if (this.nextAttemptAt !== undefined) info.nextAttemptAt = this.nextAttemptAt;
    if (p.tls?.insecureSkipVerify === true && usesTls(p)) info.insecure = true;
    if (this.detailValue !== undefined) info.detail = this.detailValue;
    return info;
  }

  private get version(): 3 | 4 | 5 {
    return protocolNumber(this.entry.profile.protocolVersion);
  }

  /**
   * Connects and makes the profile's subscriptions. Resolves once connected; rejects with a
   * `ConnectionError` in words when the broker cannot be reached or refuses us. A refusal that
   * retrying cannot fix (bad credentials, not authorized, banned) never reconnects. Takes the
   * password (the only secret older callers pass) or the password and the TLS key passphrase.
   */
  connect(secrets: string | ConnectSecrets | undefined): Promise<void> {
    if (this.client) return Promise.reject(new ConnectionError(`"${this.name}" is already ${this.stateValue}.`));
    const { password, passphrase } = typeof secrets === 'object' ? secrets : { password: secrets, passphrase: undefined };
    const profile = this.entry.profile;
    let material: TlsMaterial;
    try {
      material = usesTls(profile) ? readTlsMaterial(this.entryValue, passphrase) : {};
    } catch (e) {
      const message = e instanceof ConnectionError ? e.message : String(e);
      this.log.warn(`[${this.name}] ${message}`);
      this.setState('error', message);
      return Promise.reject(e instanceof ConnectionError ? e : new ConnectionError(message));
    }
    const options = buildClientOptions(profile, password, this.clientId, material);
    this.setState('connecting', undefined);
    this.log.info(`[${this.name}] connecting to ${profile.url} (MQTT ${profile.protocolVersion}, client id ${this.clientId})`);

    let client: MqttClient;
    try {
      client = mqtt.connect(options);
    } catch (e) {
      const message = connectionErrorText(e, profile.url, this.version);
      this.setState('error', message);
      return Promise.reject(new ConnectionError(message));
    }
    this.client = client;

    return new Promise<void>((resolve, reject) => {
      let everConnected = false;
      let lastError: string | undefined;
      let protocolFailure: string | undefined;
      const fail = (message: string): void => {
        if (this.client !== client) return;
        this.log.warn(`[${this.name}] ${message}`);
        this.stopRetrying();
        this.client = undefined;
        client.end(true);
        this.setState('error', message);
        if (!everConnected) reject(new ConnectionError(message));
      };
      // Our own timer: a broker that accepts TCP but never answers must end in a clear error.
      const timer = setTimeout(() => {
        fail(`No CONNACK from ${profile.url} within ${profile.connectTimeout} s: is it an MQTT broker, and is the URL right?`);
      }, profile.connectTimeout * 1000);

      client.on('connect', (connack: IConnackPacket) => {
        clearTimeout(timer);
        const resumed = connack.sessionPresent ? ' (session resumed)' : '';
        this.log.info(`[${this.name}] connected${resumed}`);
        this.reconnectAttempt = 0;
        this.nextAttemptAt = undefined;
        lastError = undefined;
        this.serverInfo = { sessionPresent: connack.sessionPresent, properties: plainProperties(connack.properties) };
        this.setState('connected', connack.sessionPresent ? 'Session resumed' : undefined);
        if (!everConnected) {
          everConnected = true;
          void this.subscribeAll().then(resolve, resolve);
        } else if (!connack.sessionPresent) {
          // A new session after a reconnect: the broker has forgotten our subscriptions.
          void this.subscribeAll();
        }
      });
      client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => {
        this.onMessage(topic, payload, packet);
      });
      client.on('error', (err: Error & { code?: unknown }) => {
        const failure = protocolFailureText(err.code, profile.mqtt5?.maximumPacketSize);
        if (failure !== undefined) {
          // Reconnecting would bring the same packet again: stop, and say what to change.
          protocolFailure = failure;
          lastError = failure;
          this.log.warn(`[${this.name}] ${failure}`);
          return;
        }
        const message = connectionErrorText(err, profile.url, this.version);
        lastError = message;
        if (typeof err.code === 'number' && isPermanentConnackRefusal(err.code, this.version)) {
          clearTimeout(timer);
          fail(message);
          return;
        }
        if (!everConnected) {
          clearTimeout(timer);
          fail(message);
          return;
        }
        this.log.warn(`[${this.name}] ${message}`);
      });
      client.on('reconnect', () => {
        if (this.client !== client) return;
        this.nextAttemptAt = undefined;
        this.setState('reconnecting', lastError ? `Reconnecting after: ${lastError}` : 'Reconnecting');
      });
      client.on('close', () => {
        if (this.client !== client) return;
        if (!everConnected) return; // the 'error' handler or the timer reports why
        if (protocolFailure !== undefined) fail(protocolFailure);
        else if (profile.reconnect.enabled) this.scheduleReconnect(client, lastError ?? 'Connection lost.');
        else fail(lastError ?? 'Connection lost.');
      });
      client.on('disconnect', (packet) => {
        const code = packet.reasonCode ?? 0;
        const why = packet.properties?.reasonString;
        const reference = packet.properties?.serverReference;
        lastError = `The broker disconnected us: ${reasonText(code, 'disconnect', this.version)}${why ? ` — "${why}"` : ''}${reference ? ` (server reference: ${reference})` : ''}`;
        this.log.warn(`[${this.name}] ${lastError}`);
      });
    });
  }

  private reconnectAttempt = 0;

  /** Waits (backoff with jitter and a cap), then tries again; the state says when. */
  private scheduleReconnect(client: MqttClient, why: string): void {
    if (this.retryTimer) return;
    const delay = reconnectDelay(this.entry.profile.reconnect.period, this.reconnectAttempt++);
    this.nextAttemptAt = Date.now() + delay;
    const seconds = delay < 10_000 ? (delay / 1000).toFixed(1) : String(Math.round(delay / 1000));
    this.log.info(`[${this.name}] ${why} Next attempt in ${seconds} s (attempt ${this.reconnectAttempt}).`);
    this.setState('reconnecting', `${why.replace(/\.?$/, '.')} Next attempt in ${seconds} s (attempt ${this.reconnectAttempt}).`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      // With no argument, mqtt.js's reconnect() starts with empty message stores, which would
      // drop every QoS 1/2 publish in flight or queued while offline: keep the ones it has.
      if (this.client === client) client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
    }, delay);
  }

  private stopRetrying(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.nextAttemptAt = undefined;
  }

  /** Ends the connection cleanly (DISCONNECT sent, socket closed) and waits until it is done. */
  async disconnect(): Promise<void> {
    const client = this.client;
    this.stopRetrying();
    this.client = undefined;
    if (client) {
      await new Promise<void>((resolve) => {
        client.end(false, {}, () => {
          resolve();
        });
      });
      this.log.info(`[${this.name}] disconnected`);
    }
    for (const s of this.subs) {
      delete s.granted;
      delete s.error;
    }
    this.setState('disconnected', undefined);
  }

  /** Subscribes (or changes the QoS of) a topic filter; kept for the next connections too. */
  async subscribe(spec: SubscriptionSpec): Promise<ActiveSubscription> {
    const problem = topicFilterError(spec.topic);
    if (problem) throw new ConnectionError(problem);
    if (spec.subscriptionIdentifier !== undefined && this.serverInfo?.properties.subscriptionIdentifiersAvailable === false) {
      throw new ConnectionError('This broker does not support subscription identifiers (its CONNACK says so): leave the identifier out.');
    }
    const index = this.subs.findIndex((s) => s.topic === spec.topic);
    const existing = this.subs[index];
    // Changing a subscription keeps its id (and colour); its options are replaced as a whole.
    const sub: ActiveSubscription = existing ? { ...spec, id: existing.id } : this.track(spec);
    if (existing) this.subs[index] = sub;
    else this.subs.push(sub);
    this.indexIdentifiers();
    if (this.client?.connected) await this.subscribeOne(this.client, sub);
    this.changed.fire();
    if (sub.error) throw new ConnectionError(sub.error);
    return sub;
  }

  async unsubscribe(topic: string): Promise<void> {
    const index = this.subs.findIndex((s) => s.topic === topic);
    if (index === -1) throw new ConnectionError(`"${this.name}" has no subscription to "${topic}".`);
    this.subs.splice(index, 1);
    this.subOfTopic.clear();
    this.indexIdentifiers();
    this.changed.fire();
    if (this.client?.connected) await this.client.unsubscribeAsync(topic);
  }

  /**
   * Publishes what the user asked for (see `buildPublish` for what is refused before sending).
   * Resolves with the packet id and, for MQTT 5 QoS 1/2, the broker's reason code in words (e.g.
   * "No matching subscribers"); rejects in words when the broker refuses the message.
   */
  async publish(params: PublishParams): Promise<PublishResult> {
    // What is wrong with the message itself is said first, connected or not.
    let message;
    try {
      message = buildPublish(params, this.version, this.serverInfo);
    } catch (e) {
      throw e instanceof PublishError ? new ConnectionError(e.message) : e;
    }
    const client = this.client;
    if (client && !client.connected && this.stateValue === 'reconnecting') return this.queueWhileOffline(client, message);
    if (!client?.connected) throw new ConnectionError(`"${this.name}" is not connected: connect first.`);
    // mqtt.js resolves a successful QoS 1/2 publish with the PUBLISH itself, so the PUBACK/PUBREC
    // reason code (0x10 "No matching subscribers") is read off the acks as they arrive; the
    // listener exists only while publishes are outstanding.
    this.watchAcks(client, 1);
    let packet;
    let code: number | undefined;
    try {
      packet = await client.publishAsync(message.topic, message.payload, message.options);
      if (packet?.messageId !== undefined) {
        code = this.ackCodes.get(packet.messageId);
        this.ackCodes.delete(packet.messageId);
      }
    } catch (e) {
      throw new ConnectionError(`The broker refused the message: ${refusalText(e, 'puback', this.version)}`);
    } finally {
      this.watchAcks(client, -1);
    }
    const result: PublishResult = {};
    if (packet?.messageId !== undefined) result.messageId = packet.messageId;
    if (code !== undefined && this.version === 5) {
      result.reasonCode = code;
      result.reason = reasonText(code, 'puback', 5);
    }
    return result;
  }

  /**
   * While reconnecting, a publish waits in mqtt.js's queue and goes out after the reconnect; at most
   * OFFLINE_QUEUE_LIMIT wait at once, so being offline never grows memory without bound.
   */
  private queueWhileOffline(client: MqttClient, message: MqttPublish): PublishResult {
    if (this.offlineQueued >= OFFLINE_QUEUE_LIMIT) {
      throw new ConnectionError(`"${this.name}" is reconnecting and ${OFFLINE_QUEUE_LIMIT.toLocaleString('en-US')} publishes already wait to be sent: this one is refused. Publish again once connected.`);
    }
    this.offlineQueued++;
    client.publish(message.topic, message.payload, message.options, (err) => {
      this.offlineQueued--;
      if (err) this.log.warn(`[${this.name}] a publish to "${message.topic}" queued while offline failed: ${refusalText(err, 'puback', this.version)}`);
    });
    return { queued: this.offlineQueued };
  }

  private watchAcks(client: MqttClient, delta: 1 | -1): void {
    this.outstandingPublishes += delta;
    if (delta === 1 && this.outstandingPublishes === 1) client.on('packetreceive', this.onAck);
    if (delta === -1 && this.outstandingPublishes === 0) {
      client.removeListener('packetreceive', this.onAck);
      this.ackCodes.clear();
    }
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
    this.watchers = [...this.watchers, watcher];
    return {
      dispose: () => {
        this.watchers = this.watchers.filter((w) => w !== watcher);
      },
    };
  }

  /** The broker's CONNACK while connected. */
  get server(): ServerInfo | undefined {
    return this.serverInfo;
  }

  dispose(): void {
    const client = this.client;
    this.stopRetrying();
    this.client = undefined;
    // Force-close: VS Code is shutting down or the profile is gone; no time to wait for acks.
    client?.end(true);
    this.changed.dispose();
  }

  /** The hot path: one call per received message. */
  private onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    // The broker names the matching subscription when it has an identifier (MQTT 5); else match topics.
    const identifier = packet.properties?.subscriptionIdentifier;
    const known = this.subOfTopic.get(topic) ?? this.learn(topic);
    const sub = identifier === undefined ? known.sub : (this.subOfIdentifier.get(Array.isArray(identifier) ? (identifier[0] ?? 0) : identifier) ?? known.sub);
    const seq = this.store.append(known.topic, payload, packet.qos, packet.retain, packet.dup, packet.properties, Date.now(), sub);
    if (this.watchers.length !== 0) for (const w of this.watchers) w(seq, known.topic, packet);
  }

  /** A topic seen for the first time (since the last clear): its subscription (0 for none), remembered. */
  private learn(topic: string): KnownTopic {
    const known: KnownTopic = { topic, sub: this.subs.find((s) => topicMatches(s.topic, topic))?.id ?? 0 };
    if (this.subOfTopic.size >= 10_000) this.subOfTopic.clear();
    this.subOfTopic.set(topic, known);
    return known;
  }

  private async subscribeAll(): Promise<void> {
    const client = this.client;
    if (!client) return;
    await Promise.all(this.subs.map((s) => this.subscribeOne(client, s)));
    this.changed.fire();
  }

  /** Subscription identifier → subscription id, after the subscriptions changed. */
  private indexIdentifiers(): void {
    this.subOfIdentifier.clear();
    for (const s of this.subs) if (s.subscriptionIdentifier !== undefined) this.subOfIdentifier.set(s.subscriptionIdentifier, s.id);
  }

  private async subscribeOne(client: MqttClient, sub: ActiveSubscription): Promise<void> {
    const options: IClientSubscribeOptions = { qos: sub.qos };
    if (this.version === 5) {
      if (sub.noLocal) options.nl = true;
      if (sub.retainAsPublished) options.rap = true;
      if (sub.retainHandling !== undefined) options.rh = sub.retainHandling;
      if (sub.subscriptionIdentifier !== undefined) options.properties = { subscriptionIdentifier: sub.subscriptionIdentifier };
    }
    try {
      const grants: ISubscriptionGrant[] = await client.subscribeAsync(sub.topic, options).catch((e: unknown) => {
        throw new ConnectionError(`Refused: ${refusalText(e, 'suback', this.version)}`);
      });
      const code = grants[0]?.qos ?? 0x80;
      if (code >= 0x80) {
        sub.error = `Refused: ${reasonText(code, 'suback', this.version)}`;
        delete sub.granted;
      } else {
        sub.granted = code as QoS;
        delete sub.error;
      }
    } catch (e) {
      sub.error = e instanceof Error ? e.message : String(e);
      delete sub.granted;
    }
    if (sub.error) this.log.warn(`[${this.name}] subscribe ${sub.topic}: ${sub.error}`);
  }

  private setState(state: ConnectionState, detail: string | undefined): void {
    if (state !== 'connected') this.serverInfo = undefined;
    if (this.stateValue === state && this.detailValue === detail) return;
    this.stateValue = state;
    this.detailValue = detail;
    this.changed.fire();
  }
}

/**
 * CONNACK properties as plain data for the webview: user properties with a normal prototype,
 * binary values (authentication data) as Uint8Array copies.
 */
function plainProperties(properties: IConnackPacket['properties']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties ?? {})) {
    if (value instanceof Uint8Array) out[key] = new Uint8Array(value);
    else if (key === 'userProperties' && typeof value === 'object') out[key] = { ...(value as Record<string, unknown>) };
    else out[key] = value;
  }
  return out;
}

/**
 * Failures caused by what the broker sent that a reconnect would only repeat (mqtt.js closes the
 * connection for them): a packet above our Maximum Packet Size, a topic alias it cannot map.
 */
function protocolFailureText(code: unknown, maximumPacketSize: number | undefined): string | undefined {
  if (code === 0x95) {
    return `The broker sent a packet larger than the Maximum Packet Size this profile asks for${maximumPacketSize ? ` (${maximumPacketSize.toLocaleString('en-US')} bytes)` : ''}, so the connection was closed. Raise "mqtt5.maximumPacketSize" in the profile, or find what publishes such large messages.`;
  }
  if (code === 0x94 || code === 0x82) {
    return 'The broker sent a message with a topic alias it had not set up (a broker fault: Topic alias invalid / Protocol error), so the connection was closed. Connect again; set "mqtt5.topicAliasMaximum" to 0 to turn aliases off.';
  }
  return undefined;
}
