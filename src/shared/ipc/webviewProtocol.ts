import type { RequestTable } from './envelope';

/** Params from untrusted input, rebuilt from their known fields only, or undefined when malformed. */
export type Validator<P> = (params: unknown) => P | undefined;

/**
 * One concern's protocol between the host and a webview: the requests (method → params and
 * result) and notifications (method → params) the webview may send, each with the validator the
 * host runs before acting on it, and the notifications the host sends (`HostNotifications`, a
 * type only: the host is trusted). The host registers a handler per method of a protocol
 * (`WebviewRouter`); a webview channel may speak several protocols.
 */
export interface WebviewProtocol<Requests extends RequestTable<Requests>, Notifications, HostNotifications> {
  /** A validator for every request the webview may send. */
  readonly requests: { readonly [M in keyof Requests]: Validator<Requests[M]['params']> };
  /** A validator for every notification the webview may send. */
  readonly notifications: { readonly [M in keyof Notifications]: Validator<Notifications[M]> };
  /**
   * Never set: names the host's notifications in the protocol's type, so that the host's typed
   * notifier (`WebviewRouter.notifier`) can be had from the protocol value alone.
   */
  readonly hostNotifications?: HostNotifications;
}

/** A params table without entries: the protocol has no messages of that kind. */
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- an empty table is what is meant
export type NoMessages = Record<never, never>;

/** A plain object (not null, not an array): the only shape params may have. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A whole number ≥ 0 that JavaScript counts exactly (ids, positions, counts). */
export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
/** The validator of a message without params: whatever was sent, it becomes `{}`. */
export const noParams: Validator<Record<string, never>> = () => ({});
