import type { ConnectionErrorKind } from './connectionError';

export const SET_PASSWORD = 'Set Password';
export const USE_UNIQUE_CLIENT_ID = 'Use a Unique Client Id';

/** A button of a connection failure's notification. */
export type FailureAction = typeof SET_PASSWORD | typeof USE_UNIQUE_CLIENT_ID;

/**
 * What the user can do about a connection failure: connect with a unique client id when another
 * client took the session over; set the password when the broker refused the login or the TLS key
 * did not open (the kind the connection reports, else its words: a key passphrase error is TLS's).
 */
export function failureActions(message: string, kind?: ConnectionErrorKind): FailureAction[] {
  if (kind === 'sessionTakenOver') return [USE_UNIQUE_CLIENT_ID];
  if (kind === 'credentialsRefused' || /user name or password|not authori[sz]ed|key passphrase/i.test(message)) return [SET_PASSWORD];
  return [];
}
