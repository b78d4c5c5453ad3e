import type { JsonValue } from '../../shared/json/jsonValue';
import { shellWords, simpleCommands, ShellSyntaxError, type ShellWord } from '../commandLine/shellWords';
import { brokerUrl, compact, ConnectionContext, finishConnection, hostProblem } from './connectionReader';
import type { ImportedConnection } from './importTypes';
import { MAX_IMPORT_CONNECTIONS } from './mqttxImport';

type Tool = 'mosquitto_sub' | 'mosquitto_pub' | 'mqttx';

/** How an option takes its value: none, one word, several words (until the next option), or mosquitto's `-D command name value [value]`. */
type Arity = 0 | 1 | 'many' | 'optional' | 'property';

interface OptionSpec {
  key: string;
  arity: Arity;
}

function table(entries: [string, string, Arity][]): Map<string, OptionSpec> {
  const map = new Map<string, OptionSpec>();
  for (const [names, key, arity] of entries) for (const name of names.split(' ')) map.set(name, { key, arity });
  return map;
}

/** mosquitto_sub and mosquitto_pub 2.0 (their `--help` and man pages). */
const MOSQUITTO = table([
  ['-h --host', 'host', 1], ['-p --port', 'port', 1], ['-L --url', 'url', 1], ['-i --id', 'id', 1], ['-I --id-prefix', 'id-prefix', 1],
  ['-u --username', 'username', 1], ['-P --pw', 'password', 1], ['-V --protocol-version', 'version', 1], ['-k --keepalive', 'keepalive', 1],
  ['-x --session-expiry-interval', 'session-expiry', 1], ['-t --topic', 'topic', 1], ['-q --qos', 'qos', 1], ['-c --disable-clean-session', 'no-clean', 0],
  ['--cafile', 'ca', 1], ['--capath', 'capath', 1], ['--cert', 'cert', 1], ['--key', 'key', 1], ['--insecure', 'insecure', 0], ['--tls-use-os-certs', 'os-certs', 0],
  ['--ciphers', 'ciphers', 1], ['--tls-version', 'tls-version', 1], ['--tls-alpn', 'alpn', 1], ['--tls-engine', 'tls-engine', 1], ['--keyform', 'keyform', 1],
  ['--tls-engine-kpass-sha1', 'tls-engine-kpass', 1], ['--psk', 'psk', 1], ['--psk-identity', 'psk-identity', 1], ['--proxy', 'proxy', 1], ['--unix', 'unix', 1], ['-A', 'bind', 1],
  ['--will-topic', 'will-topic', 1], ['--will-payload', 'will-payload', 1], ['--will-qos', 'will-qos', 1], ['--will-retain', 'will-retain', 0], ['-D --property', 'property', 'property'],
  // Publish and output options: about a run of the tool, not the connection.
  ['-m --message', 'message', 1], ['-f --file', 'message', 1], ['-s --stdin-file', 'message', 0], ['-l --stdin-line', 'message', 0], ['-n --null-message', 'message', 0],
  ['-r --retain', 'message', 0], ['--repeat', 'message', 1], ['--repeat-delay', 'message', 1], ['-M', 'output', 1], ['-F', 'output', 1], ['-C', 'output', 1], ['-W', 'output', 1],
  ['-T --filter-out', 'output', 1], ['-U --unsubscribe', 'output', 1], ['--random-filter', 'output', 1], ['-d --debug', 'output', 0], ['--quiet', 'output', 0], ['--nodelay', 'output', 0],
  ['-v --verbose', 'output', 0], ['-N', 'output', 0], ['-R', 'output', 0], ['-E', 'output', 0], ['--retained-only', 'output', 0], ['--pretty', 'output', 0],
  ['--remove-retained', 'output', 0], ['--retain-as-published', 'rap', 0], ['--help', 'output', 0],
]);

