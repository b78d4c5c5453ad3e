import { strict as assert } from 'node:assert';
import { HISTORY_KEY, HISTORY_LENGTH, PublishLibrary, TEMPLATES_KEY } from '../../src/extension/publish/publishLibrary';
import type { PublishParams } from '../../src/shared/mqtt/publishShapes';

/** Global state stand-in: a map with the Memento's two methods (vscode cannot load in plain mocha). */
function memento(initial: Record<string, unknown> = {}) {
  const data = new Map(Object.entries(initial));
  return { data, get: (k: string): unknown => data.get(k), update: (k: string, v: unknown) => { data.set(k, JSON.parse(JSON.stringify(v))); return Promise.resolve(); } };
}
const publish = (topic: string, payload = 'p'): PublishParams => ({ topic, payload, encoding: 'utf8', qos: 0, retain: false });

describe('PublishLibrary (history and templates in global state)', () => {
  it('keeps the last publishes of each connection, newest first, each once', async () => {
    const m = memento();
    const lib = new PublishLibrary(m, () => []);
    await lib.remember('user:a', publish('t/1'));
    await lib.remember('user:a', publish('t/2'));
    await lib.remember('user:a', publish('t/1'));
    await lib.remember('user:b', publish('other'));
    assert.deepEqual(lib.history('user:a').map((p) => p.topic), ['t/1', 't/2']);
    assert.deepEqual(lib.history('user:b').map((p) => p.topic), ['other']);
    for (let i = 0; i < HISTORY_LENGTH + 20; i++) await lib.remember('user:a', publish(`n/${i}`));
    assert.equal(lib.history('user:a').length, HISTORY_LENGTH);
    assert.equal(lib.history('user:a')[0]?.topic, `n/${HISTORY_LENGTH + 19}`);
  });

  it('lists the workspace templates, then the user\'s; saves, replaces and deletes the user\'s', async () => {
    const m = memento();
    const lib = new PublishLibrary(m, () => [{ name: 'ws', publish: publish('from/file') }]);
    await lib.saveTemplate('mine', publish('a'));
    await lib.saveTemplate('mine', publish('b'));
    assert.deepEqual(lib.templates().map((t) => [t.name, t.source, t.publish.topic]), [['ws', 'workspace', 'from/file'], ['mine', 'user', 'b']]);
    assert.equal(await lib.deleteTemplate('ws'), false, 'workspace templates live in .tracemq.json');
    assert.equal(await lib.deleteTemplate('mine'), true);
    assert.deepEqual(lib.templates().map((t) => t.name), ['ws']);
  });

  it('ignores damaged stored entries instead of trusting them', () => {
    const m = memento({
      [HISTORY_KEY]: { 'user:a': [publish('ok'), { topic: 1 }, 'junk'] },
      [TEMPLATES_KEY]: [{ name: 'ok', publish: publish('x') }, { name: '', publish: publish('y') }, { name: 'bad', publish: { topic: 'z', payload: 'p', encoding: 'utf16', qos: 0, retain: false } }],
    });
    const lib = new PublishLibrary(m, () => []);
    assert.deepEqual(lib.history('user:a').map((p) => p.topic), ['ok']);
    assert.deepEqual(lib.templates().map((t) => t.name), ['ok']);
  });
});
