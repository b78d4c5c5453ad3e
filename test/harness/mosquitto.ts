import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort';

export interface MosquittoOptions {
  /** Users and passwords; when set, anonymous clients are refused. */
  users?: Record<string, string>;
  /** Also open a WebSocket listener. */
  websockets?: boolean;
  /** Extra lines for mosquitto.conf. */
  extraConfig?: string[];
  /** Listen on this port instead of a free one (e.g. to restart a broker where clients expect it). */
  port?: number;
  /**
   * Also open TLS listeners with these PEM files: `tlsPort` (server certificate only),
   * `mtlsPort` (`require_certificate true`, client certificates signed by `ca`) and, with
   * `websockets`, `wssPort` (WebSocket over TLS).
   */
  tls?: { ca: string; cert: string; key: string };
  /**
   * mosquitto `log_type`s; `all` by default (connects, subscribes and every PUBLISH). Load tests
   * pass `['error', 'warning', 'notice', 'information']`: the log is kept in memory, and a line per message at
   * 20k msg/s would grow this process by megabytes a second.
   */
  logTypes?: string[];
}

export interface Mosquitto {
  port: number;
  wsPort?: number;
  tlsPort?: number;
  mtlsPort?: number;
  wssPort?: number;
  url: string;
  /** Everything the broker logged so far (`log_type all`): connect lines show protocol and flags. */
  log(): string;
  /**
   * Waits until the broker log matches `pattern` (the broker logs every connect and subscribe),
   * looking only at what was logged from character `from` on (see `log().length`).
   */
  waitForLog(pattern: RegExp, timeoutMs?: number, from?: number): Promise<string>;
  stop(): Promise<void>;
  /** SIGKILL, for a caller that leaves at once (its temp folder stays). */
  kill(): void;
}

const MOSQUITTO = process.env.TRACEMQ_MOSQUITTO ?? '/usr/sbin/mosquitto';

/**
 * Starts a real mosquitto on free loopback ports with a generated config, and resolves once it
 * has opened its listeners (read from its own log, not by polling).
 */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  if (!existsSync(MOSQUITTO)) {
    throw new Error(`mosquitto not found at ${MOSQUITTO}: apt-get install -y mosquitto mosquitto-clients`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tracemq-mosquitto-'));
  const port = options.port ?? (await freePort());
  const wsPort = options.websockets ? await freePort() : undefined;
  const tlsPort = options.tls ? await freePort() : undefined;
  const mtlsPort = options.tls ? await freePort() : undefined;
  const wssPort = options.tls && options.websockets ? await freePort() : undefined;
  const lines = [
    // Stay root: the generated files in the temp folder are then readable without chmod games.
    'user root',
    'log_dest stderr',
    ...(options.logTypes ?? ['all']).map((t) => `log_type ${t}`),
    'connection_messages true',
    'persistence false',
    'max_queued_messages 100000',
    `listener ${port} 127.0.0.1`,
    'protocol mqtt',
  ];
  if (options.users) {
    const passwordFile = join(dir, 'passwd');
    writeFileSync(passwordFile, '');
    for (const [user, password] of Object.entries(options.users)) {
      execFileSync('mosquitto_passwd', ['-b', passwordFile, user, password]);
    }
    lines.push('allow_anonymous false', `password_file ${passwordFile}`);
  } else {
    lines.push('allow_anonymous true');
  }
  if (wsPort !== undefined) lines.push(`listener ${wsPort} 127.0.0.1`, 'protocol websockets');
  if (options.tls) {
    const files = [`cafile ${options.tls.ca}`, `certfile ${options.tls.cert}`, `keyfile ${options.tls.key}`];
    lines.push(`listener ${String(tlsPort)} 127.0.0.1`, 'protocol mqtt', ...files);
    lines.push(`listener ${String(mtlsPort)} 127.0.0.1`, 'protocol mqtt', ...files, 'require_certificate true');
    if (wssPort !== undefined) lines.push(`listener ${wssPort} 127.0.0.1`, 'protocol websockets', ...files);
  }
  lines.push(...(options.extraConfig ?? []));
  // per_listener_settings is off: security settings above apply to every listener.
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, lines.join('\n') + '\n');

  const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const watchers = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const w of [...watchers]) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const waitForLog = (pattern: RegExp, timeoutMs = 10_000, from = 0): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = pattern.exec(output.slice(from));
        if (m) {
          watchers.delete(check);
          clearTimeout(timer);
          resolve(m[0]);
        } else if (exited) {
          watchers.delete(check);
          clearTimeout(timer);
          reject(new Error(`mosquitto exited before logging ${pattern}:\n${output}`));
        }
      };
      const timer = setTimeout(() => {
        watchers.delete(check);
        reject(new Error(`mosquitto did not log ${pattern} within ${timeoutMs} ms:\n${output.slice(-3000)}`));
      }, timeoutMs);
      watchers.add(check);
      void exit.then(check);
      check();
    });

  await waitForLog(/running/);
  const broker: Mosquitto = {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    log: () => output,
    waitForLog,
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await exit;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (wsPort !== undefined) broker.wsPort = wsPort;
  if (tlsPort !== undefined) broker.tlsPort = tlsPort;
  if (mtlsPort !== undefined) broker.mtlsPort = mtlsPort;
  if (wssPort !== undefined) broker.wssPort = wssPort;
  return broker;
}

/** Runs `mosquitto_pub` against a broker (the C reference client, not our code). */
export function mosquittoPub(port: number, args: string[]): void {
  execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 10_000 });
}

/** A client of mosquitto's dynamic security plugin: a user name, its password, its roles. */
export interface DynsecClient {
  username: string;
  password: string;
  roles: string[];
}

/** A role: ACL entries as dynamic security names them (publishClientSend, subscribePattern…). */
export interface DynsecRole {
  rolename: string;
  acls: { acltype: string; topic: string; allow: boolean }[];
}

const DYNSEC_PLUGIN = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

/**
 * Config lines for mosquitto's dynamic security plugin (shipped with Debian's mosquitto), with its
 * JSON written into `dir`: unlike `acl_file`, its ACLs refuse a SUBSCRIBE (SUBACK 0x87) as well as
 * a PUBLISH, and its control topic can kick a client. Passwords are hashed the way the plugin
 * reads them (PBKDF2-SHA512, 101 iterations).
 */
export function dynamicSecurity(dir: string, clients: DynsecClient[], roles: DynsecRole[]): string[] {
  if (!existsSync(DYNSEC_PLUGIN)) throw new Error(`${DYNSEC_PLUGIN} not found: apt-get install -y mosquitto`);
  const config = {
    defaultACLAccess: { publishClientSend: false, publishClientReceive: true, subscribe: false, unsubscribe: true },
    clients: clients.map((c) => {
      const salt = randomBytes(12);
      return {
        username: c.username,
        roles: c.roles.map((rolename) => ({ rolename })),
        password: pbkdf2Sync(c.password, salt, 101, 64, 'sha512').toString('base64'),
        salt: salt.toString('base64'),
        iterations: 101,
      };
    }),
    groups: [],
    roles,
  };
  const file = join(dir, 'dynamic-security.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return [`plugin ${DYNSEC_PLUGIN}`, `plugin_opt_config_file ${file}`];
}
