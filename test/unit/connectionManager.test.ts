import { strict as assert } from 'node:assert';
import { ConnectionManager } from '../../src/extension/connection/connectionManager';
import type { ProfileEntry } from '../../src/extension/profiles/profile';
import { limits, recordingLogger, testProfile } from '../harness/connectionHelpers';
import { freePort } from '../harness/freePort';

describe('ConnectionManager', () => {
  let manager: ConnectionManager;
  beforeEach(() => {
    manager = new ConnectionManager(() => limits, recordingLogger());
  });
  afterEach(() => {
    manager.dispose();
  });

  it('gives a failed connection the edited profile, so that connecting again uses the fix', async () => {
    // A port nobody listens on: the connect is refused at once, and the connection ends in error.
    const closed = `mqtt://127.0.0.1:${String(await freePort())}`;
    const entry: ProfileEntry = { source: 'user', profile: { ...testProfile(closed, '5.0'), name: 'p', reconnect: { enabled: false, period: 1000 } } };
    const connection = manager.getOrCreate(entry);
    await assert.rejects(connection.connect(undefined));
    assert.equal(connection.state, 'error');
    const fixed: ProfileEntry = { ...entry, profile: { ...entry.profile, url: 'mqtt://127.0.0.1:1' } };
    assert.equal(manager.getOrCreate(fixed).entry.profile.url, 'mqtt://127.0.0.1:1');
  });

  it('is ready at once when no gate is set', async () => {
    assert.equal(await manager.ready(), true);
  });

  it('waits for the gate it was given (the first read of the profiles)', async () => {
    manager.setReadyGate(() => Promise.resolve(false));
    assert.equal(await manager.ready(), false);
  });
});
