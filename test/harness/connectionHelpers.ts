import type { Connection } from '../../src/extension/connection/connection';
import type { Logger } from '../../src/extension/base/logger';
import type { MessageStore } from '../../src/extension/store/messageStore';
import type { Profile, ProtocolVersion } from '../../src/extension/profiles/profile';
import type { ConnectionState } from '../../src/shared/connection/connectionInfo';

export const limits = { maxMessages: 10_000, maxBytes: 64 << 20 };

export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

/** A profile with short timings, for tests; `extra` overrides any field. */
export function testProfile(url: string, version: ProtocolVersion, extra: Partial<Profile> = {}): Profile {
  return {
    name: `p-${version}`,
    url,
    protocolVersion: version,
    clean: true,
    keepalive: 30,
    connectTimeout: 5,
    reconnect: { enabled: true, period: 200 },
    subscriptions: [],
    ...extra,
  };
}

/** A client id unique to this run, readable in broker logs. */
export const uniqueId = (prefix: string): string => `${prefix}-${process.pid % 1000}-${Math.floor(Math.random() * 1e6)}`;

/** Resolves once the store holds at least `count` messages (woken by appends, no polling). */
export function waitForMessages(store: MessageStore, count: number, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`only ${store.size} of ${count} messages arrived`)); }, timeoutMs);
    const check = (): void => {
      if (store.size >= count) {
        clearTimeout(timer);
        resolve();
      } else store.onNextAppend(check);
    };
    check();
  });
}

/** Topics and payloads of everything in the store, oldest first. */
export function storedMessages(store: MessageStore): { topic: string; payload: string }[] {
  const out: { topic: string; payload: string }[] = [];
  for (let seq = store.firstSeq; seq < store.firstSeq + store.size; seq++) {
    const m = store.get(seq);
    if (m) out.push({ topic: m.topic, payload: Buffer.from(m.payload).toString() });
  }
  return out;
}

/** Resolves when the connection reaches `state` (woken by onDidChange), with the time it took. */
export function waitForState(connection: Connection, state: ConnectionState, timeoutMs = 10_000): Promise<number> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    if (connection.state === state) {
      resolve(0);
      return;
    }
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`"${connection.name}" stayed ${connection.state} (${connection.detail ?? ''}); expected ${state} within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = connection.onDidChange(() => {
      if (connection.state === state) {
        clearTimeout(timer);
        sub.dispose();
        resolve(Date.now() - start);
      }
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves once a message with this payload is in the store (woken by appends). */
export function waitForPayload(store: MessageStore, payload: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`"${payload}" did not arrive; got ${JSON.stringify(storedMessages(store))}`)); }, timeoutMs);
    const check = (): void => {
      if (storedMessages(store).some((m) => m.payload === payload)) {
        clearTimeout(timer);
        resolve();
      } else store.onNextAppend(check);
    };
    check();
  });
}