/** mqttx 1.x `conn`, `sub` and `pub` (emqx/MQTTX `cli/src/index.ts`). */
const MQTTX = table([
  ['-h --hostname', 'host', 1], ['-p --port', 'port', 1], ['-i --client-id', 'id', 1], ['-k --keepalive', 'keepalive', 1], ['-u --username', 'username', 1],
  ['-P --password', 'password', 1], ['-l --protocol', 'protocol', 1], ['--path', 'path', 1], ['--key', 'key', 1], ['--cert', 'cert', 1], ['--ca', 'ca', 1],
  ['--insecure', 'insecure', 0], ['--alpn', 'alpn', 'many'], ['-rp --reconnect-period', 'reconnect-period', 1], ['--maximum-reconnect-times', 'max-reconnect', 1],
  ['-V --mqtt-version', 'version', 1], ['--no-clean', 'no-clean', 0], ['-se --session-expiry-interval', 'session-expiry', 1], ['--rcv-max --receive-maximum', 'receive-maximum', 1],
  ['--maximum-packet-size', 'maximum-packet-size', 1], ['--topic-alias-maximum', 'topic-alias-maximum', 1], ['--req-response-info', 'req-response-info', 0],
  ['--no-req-problem-info', 'no-req-problem-info', 0], ['-Cup --conn-user-properties', 'conn-user-properties', 'many'], ['-wh --ws-headers', 'ws-headers', 'many'],
  ['-Wt --will-topic', 'will-topic', 1], ['-Wm --will-message', 'will-payload', 1], ['-Wq --will-qos', 'will-qos', 1], ['-Wr --will-retain', 'will-retain', 0],
  ['-Wd --will-delay-interval', 'will-delay', 1], ['-We --will-message-expiry-interval', 'will-expiry', 1], ['-Wup --will-user-properties', 'will-user-properties', 'many'],
  ['-Wpf --will-payload-format-indicator', 'will-pfi', 0], ['-Wct --will-content-type', 'will-content-type', 1], ['-Wrt --will-response-topic', 'will-response-topic', 1],
  ['-Wcd --will-correlation-data', 'will-correlation-data', 1], ['-so --save-options', 'output', 'optional'], ['-lo --load-options', 'load-options', 'optional'],
  ['--debug', 'output', 0], ['-t --topic', 'topic', 'many'], ['-q --qos', 'qos', 'many'], ['-nl --no_local', 'nl', 'optional'], ['-rap --retain-as-published', 'rap', 'optional'],
  ['-rh --retain-handling', 'rh', 'many'], ['-si --subscription-identifier', 'si', 'many'], ['-up --user-properties', 'user-properties', 'many'],
  ['-f --format', 'output', 1], ['-v --verbose', 'output', 0], ['--output-mode', 'output', 1], ['--file-write', 'output', 1], ['--file-save', 'output', 1], ['--delimiter', 'output', 1],
  ['-m --message', 'message', 1], ['-r --retain', 'message', 0], ['-d --dup', 'message', 0], ['-s --stdin', 'message', 0], ['-M --multiline', 'message', 0],
  ['-pf --payload-format-indicator', 'message', 0], ['-e --message-expiry-interval', 'message', 1], ['-ta --topic-alias', 'message', 1], ['-rt --response-topic', 'message', 1],
  ['-cd --correlation-data', 'message', 1], ['-ct --content-type', 'message', 1], ['--file-read', 'message', 1], ['-Pp --protobuf-path', 'output', 1],
  ['-Pmn --protobuf-message-name', 'output', 1], ['-Ap --avsc-path', 'output', 1],
]);

interface ParsedCommand {
  tool: Tool;
  values: Map<string, ShellWord[]>;
  /** `-D command name value [value]` of mosquitto, in order. */
  properties: ShellWord[][];
  unknown: string[];
}

const programOf = (word: string): string => word.slice(word.lastIndexOf('/') + 1);

