import mqtt, { type IClientOptions } from 'mqtt';
import { ConnectionError } from '../connection/connectionError';

/** Quiet time after the last retained message (or the SUBACK) before the broker is taken to have sent them all. */
export const PROBE_QUIET_MS = 500;
/** The longest a probe runs, however busy the subtree. */
export const PROBE_MAX_MS = 15_000;
/** Most retained topics a probe collects. */
export const PROBE_MAX_TOPICS = 100_000;

/**
 * Asks the broker which topics matching `filter` hold a retained message: a second, short-lived
 * client (its own client id, clean session) subscribes to the filter and collects the topics of
 * the retained messages the broker sends with the SUBACK, until no more came for `quietMs` (MQTT
 * has no "end of retained messages" marker). A second client, so that the user's subscriptions,
 * log and session are untouched. Resolves with the topics, sorted; rejects in words.
 */
export async function probeRetained(options: IClientOptions, filter: string, quietMs = PROBE_QUIET_MS, maxMs = PROBE_MAX_MS): Promise<string[]> {
  const client = mqtt.connect({ ...options, connectTimeout: 10_000 });
  const found = new Set<string>();
  try {
    await new Promise<void>((resolve, reject) => {
      let quiet: ReturnType<typeof setTimeout> | undefined;
      const finish = () => {
        clearTimeout(quiet);
        clearTimeout(cap);
        resolve();
      };
      const cap = setTimeout(finish, maxMs);
      const rearm = () => {
        clearTimeout(quiet);
        quiet = setTimeout(finish, quietMs);
      };
      client.on('message', (topic, payload, packet) => {
        // Live messages may arrive too; only the retained ones with a value count.
        if (packet.retain && payload.length > 0) found.add(topic);
        if (found.size >= PROBE_MAX_TOPICS) finish();
        else rearm();
      });
      client.on('error', (e) => {
        clearTimeout(quiet);
        clearTimeout(cap);
        reject(new ConnectionError(`Could not ask the broker for its retained messages: ${e.message}`));
      });
      client.once('connect', () => {
        client.subscribe(filter, { qos: 0, rh: 0 }, (e, granted) => {
          const refused = granted?.find((g) => g.qos > 2);
          if (e || refused) {
            clearTimeout(cap);
            reject(new ConnectionError(`The broker refused a subscription to "${filter}" (needed to find its retained messages)${e ? `: ${e.message}` : '.'}`));
            return;
          }
          rearm();
        });
      });
    });
  } finally {
    await client.endAsync(true).catch(() => undefined);
  }
  return [...found].sort();
}
