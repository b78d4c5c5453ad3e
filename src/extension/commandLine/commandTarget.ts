import { brokerEndpoint, usesTls } from '../connection/mqttOptions';
import type { Profile } from '../profiles/profile';
import { resolveCertificatePath } from '../profiles/profileParser';
import { shellQuote } from './shellQuote';

/** The profile a command connects like, and its workspace folder (relative certificate paths are relative to it). */
export interface CommandTarget {
  profile: Profile;
  folder?: string;
}

/** A command cannot be built for this input (the message says why, in words). */
export class CommandLineError extends Error {
  override name = 'CommandLineError';
}

/** The shell variable a copied command reads the password from; its value is never written into a command. */
export const PASSWORD_VARIABLE = 'MQTT_PASSWORD';
/** `-P "$MQTT_PASSWORD"`'s value: double quotes, so the shell expands the variable and keeps spaces in it. */
export const PASSWORD_REFERENCE = `"$${PASSWORD_VARIABLE}"`;

/** `# …` comment lines for what a command leaves out, then the command. */
export function withNotes(notes: readonly string[], command: string): string {
  return [...notes.map((n) => `# ${n.replace(/\r?\n/g, ' ')}`), command].join('\n');
}

export interface Endpoint {
  scheme: 'mqtt' | 'mqtts' | 'ws' | 'wss';
  host: string;
  /** Absent when the URL has none (the tool's default for the scheme applies). */
  port?: number;
  /** ws/wss: the path of the URL or `websocket.path`. */
  path?: string;
}

/** Where the profile connects, in the terms of a command-line tool. */
export function endpointOf(profile: Profile): Endpoint {
  const e = brokerEndpoint(profile.url, usesTls(profile));
  const scheme = e.protocol === 'mqtts' || e.protocol === 'wss' || e.protocol === 'ws' ? e.protocol : 'mqtt';
  const endpoint: Endpoint = { scheme, host: e.host ?? 'localhost' };
  if (e.port !== undefined) endpoint.port = e.port;
  if (scheme === 'ws' || scheme === 'wss') {
    const path = profile.websocket?.path ?? (e.path && e.path !== '/' ? e.path : undefined);
    if (path !== undefined) endpoint.path = path;
  }
  return endpoint;
}

/**
 * The certificate options (`ca`, `cert`, `key`) with absolute paths where the profile's folder
 * makes them so; a relative path of a user profile stays as written, with a note.
 */
export function certificateArgs(target: CommandTarget, flags: { ca: string; cert: string; key: string }, notes: string[]): string[] {
  const tls = target.profile.tls;
  const args: string[] = [];
  for (const field of ['ca', 'cert', 'key'] as const) {
    const file = tls?.[field];
    if (file === undefined) continue;
    const absolute = resolveCertificatePath(file, target.folder);
    if (absolute === undefined) notes.push(`${file} is relative to the folder the profile was written for; run the command from there.`);
    args.push(flags[field], shellQuote(absolute ?? file));
  }
  return args;
}
