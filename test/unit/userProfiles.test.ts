import { strict as assert } from 'node:assert';
import type { JsonObject } from '../../src/shared/json/jsonValue';
import { USER_PROFILES_KEY, UserProfiles, UserProfilesError, type ProfileMemento } from '../../src/extension/profiles/userProfiles';

/** Stands in for VS Code's `context.globalState` (a Memento): a Map, with writes counted. */
class MapMemento implements ProfileMemento {
  readonly map = new Map<string, unknown>();
  writes = 0;
  get(key: string): unknown {
    return this.map.get(key);
  }
  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    // globalState serialises to JSON; so does the stand-in.
    this.map.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const local: JsonObject = { name: 'local', url: 'mqtt://localhost:1883', protocolVersion: '5.0', auth: { username: 'alice' } };
const cloud: JsonObject = { name: 'cloud', url: 'wss://broker.example:8884/mqtt', protocolVersion: '3.1.1' };

describe('UserProfiles (profiles made in the UI, in global state)', () => {
  let memento: MapMemento;
  let users: UserProfiles;
  let changes: number;

  beforeEach(() => {
    memento = new MapMemento();
    users = new UserProfiles(memento);
    changes = 0;
    users.onDidChange(() => changes++);
  });

  it('starts empty, and adds profiles under one key in the .tracemq.json shape', async () => {
    assert.deepEqual(users.list(), { profiles: [], templates: [], problems: [], invalid: [] });
    await users.add(local);
    await users.add(cloud);
    assert.deepEqual(memento.map.get(USER_PROFILES_KEY), { profiles: [local, cloud] });
    assert.deepEqual([...memento.map.keys()], [USER_PROFILES_KEY]);
    assert.equal(changes, 2);
    const { profiles, problems } = users.list();
    assert.deepEqual(problems, []);
    assert.deepEqual(profiles.map((p) => [p.name, p.protocolVersion, p.auth?.username]), [
      ['local', '5.0', 'alice'],
      ['cloud', '3.1.1', undefined],
    ]);
    assert.deepEqual(users.rawOf('cloud'), cloud);
  });

  it('refuses a second profile with the same name', async () => {
    await users.add(local);
    await assert.rejects(users.add({ ...local, url: 'mqtt://other:1883' }), (e: unknown) => e instanceof UserProfilesError && /already named "local"/.test(e.message));
    assert.equal(users.raw().length, 1);
  });

  it('replaces in place (order kept), also under a new name, but not onto another profile', async () => {
    await users.add(local);
    await users.add(cloud);
    await users.replace('local', { ...local, name: 'local-2', keepalive: 30 });
    assert.deepEqual(users.raw().map((p) => p.name), ['local-2', 'cloud']);
    assert.equal(users.rawOf('local-2')?.keepalive, 30);
    await assert.rejects(users.replace('local-2', { ...local, name: 'cloud' }), /already named "cloud"/);
    await assert.rejects(users.replace('missing', local), /no user profile named "missing"/);
  });

  it('removes by name and says whether there was one', async () => {
    await users.add(local);
    assert.equal(await users.remove('local'), true);
    assert.equal(await users.remove('local'), false);
    assert.deepEqual(users.raw(), []);
  });

  it('keeps a copy: later changes to the caller\'s object do not reach the stored state', async () => {
    const mine: JsonObject = { ...local, auth: { username: 'alice' } };
    await users.add(mine);
    (mine.auth as JsonObject).username = 'mallory';
    assert.deepEqual(users.rawOf('local')?.auth, { username: 'alice' });
  });

  it('validates what it reads back: a damaged entry is reported and skipped, the others load', () => {
    memento.map.set(USER_PROFILES_KEY, {
      profiles: [local, { name: 'broken', url: 'http://nope', keepalive: -1 }, 'not a profile', { ...cloud, auth: { username: 'bob', password: 'leaked' } }],
    });
    const { profiles, problems } = users.list();
    assert.deepEqual(profiles.map((p) => p.name), ['local']);
    const paths = problems.filter((p) => p.severity === 'error').map((p) => p.path);
    assert.ok(paths.includes('profiles[1].url'), JSON.stringify(paths));
    assert.ok(paths.includes('profiles[1].keepalive'), JSON.stringify(paths));
    // A password in the stored shape is refused like in the file: secrets live in SecretStorage only.
    assert.ok(paths.includes('profiles[2].auth.password'), JSON.stringify(paths));
  });

  it('reads nothing from a foreign value under its key', () => {
    memento.map.set(USER_PROFILES_KEY, 'garbage');
    assert.deepEqual(users.raw(), []);
    memento.map.set(USER_PROFILES_KEY, { profiles: 7 });
    assert.deepEqual(users.list().profiles, []);
  });
});
