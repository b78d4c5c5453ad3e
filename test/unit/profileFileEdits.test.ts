import { strict as assert } from 'node:assert';
import { parse } from 'jsonc-parser';
import { profileIndex, rawProfileFromText, removeProfileText, upsertProfileText } from '../../src/extension/profiles/profileFileEdits';
import { mergeFormFields, validateProfileCandidate } from '../../src/extension/profiles/profileCandidate';

const FILE = `{
  // team brokers; ask #iot for access
  "profiles": [
    {
      "name": "local", // the dev broker
      "url": "mqtt://localhost:1883",
      "keepalive": 60,
      "subscriptions": [{ "topic": "sensors/#", "qos": 1 }]
    },
    { "name": "staging", "url": "mqtts://staging:8883" }
  ],
  "templates": []
}
`;

describe('editing .tracemq.json in place', () => {
  it('finds a profile and reads its JSON as written', () => {
    assert.equal(profileIndex(FILE, 'staging'), 1);
    assert.equal(profileIndex(FILE, 'nope'), -1);
    assert.deepEqual(rawProfileFromText(FILE, 'staging'), { name: 'staging', url: 'mqtts://staging:8883' });
  });

  it('updates the form\'s keys of one profile, keeping comments, subscriptions and the rest', () => {
    const out = upsertProfileText(FILE, 'local', { name: 'local', url: 'mqtt://localhost:1884', protocolVersion: '3.1.1' });
    assert.ok(out.includes('// team brokers; ask #iot for access'));
    assert.ok(out.includes('// the dev broker'));
    const parsed = parse(out) as { profiles: Record<string, unknown>[]; templates: unknown[] };
    assert.deepEqual(parsed.profiles[0], {
      name: 'local',
      url: 'mqtt://localhost:1884',
      protocolVersion: '3.1.1',
      subscriptions: [{ topic: 'sensors/#', qos: 1 }],
    });
    assert.deepEqual(parsed.profiles[1], { name: 'staging', url: 'mqtts://staging:8883' });
    assert.deepEqual(parsed.templates, []);
  });

  it('appends a new profile, and creates the file text when there is none', () => {
    const added = upsertProfileText(FILE, undefined, { name: 'new', url: 'ws://h:8083' });
    assert.deepEqual((parse(added) as { profiles: { name: string }[] }).profiles.map((p) => p.name), ['local', 'staging', 'new']);
    assert.ok(added.includes('// the dev broker'));
    const fresh = upsertProfileText('', undefined, { name: 'new', url: 'ws://h:8083' });
    assert.deepEqual(JSON.parse(fresh), { profiles: [{ name: 'new', url: 'ws://h:8083' }] });
    const noList = upsertProfileText('{ "templates": [] }', undefined, { name: 'n', url: 'mqtt://h' });
    assert.deepEqual(parse(noList), { templates: [], profiles: [{ name: 'n', url: 'mqtt://h' }] });
  });

  it('removes one profile and nothing else', () => {
    const out = removeProfileText(FILE, 'local');
    assert.ok(out.includes('// team brokers; ask #iot for access'));
    assert.deepEqual((parse(out) as { profiles: unknown[] }).profiles, [{ name: 'staging', url: 'mqtts://staging:8883' }]);
    assert.equal(removeProfileText(FILE, 'nope'), FILE);
  });
});

describe('validating a form candidate with the file parser', () => {
  it('maps located problems to form fields', () => {
    const { profile, problems } = validateProfileCandidate({ name: 'x', url: 'http://x', keepalive: 'soon', reconnect: { enabled: true, period: 5 } });
    assert.equal(profile, undefined);
    const fields = problems.filter((p) => p.severity === 'error').map((p) => p.field);
    assert.deepEqual(fields.sort(), ['keepalive', 'reconnect.period', 'url']);
  });

  it('returns the parsed profile of a valid candidate', () => {
    const { profile, problems } = validateProfileCandidate({ name: 'ok', url: 'mqtt://h:1883', protocolVersion: '3.1.1', keepalive: 30 });
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    assert.equal(profile?.keepalive, 30);
    assert.equal(profile.protocolVersion, '3.1.1');
  });

  it('a missing name is a problem of the whole profile', () => {
    const { problems } = validateProfileCandidate({ url: 'mqtt://h' });
    assert.deepEqual(problems.map((p) => p.field), ['']);
  });

  it('merging keeps keys the form does not edit', () => {
    assert.deepEqual(
      mergeFormFields({ name: 'a', url: 'mqtt://a', keepalive: 5, subscriptions: [{ topic: 't', qos: 0 }] }, { name: 'b', url: 'mqtt://b' }),
      { name: 'b', url: 'mqtt://b', subscriptions: [{ topic: 't', qos: 0 }] },
    );
  });
});