/** True when the text's first line runs mosquitto_sub, mosquitto_pub or mqttx (a `$ ` prompt and a pipe before it are allowed). */
export function looksLikeCommandLine(text: string): boolean {
  const line = text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  return /(^\s*(\$\s+)?|[|;&]\s*)([A-Za-z_]\w*=\S*\s+)*(sudo\s+)?(\S*\/)?(mosquitto_sub|mosquitto_pub|mqttx)(\s|$)/.test(line);
}

/**
 * Profiles from `mosquitto_sub`, `mosquitto_pub` and `mqttx sub|pub|conn` command lines (one or
 * several, as pasted from a README or a ticket). The words are split like a POSIX shell does, but
 * nothing is expanded or run: a value written as `$VAR` is not known, and a password written so is
 * left for "TraceMQ: Set Password".
 */
export function importCommandLines(text: string): { connections: ImportedConnection[]; problems: string[] } {
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  let commands: ShellWord[][];
  try {
    // A "$ " prompt pasted with the command is not part of it.
    commands = simpleCommands(shellWords(text.replace(/^(\s*)\$(\s)/gm, '$1 $2')));
  } catch (e) {
    if (e instanceof ShellSyntaxError) return { connections: [], problems: [`Line ${lineOf(e.offset)}: ${e.message}`] };
    throw e;
  }
  const connections: ImportedConnection[] = [];
  const problems: string[] = [];
  const names = new Set<string>();
  for (const words of commands) {
    let at = 0;
    // Skip `sudo` and `NAME=value` assignments before the program.
    while (at < words.length && (words[at]?.text === 'sudo' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[at]?.text ?? ''))) at++;
    const program = programOf(words[at]?.text ?? '');
    if (program !== 'mosquitto_sub' && program !== 'mosquitto_pub' && program !== 'mqttx') continue;
    if (connections.length >= MAX_IMPORT_CONNECTIONS) break;
    const first = words[at];
    const line = first ? lineOf(first.offset) : 1;
    let tool: Tool = program;
    let args = words.slice(at + 1);
    let label = `${program} on line ${line}`;
    if (program === 'mqttx') {
      const sub = args[0]?.text;
      if (sub !== 'sub' && sub !== 'pub' && sub !== 'conn') {
        problems.push(`Line ${line}: TraceMQ reads "mqttx sub", "mqttx pub" and "mqttx conn"${sub ? `, not "mqttx ${sub.slice(0, 40)}"` : ''}.`);
        continue;
      }
      label = `mqttx ${sub} on line ${line}`;
      tool = 'mqttx';
      args = args.slice(1);
    }
    const ctx = new ConnectionContext(undefined, label);
    const connection = readCommand(tool, program === 'mqttx' ? (words[at + 1]?.text ?? '') : '', args, ctx, names, `line ${line}`);
    if (connection) connections.push(connection);
    else problems.push(...ctx.errors);
  }
  if (connections.length === 0 && problems.length === 0) problems.push('No mosquitto_sub, mosquitto_pub or mqttx command was found in the text.');
  return { connections, problems };
}

