import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient, type IConnackPacket, type IPublishPacket, type ISubscriptionGrant } from 'mqtt';
import type { ConnectionInfo, ConnectionState, PublishParams, QoS } from '../shared/protocol';
import { isPermanentConnackRefusal, reasonText } from '../shared/reasonCodes';
import { topicFilterError, topicMatches, topicNameError } from '../shared/topicFilter';
import { connectionErrorText } from './connectionErrorText';
import { Emitter, type Disposable } from './emitter';
import type { Logger } from './logger';
import { MessageStore, type MessageStoreLimits } from './messageStore';
import { buildClientOptions, generateClientId, protocolNumber, usesTls, type TlsMaterial } from './mqttOptions';
import { CERTIFICATE_FIELDS, resolveCertificatePath } from './profileParser';
import { profileKey, type ProfileEntry, type SubscriptionSpec } from './profile';

/** A subscription as the tree shows it: what was asked and what the broker granted. */
export interface ActiveSubscription extends SubscriptionSpec {
  /** Stable id within the connection (1…65535): stored with each message it matched, and picks the row colour. */
  id: number;
  /** Granted QoS once the broker answered. */
  granted?: QoS;
  /** Why the broker refused it, in words. */
  error?: string;
}

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
   * Topic → id of the first subscription it matches. Topics repeat, so the hot path does one map
   * lookup instead of matching every filter; cleared when subscriptions change or it grows large.
   */
  private readonly subOfTopic = new Map<string, number>();
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
      subscriptions: this.subs.map((s) => ({ id: s.id, topic: s.topic })),
    };
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
      const fail = (message: string): void => {
        if (this.client !== client) return;
        this.log.warn(`[${this.name}] ${message}`);
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
        this.setState('connected', connack.sessionPresent ? 'Session resumed' : undefined);
        if (!everConnected) {
          everConnected = true;
          void this.subscribeAll().then(resolve, resolve);
        }
      });
      client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => {
        this.onMessage(topic, payload, packet);
      });
      client.on('error', (err: Error & { code?: unknown }) => {
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
        this.setState('reconnecting', lastError ? `Reconnecting after: ${lastError}` : 'Reconnecting');
      });
      client.on('close', () => {
        if (this.client !== client) return;
        if (!everConnected) return; // the 'error' handler or the timer reports why
        if (profile.reconnect.enabled) this.setState('reconnecting', lastError ?? 'Connection lost; reconnecting');
        else fail(lastError ?? 'Connection lost.');
      });
      client.on('disconnect', (packet) => {
        const code = packet.reasonCode ?? 0;
        lastError = `The broker disconnected us: ${reasonText(code, 'disconnect', this.version)}`;
        this.log.warn(`[${this.name}] ${lastError}`);
      });
    });
  }

  /** Ends the connection cleanly (DISCONNECT sent, socket closed) and waits until it is done. */
  async disconnect(): Promise<void> {
    const client = this.client;
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
    let sub = this.subs.find((s) => s.topic === spec.topic);
    if (sub) sub.qos = spec.qos;
    else {
      sub = this.track(spec);
      this.subs.push(sub);
    }
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
    this.changed.fire();
    if (this.client?.connected) await this.client.unsubscribeAsync(topic);
  }

  /** Publishes from the UI; refuses invalid topics and publishing while not connected. */
  async publish(params: PublishParams): Promise<number | undefined> {
    const problem = topicNameError(params.topic);
    if (problem) throw new ConnectionError(problem);
    const client = this.client;
    if (!client?.connected) throw new ConnectionError(`"${this.name}" is not connected: connect first.`);
    const packet = await client.publishAsync(params.topic, params.payload, { qos: params.qos, retain: params.retain });
    const code = (packet as { reasonCode?: number } | undefined)?.reasonCode;
    if (code !== undefined && code >= 0x80) throw new ConnectionError(`The broker refused the message: ${reasonText(code, 'puback', 5)}`);
    return packet?.messageId;
  }

  dispose(): void {
    const client = this.client;
    this.client = undefined;
    // Force-close: VS Code is shutting down or the profile is gone; no time to wait for acks.
    client?.end(true);
    this.changed.dispose();
  }

  /** The hot path: one call per received message. */
  private onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    let sub = this.subOfTopic.get(topic);
    if (sub === undefined) sub = this.learnSubOf(topic);
    this.store.append(topic, payload, packet.qos, packet.retain, packet.dup, packet.properties, Date.now(), sub);
  }

  /** The first subscription whose filter matches `topic` (0 for none), remembered for next time. */
  private learnSubOf(topic: string): number {
    const sub = this.subs.find((s) => topicMatches(s.topic, topic))?.id ?? 0;
    if (this.subOfTopic.size >= 10_000) this.subOfTopic.clear();
    this.subOfTopic.set(topic, sub);
    return sub;
  }

  private async subscribeAll(): Promise<void> {
    const client = this.client;
    if (!client) return;
    await Promise.all(this.subs.map((s) => this.subscribeOne(client, s)));
    this.changed.fire();
  }

  private async subscribeOne(client: MqttClient, sub: ActiveSubscription): Promise<void> {
    try {
      const grants: ISubscriptionGrant[] = await client.subscribeAsync(sub.topic, { qos: sub.qos });
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
    }
    if (sub.error) this.log.warn(`[${this.name}] subscribe ${sub.topic}: ${sub.error}`);
  }

  private setState(state: ConnectionState, detail: string | undefined): void {
    if (this.stateValue === state && this.detailValue === detail) return;
    this.stateValue = state;
    this.detailValue = detail;
    this.changed.fire();
  }
}
