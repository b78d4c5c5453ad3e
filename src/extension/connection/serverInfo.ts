import type { IConnackPacket } from 'mqtt';
import type { ServerInfo } from '../../shared/connection/connectionInfo';

/** What the broker said in its CONNACK, as plain data the webview can be sent. */
export function serverInfoOf(connack: IConnackPacket): ServerInfo {
  return { sessionPresent: connack.sessionPresent, properties: plainProperties(connack.properties) };
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
