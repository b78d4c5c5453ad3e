import { strict as assert } from 'node:assert';
import { MAX_SECRET_CHARS, parseProfileFormMessage } from '../../src/shared/protocol';

describe('parseProfileFormMessage (what the host accepts from the profile form)', () => {
  const save = (params: unknown): unknown => ({ kind: 'request', id: 3, method: 'profileForm/save', params });

  it('accepts ready, cancel, pickFile and a save, as fresh plain copies', () => {
    assert.deepEqual(parseProfileFormMessage({ kind: 'notify', method: 'profileForm/ready', params: { extra: 1 } }), {
      message: { kind: 'notify', method: 'profileForm/ready', params: {} },
    });
    assert.deepEqual(parseProfileFormMessage({ kind: 'request', id: 1, method: 'profileForm/pickFile', params: { field: 'ca' } }), {
      message: { kind: 'request', id: 1, method: 'profileForm/pickFile', params: { field: 'ca' } },
    });
    const profile = { name: 'p', url: 'mqtt://h', mqtt5: { userProperties: { a: 'b' } } };
    const parsed = parseProfileFormMessage(save({ profile, password: { action: 'set', value: 's3cret' }, passphrase: { action: 'keep' } }));
    assert.ok('message' in parsed);
    assert.deepEqual(parsed.message.params, { profile, password: { action: 'set', value: 's3cret' }, passphrase: { action: 'keep' } });
    assert.notEqual((parsed.message.params as { profile: unknown }).profile, profile);
  });

  it('refuses malformed input', () => {
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
    for (const raw of bad) assert.ok('invalid' in parseProfileFormMessage(raw), JSON.stringify(raw).slice(0, 100));
  });
});
