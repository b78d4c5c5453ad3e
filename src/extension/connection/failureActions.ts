/**
 * The start of the words a connection ends with when another client took its session over (the
 * connection layer recognises a takeover; issue 22, item 5). Matched as text until the
 * connection reports an error kind of its own.
 */
export const TAKEOVER_TEXT = 'Another client connected with client id';

export const SET_PASSWORD = 'Set Password';
export const USE_UNIQUE_CLIENT_ID = 'Use a Unique Client Id';

/** A button of a connection failure's notification. */
export type FailureAction = typeof SET_PASSWORD | typeof USE_UNIQUE_CLIENT_ID;

/**
 * What the user can do about a connection failure, from its message: set the password when the
 * broker refused the login (or the TLS key did not open), connect with a unique client id when
 * another client took the session over.
 */
export function failureActions(message: string): FailureAction[] {
  if (message.includes(TAKEOVER_TEXT)) return [USE_UNIQUE_CLIENT_ID];
  if (/user name or password|not authori[sz]ed|key passphrase/i.test(message)) return [SET_PASSWORD];
  return [];
}