function parseOptions(tool: Tool, args: ShellWord[], ctx: ConnectionContext): ParsedCommand {
  const spec = tool === 'mqttx' ? MQTTX : MOSQUITTO;
  const parsed: ParsedCommand = { tool, values: new Map(), properties: [], unknown: [] };
  const put = (key: string, words: ShellWord[]): void => {
    parsed.values.set(key, [...(parsed.values.get(key) ?? []), ...words]);
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (!word) continue;
    let name = word.text;
    let inline: ShellWord | undefined;
    const eq = name.indexOf('=');
    if (name.startsWith('--') && eq > 0) {
      inline = { ...word, text: name.slice(eq + 1) };
      name = name.slice(0, eq);
    }
    const option = spec.get(name);
    if (!option) {
      if (name.startsWith('-')) parsed.unknown.push(name.slice(0, 60));
      else ctx.drop(`"${name.slice(0, 60)}" (an argument TraceMQ does not know)`);
      continue;
    }
    const isOption = (w: ShellWord | undefined): boolean => w !== undefined && /^-[A-Za-z-]/.test(w.text);
    if (option.arity === 0) {
      put(option.key, [{ ...word, text: 'true' }]);
    } else if (option.arity === 1) {
      const value = inline ?? args[++i];
      if (!value) {
        ctx.error([], `${name} needs a value.`);
        continue;
      }
      put(option.key, [value]);
    } else if (option.arity === 'property') {
      const cmd = args[i + 1];
      const prop = args[i + 2];
      const count = prop?.text === 'user-property' ? 2 : 1;
      const values = args.slice(i + 3, i + 3 + count);
      if (!cmd || !prop || values.length < count) {
        ctx.error([], `${name} needs a command, a property name and ${count === 2 ? 'two values' : 'a value'}.`);
        break;
      }
      parsed.properties.push([cmd, prop, ...values]);
      i += 2 + count;
    } else {
      const values: ShellWord[] = inline ? [inline] : [];
      while (i + 1 < args.length && !isOption(args[i + 1])) {
        const next = args[i + 1];
        if (!next) break;
        if (option.arity === 'optional' && option.key !== 'load-options' && option.key !== 'output' && next.text !== 'true' && next.text !== 'false') break;
        values.push(next);
        i++;
        if (option.arity === 'optional' && (option.key === 'load-options' || option.key === 'output')) break;
      }
      if (option.arity === 'optional' && values.length === 0) values.push({ ...word, text: 'true' });
      if (option.arity === 'many' && values.length === 0) {
        ctx.error([], `${name} needs a value.`);
        continue;
      }
      put(option.key, values);
    }
  }
  return parsed;
}

const UINT32_MAX = 0xffff_ffff;

