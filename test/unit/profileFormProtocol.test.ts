import { strict as assert } from 'node:assert';
import { MAX_SECRET_CHARS, profileFormProtocol } from '../../src/shared/profileForm/profileFormProtocol';
import { recordingRouter } from '../harness/recordingRouter';

// Through the router, as the host receives them: the envelope and the params are both checked.
async function handledParams(raw: unknown): Promise<unknown[]> {
  const { router, handled } = recordingRouter(profileFormProtocol);
  await router.receive(raw);
  return handled.map((h) => h.params);
}

describe('profileFormProtocol (what the host accepts from the profile form)', () => {
  const save = (params: unknown): unknown => ({ kind: 'request', id: 3, method: 'profileForm/save', params });

  it('accepts ready without the fields it does not know', async () => {
    assert.deepEqual(await handledParams({ kind: 'notify', method: 'profileForm/ready', params: { extra: 1 } }), [{}]);
  });

  it('accepts pickFile for a TLS field', async () => {
    assert.deepEqual(await handledParams({ kind: 'request', id: 1, method: 'profileForm/pickFile', params: { field: 'ca' } }), [{ field: 'ca' }]);
  });

  it('accepts a save as a fresh plain copy', async () => {
    const profile = { name: 'p', url: 'mqtt://h', mqtt5: { userProperties: { a: 'b' } } };
    const [params] = await handledParams(save({ profile, password: { action: 'set', value: 's3cret' }, passphrase: { action: 'keep' } }));
    assert.deepEqual(params, { profile, password: { action: 'set', value: 's3cret' }, passphrase: { action: 'keep' } });
    assert.notEqual((params as { profile: unknown }).profile, profile);
  });

  it('accepts a save that asks to connect (Save & Connect)', async () => {
    const [params] = await handledParams(save({ profile: { name: 'p' }, password: { action: 'keep' }, passphrase: { action: 'keep' }, connect: true }));
    assert.equal((params as { connect?: boolean }).connect, true);
  });

  it('refuses a save whose connect is not a boolean', async () => {
    assert.deepEqual(await handledParams(save({ profile: { name: 'p' }, password: { action: 'keep' }, passphrase: { action: 'keep' }, connect: 'yes' })), []);
  });

  it('accepts a validate request with the profile as a fresh plain copy', async () => {
    const profile = { name: 'p', keepalive: -5 };
    const [params] = await handledParams({ kind: 'request', id: 4, method: 'profileForm/validate', params: { profile } });
    assert.deepEqual(params, { profile });
  });

  it('refuses a validate request without a profile object', async () => {
    assert.deepEqual(await handledParams({ kind: 'request', id: 4, method: 'profileForm/validate', params: { profile: 'p' } }), []);
  });

  it('refuses malformed input', async () => {
    const bad: unknown[] = [
      null,
      'profileForm/save',
      { kind: 'notify', method: 'profileForm/init', params: {} },
      { kind: 'request', id: -1, method: 'profileForm/pickFile', params: { field: 'ca' } },
      { kind: 'request', id: 1, method: 'profileForm/pickFile', params: { field: '../../etc/passwd' } },
      save({ profile: [], password: { action: 'keep' }, passphrase: { action: 'keep' } }),
      save({ profile: { name: 'p' }, password: { action: 'set', value: '' }, passphrase: { action: 'keep' } }),
      save({ profile: { name: 'p' }, password: { action: 'set', value: 'x'.repeat(MAX_SECRET_CHARS + 1) }, passphrase: { action: 'keep' } }),
      save({ profile: { name: 'p' }, password: { action: 'keep' } }),
      save({ profile: { name: 'x'.repeat(300 * 1024) }, password: { action: 'keep' }, passphrase: { action: 'keep' } }),
      { kind: 'request', id: 2, method: 'mqtt/publish', params: {} },
    ];
    for (const raw of bad) assert.deepEqual(await handledParams(raw), [], JSON.stringify(raw).slice(0, 100));
  });
});
