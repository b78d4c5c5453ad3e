import { spawn } from 'node:child_process';
import type { Mosquitto } from './mosquitto';

/** A subscriber process: what it printed once it exited, or stop it. */
export interface Subscriber {
  /** Everything it printed (stdout and stderr), once it exited; fails after `timeoutMs` with what it printed so far. */
  exited(timeoutMs?: number): Promise<string>;
  stop(): void;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Runs `command` (a subscribing client: mosquitto_sub, or a copied command line through a shell)
 * and resolves once the broker logged a subscription of `clientId` to each of `topics`, so a test
 * can then publish knowing the subscriber is in place. Piped, its stdout is block-buffered: read
 * it after it exited.
 */
export async function startSubscriber(
  broker: Mosquitto,
  command: readonly [string, ...string[]],
  opts: { clientId: string; topics: readonly string[]; env?: NodeJS.ProcessEnv },
): Promise<Subscriber> {
  const from = broker.log().length;
  const [file, ...args] = command;
  const child = spawn(file, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  // 'close', not 'exit': 'exit' can come before the last of stdout has been read, and the output would be cut.
  const exit = new Promise<number | null>((resolve) => child.once('close', resolve));
  for (const topic of opts.topics) await broker.waitForLog(new RegExp(`${escapeRegExp(opts.clientId)} \\d ${escapeRegExp(topic)}`), 10_000, from);
  return {
    exited: async (timeoutMs = 10_000) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const code = await Promise.race([exit, new Promise<'timeout'>((r) => (timer = setTimeout(() => { r('timeout'); }, timeoutMs)))]);
      clearTimeout(timer);
      if (code === 'timeout') {
        child.kill('SIGTERM');
        throw new Error(`${file} did not finish within ${timeoutMs} ms; printed:\n${out}`);
      }
      return out;
    },
    stop: () => child.kill('SIGTERM'),
  };
}

export interface MosquittoSubOptions {
  /** -u and -P. */
  user?: { username: string; password: string };
  /** -V: MQTT 3.1.1 or 5 (mosquitto_sub's default is 3.1.1). */
  version?: '311' | '5';
  /** -q: the subscription's QoS. */
  qos?: 0 | 1 | 2;
  /** -C: exit after this many messages (1 by default). */
  count?: number;
  /** -F: how each message is printed (`%t` topic, `%p` payload, `%x` payload hex, `%P` user properties, …); without it the payload alone, or with `verbose` topic and payload. */
  format?: string;
  /** -v: topic and payload, separated by a space. */
  verbose?: boolean;
  /** --retain-as-published: print the retain flag as the publisher set it. */
  retainAsPublished?: boolean;
  /** -W: give up after this many seconds (it then prints "Timed out"). */
  waitSeconds?: number;
}

/** mosquitto_sub, with what it printed read as lines, as `|`-separated fields, or as the payload's bytes. */
export interface MosquittoSub extends Subscriber {
  /** One line a message. */
  lines(timeoutMs?: number): Promise<string[]>;
  /** The one message's `|`-separated fields (a `format` such as `%t|%p|%q`). */
  fields(timeoutMs?: number): Promise<string[]>;
  /** The one message's payload, byte for byte (only with `format: '%x'`). */
  payload(timeoutMs?: number): Promise<Buffer>;
}

/**
 * Starts `mosquitto_sub` (the C reference client, not our code) on `topic` and resolves once the
 * broker logged its subscription. It exits after `count` messages (one by default).
 */
export async function mosquittoSub(broker: Mosquitto, topic: string, options: MosquittoSubOptions = {}): Promise<MosquittoSub> {
  const o = options;
  const clientId = `ref-sub-${process.pid}-${Math.floor(Math.random() * 1e9)}`;
  const args = ['-h', '127.0.0.1', '-p', String(broker.port), '-i', clientId, '-t', topic, '-C', String(o.count ?? 1)];
  if (o.user) args.push('-u', o.user.username, '-P', o.user.password);
  if (o.version) args.push('-V', o.version);
  if (o.qos !== undefined) args.push('-q', String(o.qos));
  if (o.retainAsPublished) args.push('--retain-as-published');
  if (o.verbose) args.push('-v');
  if (o.format !== undefined) args.push('-F', o.format);
  if (o.waitSeconds !== undefined) args.push('-W', String(o.waitSeconds));
  const sub = await startSubscriber(broker, ['mosquitto_sub', ...args], { clientId, topics: [topic] });
  return {
    ...sub,
    lines: async (timeoutMs) => (await sub.exited(timeoutMs)).trim().split('\n'),
    // Only the final newline goes: a field may end in white space.
    fields: async (timeoutMs) => (await sub.exited(timeoutMs)).replace(/\n$/, '').split('|'),
    payload: async (timeoutMs) => {
      if (o.format !== '%x') throw new Error(`payload() reads hex: start mosquittoSub with format '%x', not ${o.format ?? 'none'}`);
      return Buffer.from((await sub.exited(timeoutMs)).trim(), 'hex');
    },
  };
}
