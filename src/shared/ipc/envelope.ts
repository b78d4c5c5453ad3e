/**
 * The one envelope every webview protocol travels in, in both directions:
 * - a notification (`kind: 'notify'`) is fire and forget;
 * - a request (`kind: 'request'`) carries an `id` and settles exactly once: with one response
 *   (`kind: 'response'`, same id) holding a result or an error, or with a time-out on the side
 *   that asked (`RequestTracker`).
 *
 * What travels inside is declared per concern (`src/shared/<concern>/<concern>Protocol.ts`).
 */

import { isCount, isRecord } from './webviewProtocol';

export interface RequestMessage<M extends string = string, P = unknown> {
  kind: 'request';
  id: number;
  method: M;
  params: P;
}

export interface NotifyMessage<M extends string = string, P = unknown> {
  kind: 'notify';
  method: M;
  params: P;
}

export interface ResponseMessage<R = unknown> {
  kind: 'response';
  id: number;
  result?: R;
  /** Set instead of `result` when the request failed; the text is shown to the user. */
  error?: string;
}

/** The shape of a table of requests: method → its params and its result. */
export type RequestTable<Requests> = { [M in keyof Requests]: { params: unknown; result: unknown } };

/** Every request of a table, as it travels. */
export type RequestMessageOf<Requests extends RequestTable<Requests>> = {
  [M in keyof Requests & string]: RequestMessage<M, Requests[M]['params']>;
}[keyof Requests & string];

/** Every notification of a table (method → params), as it travels. */
export type NotifyMessageOf<Notifications> = {
  [M in keyof Notifications & string]: NotifyMessage<M, Notifications[M]>;
}[keyof Notifications & string];

/** A request or notification whose envelope is sound; its params are still unchecked. */
export type UncheckedMessage = RequestMessage | NotifyMessage;

/**
 * Checks the envelope of a message received from a webview (untrusted input): a kind, a method
 * and, for a request, an id. Returns the message with its params still unchecked (the validator
 * of its method checks them), or the reason it was refused.
 */
export function envelopeOf(raw: unknown): { message: UncheckedMessage } | { invalid: string } {
  if (!isRecord(raw)) return { invalid: 'not an object' };
  const { kind, method, params, id } = raw;
  if (typeof method !== 'string') return { invalid: 'no method' };
  if (kind === 'notify') return { message: { kind, method, params } };
  if (kind !== 'request') return { invalid: 'unknown kind' };
  if (!isCount(id)) return { invalid: `${method.slice(0, 80)}: bad id` };
  return { message: { kind, id, method, params } };
}
