import type { ConnectionState } from '../../shared/connection/connectionInfo';

export const RECONNECT_NOW = 'Reconnect Now';

/**
 * Why a profile whose password (or settings) just changed should reconnect, in words, by the
 * state of its connection; undefined when there is nothing to offer (disconnected: the next
 * Connect reads the new one anyway; connecting: that attempt is under way). A live connection
 * keeps what it connected with, and a failed one waits for the user (issue 22, item 9).
 */
export function reconnectOfferText(state: ConnectionState | undefined, name: string, changed: string): string | undefined {
  switch (state) {
    case 'connected':
      return `"${name}" is still connected with the previous ${changed}.`;
    case 'reconnecting':
      return `"${name}" is still trying to reconnect with the previous ${changed}.`;
    case 'error':
      return `"${name}" failed to connect; connect it again with the new ${changed}?`;
    default:
      return undefined;
  }
}
