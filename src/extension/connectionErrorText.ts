import { reasonText } from '../shared/reasonCodes';

/**
 * Turns what mqtt.js or Node reports into a sentence a user can act on. Errors carry a string
 * `code` from Node's network stack, or a numeric reason code from a refused CONNACK.
 */
export function connectionErrorText(error: unknown, url: string, protocolVersion: 3 | 4 | 5): string {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const code = e?.code;
  let where = url;
  try {
    const u = new URL(url);
    where = u.host;
  } catch {
    /* keep the raw url */
  }
  if (typeof code === 'number') return `The broker refused the connection: ${reasonText(code, 'connack', protocolVersion)}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${where}: is the broker running and listening on that port?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Host not found: ${where}. Check the broker URL.`;
    case 'ETIMEDOUT':
      return `No answer from ${where} (timed out). Check the address and any firewall.`;
    case 'ECONNRESET':
      return `The connection to ${where} was reset by the other side.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached from this machine.`;
    default: {
      const message = typeof e?.message === 'string' ? e.message : String(error);
      return `Connection to ${where} failed: ${message}`;
    }
  }
}
