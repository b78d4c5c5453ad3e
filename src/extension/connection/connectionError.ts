/**
 * What kind of failure a `ConnectionError` is, for callers that offer a fix: `cancelled` (the
 * user disconnected before the broker answered), `credentialsRefused` (bad user name or password,
 * not authorized: offer Set Password), `sessionTakenOver` (another client uses this client id:
 * offer a unique one). Undefined for everything else, which the message explains in words.
 */
export type ConnectionErrorKind = 'cancelled' | 'credentialsRefused' | 'sessionTakenOver';

/** Raised for failures the user caused or can fix; the message is shown as is. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';

  constructor(
    message: string,
    readonly kind?: ConnectionErrorKind,
  ) {
    super(message);
  }
}
