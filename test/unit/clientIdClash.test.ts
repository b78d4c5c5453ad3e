import { strict as assert } from 'node:assert';
import { brokerHost, clientIdClash, withGeneratedClientId, type WindowConnection } from '../../src/extension/connection/clientIdClash';
import type { Profile, ProfileEntry } from '../../src/extension/profiles/profile';
import type { ConnectionState } from '../../src/shared/connection/connectionInfo';
import { testProfile } from '../harness/connectionHelpers';

const entry = (name: string, url: string, extra: Partial<Profile> = {}): ProfileEntry => ({ source: 'workspace', folder: '/w', profile: { ...testProfile(url, '5.0', extra), name } });
const live = (e: ProfileEntry, state: ConnectionState = 'connected'): WindowConnection => ({ entry: e, state });

describe('clientIdClash (warn before a second connection of this window takes the same client id)', () => {
  const a = entry('a', 'mqtt://broker.example:1883', { clientId: 'tracemq-dev' });
  const b = entry('b', 'mqtt://broker.example:1883', { clientId: 'tracemq-dev' });

  it('finds the connected profile that uses the same client id at the same broker host', () => {
    assert.equal(clientIdClash(b, [live(a)])?.entry.profile.name, 'a');
  });

  it('finds it while it is connecting or reconnecting too', () => {
    assert.deepEqual(
      (['connecting', 'reconnecting'] as const).map((state) => clientIdClash(b, [live(a, state)])?.entry.profile.name),
      ['a', 'a'],
    );
  });

  it('ignores connections that are disconnected or failed (they hold no id at the broker)', () => {
    assert.equal(clientIdClash(b, [live(a, 'disconnected'), live(a, 'error')]), undefined);
  });

  it('ignores a profile that leaves its client id out (each connection generates its own)', () => {
    const noId = entry('c', 'mqtt://broker.example:1883');
    assert.equal(clientIdClash(noId, [live(entry('d', 'mqtt://broker.example:1883'))]), undefined);
  });

  it('ignores an empty client id (the broker assigns one per connection)', () => {
    const empty = (name: string): ProfileEntry => entry(name, 'mqtt://broker.example:1883', { clientId: '' });
    assert.equal(clientIdClash(empty('c'), [live(empty('d'))]), undefined);
  });

  it('ignores the same client id at another broker host', () => {
    assert.equal(clientIdClash(b, [live(entry('a', 'mqtt://other.example:1883', { clientId: 'tracemq-dev' }))]), undefined);
  });

  it('takes localhost, 127.0.0.1 and ::1 on any port or scheme as the same broker host', () => {
    const local = entry('a', 'mqtt://localhost:1883', { clientId: 'x' });
    for (const url of ['ws://127.0.0.1:9001/mqtt', 'mqtts://[::1]:8883']) {
      assert.equal(clientIdClash(entry('b', url, { clientId: 'x' }), [live(local)])?.entry.profile.name, 'a', url);
    }
  });

  it('never finds the profile itself', () => {
    assert.equal(clientIdClash(a, [live(a)]), undefined);
  });

  it('tells a workspace profile from a user profile of the same name', () => {
    const user: ProfileEntry = { source: 'user', profile: a.profile };
    assert.equal(clientIdClash(user, [live(a)])?.entry.source, 'workspace');
  });

  it('reads a URL that does not parse as no broker host (and no clash)', () => {
    assert.equal(brokerHost('not a url'), undefined);
    assert.equal(clientIdClash(entry('b', 'not a url', { clientId: 'x' }), [live(entry('a', 'not a url', { clientId: 'x' }))]), undefined);
  });
});

describe('withGeneratedClientId (Use a Unique Client Id, for one connection)', () => {
  it('leaves the client id out, so that the connection generates one', () => {
    const e = entry('a', 'mqtt://localhost', { clientId: 'tracemq-dev' });
    assert.equal('clientId' in withGeneratedClientId(e).profile, false);
  });

  it('does not change the profile it was given', () => {
    const e = entry('a', 'mqtt://localhost', { clientId: 'tracemq-dev' });
    withGeneratedClientId(e);
    assert.equal(e.profile.clientId, 'tracemq-dev');
  });
});
