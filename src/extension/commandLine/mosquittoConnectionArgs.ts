import { usesTls } from '../connection/mqttOptions';
import type { ProtocolVersion } from '../profiles/profile';
import { certificateArgs, endpointOf, PASSWORD_REFERENCE, type CommandTarget } from './commandTarget';
import { shellQuote } from './shellQuote';

const MOSQUITTO_VERSION: Record<ProtocolVersion, string> = { '3.1': 'mqttv31', '3.1.1': 'mqttv311', '5.0': 'mqttv5' };

/** `-V mqttv5` and the like. */
export const mosquittoVersionArgs = (version: ProtocolVersion): string[] => ['-V', MOSQUITTO_VERSION[version]];

/**
 * The options of mosquitto_pub / mosquitto_sub that reach the profile's broker: host, port, user
 * name with the password from `$MQTT_PASSWORD`, and TLS. `tool` names the program in notes.
 */
export function mosquittoConnectionArgs(tool: string, target: CommandTarget, notes: string[]): string[] {
  const { profile } = target;
  const endpoint = endpointOf(profile);
  const args = ['-h', shellQuote(endpoint.host)];
  if (endpoint.port !== undefined) args.push('-p', String(endpoint.port));
  if (endpoint.scheme === 'ws' || endpoint.scheme === 'wss') {
    notes.push(`${tool} connects over TCP only and this profile uses WebSocket (${profile.url}): point -h and -p at the broker's MQTT listener.`);
  }
  if (profile.auth?.username !== undefined) args.push('-u', shellQuote(profile.auth.username), '-P', PASSWORD_REFERENCE);
  if (usesTls(profile)) {
    const certificates = certificateArgs(target, { ca: '--cafile', cert: '--cert', key: '--key' }, notes);
    // mosquitto turns TLS on with a CA: the file, or the system's store.
    if (profile.tls?.ca === undefined) args.push('--tls-use-os-certs');
    args.push(...certificates);
    if (profile.tls?.insecureSkipVerify === true) {
      args.push('--insecure');
      notes.push(`${tool} --insecure skips only the host name check; the certificate must still be signed by the CA.`);
    }
  }
  return args;
}
