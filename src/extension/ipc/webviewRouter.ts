import { envelopeOf, type NotifyMessage, type RequestTable, type ResponseMessage } from '../../shared/ipc/envelope';
import type { Validator, WebviewProtocol } from '../../shared/ipc/webviewProtocol';
import type { Disposable } from '../base/emitter';
import type { Logger } from '../base/logger';

/** What a request handler may ask of the router besides returning its result. */
export interface RequestContext {
  /** Runs `action` right after the reply was posted (a notification that must follow the reply). */
  afterReply(action: () => void): void;
}

/**
 * The handlers of one protocol: one per request (it returns the result or throws; the router
 * replies) and one per notification. A protocol is handled whole: a method without a handler does
 * not compile.
 */
export type ProtocolHandlers<Requests extends RequestTable<Requests>, Notifications> = {
  [M in keyof Requests]: (params: Requests[M]['params'], context: RequestContext) => Requests[M]['result'] | PromiseLike<Requests[M]['result']>;
} & {
  [M in keyof Notifications]: (params: Notifications[M]) => void | PromiseLike<void>;
};

/** Posts one of a protocol's host notifications; resolves like `Webview.postMessage` (false: the view is gone). */
export type Notify<HostNotifications> = <M extends keyof HostNotifications & string>(method: M, params: HostNotifications[M]) => PromiseLike<boolean>;

export interface WebviewRouterOptions {
  /** Posts to the webview (`Webview.postMessage`). */
  post(message: NotifyMessage | ResponseMessage): PromiseLike<boolean>;
  log: Logger;
  /** The webview, as the log names it: `the log view of "p"`. */
  source: string;
  /**
   * Whether an error's message is meant for the user (e.g. a `ConnectionError`): it is replied as
   * is. Any other error is a bug: it is logged and replied as `Failed: <message>`.
   */
  isUserFacing(error: unknown): boolean;
}

interface Route {
  kind: 'request' | 'notify';
  validate: Validator<unknown>;
  handle: (params: unknown, context: RequestContext) => unknown;
}

/** Any protocol whose host notifications are `HostNotifications`. */
type ProtocolWithHostNotifications<HostNotifications> = Pick<WebviewProtocol<never, unknown, HostNotifications>, 'hostNotifications'>;

const NO_CONTEXT: RequestContext = { afterReply: () => undefined };
const quoted = (method: string): string => JSON.stringify(method).slice(0, 80);
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The host's end of one webview: knows methods, not features. Each concern registers its protocol
 * with a handler per method; every message the webview posts (untrusted input) has its envelope
 * and its params checked by the protocol's validator before its handler runs. A request gets
 * exactly one reply: its handler's result, the error it threw, or an error saying the request was
 * unknown or malformed. Anything else that does not fit is logged and ignored.
 */
export class WebviewRouter implements Disposable {
  private readonly routes = new Map<string, Route>();
  private disposed = false;

  constructor(private readonly options: WebviewRouterOptions) {}

  /** Handles `protocol`'s messages with `handlers` until the returned registration is disposed. */
  register<Requests extends RequestTable<Requests>, Notifications, HostNotifications>(
    protocol: WebviewProtocol<Requests, Notifications, HostNotifications>,
    handlers: NoInfer<ProtocolHandlers<Requests, Notifications>>,
  ): Disposable {
    const byMethod = handlers as Record<string, Route['handle'] | undefined>;
    const added: string[] = [];
    const add = (kind: Route['kind'], validators: Record<string, Validator<unknown>>): void => {
      for (const [method, validate] of Object.entries(validators)) {
        const handle = byMethod[method];
        if (!handle) throw new Error(`no handler for ${method}`);
        if (this.routes.has(method)) throw new Error(`${method} is handled twice`);
        this.routes.set(method, { kind, validate, handle });
        added.push(method);
      }
    };
    add('request', protocol.requests);
    add('notify', protocol.notifications);
    return {
      dispose: () => {
        for (const method of added) this.routes.delete(method);
      },
    };
  }

  /** A typed poster of `protocol`'s host notifications. */
  notifier<HostNotifications>(_protocol: ProtocolWithHostNotifications<HostNotifications>): Notify<HostNotifications> {
    return (method, params) => this.options.post({ kind: 'notify', method, params });
  }

  /** Checks, dispatches and answers one message the webview posted; settles when it is handled. */
  async receive(raw: unknown): Promise<void> {
    // The view is closing: nothing it still sends can be answered.
    if (this.disposed) return;
    const envelope = envelopeOf(raw);
    if ('invalid' in envelope) {
      this.ignore(envelope.invalid);
      return;
    }
    const message = envelope.message;
    const { method } = message;
    const route = this.routes.get(method);
    if (message.kind === 'notify') {
      if (route?.kind !== 'notify') {
        this.ignore(`unknown notification ${quoted(method)}`);
        return;
      }
      const params = route.validate(message.params);
      if (params === undefined) {
        this.ignore(`${method}: bad params`);
        return;
      }
      try {
        await route.handle(params, NO_CONTEXT);
      } catch (e) {
        this.options.log.error(`${method}: ${messageOf(e)}`);
      }
      return;
    }
    const { id } = message;
    if (route?.kind !== 'request') {
      this.ignore(`unknown request ${quoted(method)}`);
      await this.reply({ kind: 'response', id, error: `The extension does not know the request ${quoted(method)}.` });
      return;
    }
    const params = route.validate(message.params);
    if (params === undefined) {
      this.ignore(`${method}: bad params`);
      await this.reply({ kind: 'response', id, error: `The extension refused a malformed ${quoted(method)} request.` });
      return;
    }
    const after: (() => void)[] = [];
    let response: ResponseMessage;
    try {
      const result = await route.handle(params, { afterReply: (action) => after.push(action) });
      response = { kind: 'response', id, result };
    } catch (e) {
      const userFacing = this.options.isUserFacing(e);
      const error = userFacing ? messageOf(e) : `Failed: ${messageOf(e)}`;
      if (!userFacing) this.options.log.error(`${method}: ${error}`);
      response = { kind: 'response', id, error };
      after.length = 0;
    }
    await this.reply(response);
    for (const action of after) action();
  }

  dispose(): void {
    this.disposed = true;
    this.routes.clear();
  }

  private ignore(reason: string): void {
    this.options.log.warn(`Ignored a message from ${this.options.source}: ${reason}`);
  }

  private async reply(response: ResponseMessage): Promise<void> {
    try {
      await this.options.post(response);
    } catch (e) {
      this.options.log.warn(`A reply to ${this.options.source} was not delivered: ${messageOf(e)}`);
    }
  }
}