function readCommand(tool: Tool, mqttxCommand: string, args: ShellWord[], ctx: ConnectionContext, names: Set<string>, origin: string): ImportedConnection | undefined {
  const p = parseOptions(tool, args, ctx);
  const mosquitto = tool !== 'mqttx';
  const last = (key: string): ShellWord | undefined => p.values.get(key)?.at(-1);
  const all = (key: string): ShellWord[] => p.values.get(key) ?? [];
  const flag = (key: string): boolean => last(key)?.text === 'true';
  /** The value of an option, refused when the shell would expand it (we do not know what it is). */
  const value = (key: string, option: string): string | undefined => {
    const w = last(key);
    if (w?.expands) {
      ctx.error([], `${option} is written with a shell expansion (${w.text.slice(0, 40)}); write the value itself.`);
      return undefined;
    }
    return w?.text;
  };
  const int = (key: string, option: string, min: number, max: number): number | undefined => {
    const text = value(key, option);
    if (text === undefined) return undefined;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.error([], `${option} must be a whole number from ${min} to ${max.toLocaleString('en-US')} (got ${JSON.stringify(text.slice(0, 40))}).`);
      return undefined;
    }
    return n;
  };
  for (const u of p.unknown) ctx.drop(`${u} (an option TraceMQ does not know)`);
  if (p.values.has('message')) ctx.drop(mosquitto || mqttxCommand === 'pub' ? 'the message to publish (-t, -m and the like): TraceMQ imports the connection' : 'the message options');
  if (p.values.has('load-options')) ctx.drop('--load-options (TraceMQ does not read mqttx\'s options file)');

  let scheme = 'mqtt';
  let host = value('host', mosquitto ? '-h' : '-h/--hostname') ?? 'localhost';
  let port = int('port', '-p', 1, 65535);
  let username = value('username', '-u');
  let password: string | undefined;
  const passwordWord = last('password');
  if (passwordWord?.expands) ctx.drop(`the password (read from ${passwordWord.text.slice(0, 40)} in the shell; set it with "TraceMQ: Set Password")`);
  else password = passwordWord?.text;
  const topics: string[] = [];

  const urlText = mosquitto ? value('url', '-L') : undefined;
  if (urlText !== undefined) {
    let u: URL | undefined;
    try {
      u = new URL(urlText);
    } catch {
      ctx.error([], `-L ${JSON.stringify(urlText.slice(0, 80))} is not a URL like mqtt://host:1883/topic.`);
    }
    if (u) {
      if (u.protocol !== 'mqtt:' && u.protocol !== 'mqtts:') ctx.error([], `-L takes mqtt:// or mqtts:// URLs (got ${u.protocol}//).`);
      scheme = u.protocol === 'mqtts:' ? 'mqtts' : 'mqtt';
      host = u.hostname.replace(/^\[(.*)\]$/, '$1');
      if (u.port !== '') port = Number(u.port);
      if (u.username) username = decodeURIComponent(u.username);
      if (u.password) password = decodeURIComponent(u.password);
      const topic = decodeURIComponent(u.pathname.slice(1));
      if (topic !== '' && tool === 'mosquitto_sub') topics.push(topic);
    }
  }

  // TLS: mosquitto turns it on with a CA (file, directory or the system's); mqttx with -l mqtts/wss.
  const tls: Record<string, JsonValue | undefined> = {};
  let tlsOn = scheme === 'mqtts';
  if (mosquitto) {
    if (p.values.has('ca') || p.values.has('capath') || p.values.has('os-certs') || p.values.has('cert')) tlsOn = true;
    if (p.values.has('capath')) ctx.drop('--capath (TraceMQ takes a CA file, not a directory; the system\'s CAs are used)');
    if (flag('insecure')) ctx.drop('--insecure (mosquitto skips only the host name check; TraceMQ checks the whole certificate or, with insecureSkipVerify, none of it)');
    if (p.values.has('psk')) ctx.error([], '--psk (TLS with a pre-shared key) is not something TraceMQ can connect with.');
    if (p.values.has('unix')) ctx.error([], '--unix: TraceMQ connects over TCP, TLS and WebSocket, not to a Unix socket.');
    if (tlsOn) scheme = 'mqtts';
  } else {
    const protocol = value('protocol', '-l') ?? 'mqtt';
    if (!['mqtt', 'mqtts', 'ws', 'wss'].includes(protocol)) ctx.error([], `-l must be mqtt, mqtts, ws or wss (got ${JSON.stringify(protocol.slice(0, 20))}).`);
    else scheme = protocol;
    tlsOn = scheme === 'mqtts' || scheme === 'wss';
    if (flag('insecure')) tls.insecureSkipVerify = true;
  }
  for (const field of ['ca', 'cert', 'key'] as const) {
    const file = value(field, `--${mosquitto && field === 'ca' ? 'cafile' : field}`);
    if (file !== undefined) tls[field] = file;
  }
  for (const key of ['alpn', 'ciphers', 'tls-version', 'tls-engine', 'keyform', 'tls-engine-kpass', 'proxy', 'bind', 'id-prefix', 'max-reconnect']) {
    if (p.values.has(key)) ctx.drop(`the ${key} option`);
  }

  const versionText = value('version', '-V');
  let version = mosquitto ? '3.1.1' : '5.0';
  if (versionText !== undefined) {
    const v = ({ mqttv5: '5.0', '5': '5.0', '5.0': '5.0', mqttv311: '3.1.1', '311': '3.1.1', '3.1.1': '3.1.1', mqttv31: '3.1', '31': '3.1', '3.1': '3.1' } as Record<string, string>)[versionText];
    if (!v) ctx.error([], `-V ${JSON.stringify(versionText.slice(0, 20))} is not an MQTT version (${mosquitto ? 'mqttv5, mqttv311 or mqttv31' : '5, 3.1.1 or 3.1'}).`);
    else version = v;
  }
  const v5 = version === '5.0';
  const badHost = hostProblem(host);
  if (badHost) ctx.error([], `-h ${badHost}`);
  if (port === undefined && !mosquitto) port = scheme === 'mqtts' ? 8883 : scheme === 'ws' ? 8083 : scheme === 'wss' ? 8084 : 1883;

  let name = `${host}:${port ?? (scheme === 'mqtts' ? 8883 : 1883)}`;
  for (let n = 2; names.has(name); n++) name = `${host}:${port ?? ''} (${n})`;
  names.add(name);

  const raw: Record<string, JsonValue | undefined> = { name, url: brokerUrl(scheme, host, port), protocolVersion: version };
  const clientId = value('id', '-i');
  if (clientId !== undefined) raw.clientId = clientId;
  if (flag('no-clean')) raw.clean = false;
  raw.keepalive = int('keepalive', '-k', 0, 65535) ?? (mosquitto ? 60 : 30);
  const period = int('reconnect-period', '-rp', 0, 3_600_000);
  if (period !== undefined) raw.reconnect = period === 0 ? { enabled: false, period: 1000 } : { enabled: true, period: Math.max(100, period) };
  if (scheme === 'ws' || scheme === 'wss') {
    const headers: Record<string, string> = {};
    for (const w of all('ws-headers')) {
      const m = /^([^:]+):\s*(.*)$/.exec(w.text);
      if (m?.[1]) headers[m[1].trim()] = m[2] ?? '';
    }
    raw.websocket = compact({ path: value('path', '--path') ?? '/mqtt', headers: Object.keys(headers).length > 0 ? headers : undefined });
  }
  if (username !== undefined && username !== '') raw.auth = { username };
  if (tlsOn) raw.tls = compact({ enabled: true, insecureSkipVerify: false, ...tls });

  // MQTT 5 CONNECT properties: mqttx options, or mosquitto's -x and -D connect.
  // mosquitto: -x -1 (or ∞) is "never expires"; -c alone on MQTT 5 means the same.
  const expiryWord = last('session-expiry');
  const neverExpires = mosquitto && (expiryWord?.text === '-1' || expiryWord?.text === '∞' || (expiryWord === undefined && flag('no-clean')));
  const mqtt5: Record<string, JsonValue | undefined> = {
    sessionExpiryInterval: neverExpires ? UINT32_MAX : int('session-expiry', '-x/-se', 0, UINT32_MAX),
    receiveMaximum: int('receive-maximum', '--receive-maximum', 1, 65535),
    maximumPacketSize: int('maximum-packet-size', '--maximum-packet-size', 1, 268_435_456),
    topicAliasMaximum: int('topic-alias-maximum', '--topic-alias-maximum', 0, 65535),
    requestResponseInformation: flag('req-response-info') ? true : undefined,
  };
  if (flag('no-req-problem-info')) ctx.drop('--no-req-problem-info');
  const userProperties: Record<string, string> = {};
  const keyValues = (words: ShellWord[], target: Record<string, string>): void => {
    for (const w of words) {
      const m = /^([^:]+):\s*(.*)$/.exec(w.text);
      if (m?.[1] && m[1].trim() !== '__proto__') target[m[1].trim()] = m[2] ?? '';
    }
  };
  keyValues(mqttxCommand === 'pub' ? all('conn-user-properties') : all('user-properties'), userProperties);
  const will: Record<string, JsonValue | undefined> = {};
  const willUser: Record<string, string> = {};
  keyValues(all('will-user-properties'), willUser);
  for (const [cmd, prop, v1, v2] of p.properties.map((ws) => ws.map((w) => w.text))) {
    const num = (): number | undefined => (v1 !== undefined && /^\d+$/.test(v1) ? Number(v1) : undefined);
    if (cmd === 'connect') {
      if (prop === 'session-expiry-interval') mqtt5.sessionExpiryInterval = num();
      else if (prop === 'receive-maximum') mqtt5.receiveMaximum = num();
      else if (prop === 'maximum-packet-size') mqtt5.maximumPacketSize = num();
      else if (prop === 'topic-alias-maximum') mqtt5.topicAliasMaximum = num();
      else if (prop === 'request-response-information') mqtt5.requestResponseInformation = v1 !== '0';
      else if (prop === 'user-property' && v1 !== undefined && v2 !== undefined && v1 !== '__proto__') userProperties[v1] = v2;
      else ctx.drop(`-D connect ${String(prop)}`);
    } else if (cmd === 'will') {
      if (prop === 'will-delay-interval') will.delayInterval = num();
      else if (prop === 'message-expiry-interval') will.messageExpiryInterval = num();
      else if (prop === 'user-property' && v1 !== undefined && v2 !== undefined && v1 !== '__proto__') willUser[v1] = v2;
      else ctx.drop(`-D will ${String(prop)}`);
    } else {
      ctx.drop(`-D ${String(cmd)} ${String(prop)} (a property of the ${String(cmd)} packet, not of the connection)`);
    }
  }
  if (Object.keys(userProperties).length > 0) mqtt5.userProperties = userProperties;
  const m5 = compact(mqtt5);
  if (Object.keys(m5).length > 0) {
    if (v5) raw.mqtt5 = m5;
    else ctx.drop(`the MQTT 5 properties (${Object.keys(m5).join(', ')}): the command uses MQTT ${version}`);
  }

  const willTopic = value('will-topic', '--will-topic');
  if (willTopic !== undefined) {
    will.topic = willTopic;
    will.payload = value('will-payload', '--will-payload') ?? '';
    will.qos = int('will-qos', '--will-qos', 0, 2) ?? 0;
    will.retain = flag('will-retain');
    will.delayInterval ??= int('will-delay', '-Wd', 0, UINT32_MAX);
    will.messageExpiryInterval ??= int('will-expiry', '-We', 0, UINT32_MAX);
    if (Object.keys(willUser).length > 0) will.userProperties = willUser;
    if (!v5) {
      delete will.delayInterval;
      delete will.messageExpiryInterval;
      delete will.userProperties;
    }
    raw.will = compact(will);
  }
  for (const key of ['will-pfi', 'will-content-type', 'will-response-topic', 'will-correlation-data']) if (p.values.has(key)) ctx.drop(`the will's ${key.slice(5)}`);

  // Subscriptions: mosquitto_sub's -t (one -q for all), mqttx sub's -t with -q, -nl, -rap, -rh, -si by position.
  if (tool === 'mosquitto_sub' || mqttxCommand === 'sub') {
    for (const w of all('topic')) topics.push(w.text);
    const qos = all('qos').map((w) => w.text);
    const nth = (list: string[], i: number): string | undefined => list[i] ?? (list.length === 1 ? list[0] : undefined);
    const nl = all('nl').map((w) => w.text);
    const rap = all('rap').map((w) => w.text);
    const rh = all('rh').map((w) => w.text);
    const si = all('si').map((w) => w.text);
    raw.subscriptions = topics.map((topic, i) => {
      const q = Number(nth(qos, i) ?? '0');
      const spec: Record<string, JsonValue | undefined> = { topic, qos: q === 1 || q === 2 ? q : 0 };
      if (v5) {
        if (nth(nl, i) === 'true') spec.noLocal = true;
        if (nth(rap, i) === 'true') spec.retainAsPublished = true;
        const h = Number(nth(rh, i) ?? '0');
        if (h === 1 || h === 2) spec.retainHandling = h;
        const id = nth(si, i);
        if (id !== undefined && /^\d+$/.test(id) && Number(id) >= 1) spec.subscriptionIdentifier = Number(id);
      }
      return compact(spec);
    });
  } else {
    raw.subscriptions = [];
  }
  return finishConnection(ctx, origin, compact(raw), { password });
}
