import { draftAsCommand } from '../commandLine/messageCommand';
import type { PublishParams, PublishTemplate } from '../../shared/mqtt/publishShapes';
import { publishProtocol } from '../../shared/publish/publishProtocol';
import type { Disposable } from '../base/emitter';
import { ConnectionError, type Connection } from '../connection/connection';
import type { WebviewRouter } from '../ipc/webviewRouter';
import { encodedPublish } from './encodedPublish';
import { PublishError } from './publishOptions';
import { RepeatPublisher } from './repeatPublisher';
import { sendRequest } from './requestResponse';

/** What the publish panel can ask of the editor around it: the publish history and the templates. */
export interface PublishActions {
  /** The connection's publish history (newest first), and adding to it. */
  history(): PublishParams[];
  remember(publish: PublishParams): PromiseLike<void>;
  /** Saved publishes: the workspace's and the user's. */
  templates(): PublishTemplate[];
  saveTemplate(name: string, publish: PublishParams): PromiseLike<void>;
  deleteTemplate(name: string): PromiseLike<boolean>;
  copyToClipboard(text: string): PromiseLike<void>;
}

const unavailable = (): Promise<never> => Promise.reject(new Error('not available here'));
/** Actions outside VS Code (tests): no history kept, no templates, saving them not available. */
export const NO_PUBLISH_ACTIONS: PublishActions = {
  history: () => [],
  remember: () => Promise.resolve(),
  templates: () => [],
  saveTemplate: unavailable,
  deleteTemplate: unavailable,
  copyToClipboard: unavailable,
};

/** Most topics offered for completion. */
const TOPIC_SUGGESTIONS = 50;

/**
 * Answers the publish panel of one webview on `connection`: publishes (remembered in the history),
 * requests with their paired reply, repeats (their progress posted as `publish/repeat` while the
 * view listens), clearing a retained message, topic completion, history and templates. Disposing
 * the registration stops a running repeat.
 */
export function registerPublishHandlers(router: WebviewRouter, connection: Connection, actions: PublishActions, viewListening: () => boolean): Disposable {
  const repeater = new RepeatPublisher(connection);
  const notify = router.notifier(publishProtocol);
  const repeatListener = repeater.onDidChange((status) => {
    if (viewListening()) void notify('publish/repeat', status);
  });
  const registration = router.register(publishProtocol, {
    'mqtt/publish': async (publish) => {
      const result = await connection.publish(publish);
      await actions.remember(publish);
      return result;
    },
    'mqtt/request': async ({ publish, timeoutMs }) => {
      const reply = await sendRequest(connection, publish, timeoutMs);
      await actions.remember(publish);
      return reply;
    },
    'mqtt/repeat/start': async ({ publish, count, intervalMs }) => {
      if (connection.state !== 'connected') throw new ConnectionError(`"${connection.name}" is not connected: connect first.`);
      repeater.start(publish, count, intervalMs);
      await actions.remember(publish);
      return {};
    },
    'mqtt/repeat/stop': () => {
      repeater.stop();
      return {};
    },
    'mqtt/clearRetained': ({ topic }) => connection.clearRetained(topic),
    'mqtt/topics': ({ prefix }) => ({ topics: connection.store.recentTopics(prefix, TOPIC_SUGGESTIONS) }),
    'publish/history/get': () => ({ entries: actions.history() }),
    'publish/templates/get': () => ({ templates: actions.templates() }),
    'publish/templates/save': async ({ name, publish }) => {
      await actions.saveTemplate(name, publish);
      return {};
    },
    'publish/templates/delete': async ({ name }) => {
      if (!(await actions.deleteTemplate(name))) throw new ConnectionError(`There is no template of yours named "${name}" (workspace templates are edited in .tracemq.json).`);
      return {};
    },
    'publish/binding/get': ({ topic }) => {
      const format = connection.decoding?.view?.decoder.bindingFor(topic)?.binding.format;
      return format === undefined ? {} : { format };
    },
    'publish/copyAsCommand': async ({ publish, tool }) => {
      const entry = connection.entry;
      // The command sends the bytes the binding makes of the JSON, as a publish from here would.
      let bytes: PublishParams;
      try {
        bytes = encodedPublish(publish, connection.decoding?.view?.decoder);
      } catch (e) {
        throw e instanceof PublishError ? new ConnectionError(e.message) : e;
      }
      await actions.copyToClipboard(draftAsCommand(bytes, tool, { profile: entry.profile, ...(entry.folder !== undefined ? { folder: entry.folder } : {}) }));
      return {};
    },
  });
  return {
    dispose: () => {
      registration.dispose();
      repeatListener.dispose();
      repeater.dispose();
    },
  };
}
