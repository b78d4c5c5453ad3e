import { strict as assert } from 'node:assert';
import { parseProfiles, urlProblem } from '../../src/extension/profileParser';

describe('parseProfiles', () => {
  it('reads a full skeleton profile with defaults for what is left out', () => {
    const { profiles, problems } = parseProfiles(`{
      // comments are fine
      "profiles": [
        { "name": "local", "url": "mqtt://localhost:1883", "protocolVersion": "3.1.1",
          "clientId": "dev-1", "clean": false, "keepalive": 30, "auth": { "username": "alice" },
          "subscriptions": [ { "topic": "sensors/#", "qos": 1 }, { "topic": "status" } ] },
        { "name": "minimal", "url": "ws://broker:8083/mqtt" }
      ]
    }`);
    assert.deepEqual(problems, []);
    assert.equal(profiles.length, 2);
    assert.deepEqual(profiles[0], {
      name: 'local',
      url: 'mqtt://localhost:1883',
      protocolVersion: '3.1.1',
      clientId: 'dev-1',
      clean: false,
      keepalive: 30,
      connectTimeout: 10,
      reconnect: { enabled: true, period: 1000 },
      auth: { username: 'alice' },
      subscriptions: [
        { topic: 'sensors/#', qos: 1 },
        { topic: 'status', qos: 0 },
      ],
    });
    assert.equal(profiles[1]!.protocolVersion, '5.0');
    assert.equal(profiles[1]!.clean, true);
    assert.equal(profiles[1]!.keepalive, 60);
  });

  it('locates each problem (line, column, path) and still loads the valid profiles', () => {
    const text = [
      '{ "profiles": [',
      '  { "name": "good", "url": "mqtt://h:1883" },',
      '  { "name": "bad-version", "url": "mqtt://h", "protocolVersion": "4" },',
      '  { "name": "bad-url", "url": "http://h" },',
      '  { "name": "bad-keepalive", "url": "mqtt://h", "keepalive": -1 },',
      '  { "name": "bad-sub", "url": "mqtt://h", "subscriptions": [ { "topic": "a/#/b" } ] },',
      '  { "url": "mqtt://h" },',
      '  42',
      '] }',
    ].join('\n');
    const { profiles, problems } = parseProfiles(text);
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['good'],
    );
    const byPath = new Map(problems.map((p) => [p.path, p]));
    const version = byPath.get('profiles[1].protocolVersion');
    assert.ok(version, 'protocolVersion problem reported');
    assert.equal(version.line, 2);
    assert.equal(version.column, text.split('\n')[2]!.indexOf('"4"'));
    assert.match(version.message, /"3\.1", "3\.1\.1", "5\.0"/);
    assert.match(byPath.get('profiles[2].url')?.message ?? '', /Unsupported scheme "http:"/);
    assert.match(byPath.get('profiles[3].keepalive')?.message ?? '', /0 to 65535/);
    assert.match(byPath.get('profiles[4].subscriptions[0].topic')?.message ?? '', /'#'/);
    assert.match(byPath.get('profiles[5]')?.message ?? '', /needs a "name"/);
    assert.match(byPath.get('profiles[6]')?.message ?? '', /must be an object/);
  });

  it('reports invalid JSON with its position and never throws', () => {
    const { profiles, problems } = parseProfiles('{ "profiles": [ { "name": "a", "url": "mqtt://h" } ');
    assert.ok(problems.length > 0);
    assert.match(problems[0]!.message, /Invalid JSON/);
    // The profile before the break still loads.
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['a'],
    );
  });

  it('refuses passwords in the file and duplicate names', () => {
    const { profiles, problems } = parseProfiles(
      '{"profiles":[{"name":"a","url":"mqtt://h","auth":{"username":"u","password":"hunter2"}},{"name":"b","url":"mqtt://h"},{"name":"b","url":"mqtt://x"}]}',
    );
    assert.match(problems.find((p) => p.path === 'profiles[0].auth.password')?.message ?? '', /secret storage/);
    assert.match(problems.find((p) => p.path === 'profiles[2].name')?.message ?? '', /already named "b"/);
    assert.deepEqual(
      profiles.map((p) => p.url),
      ['mqtt://h'],
    );
  });

  it('warns about sections it does not apply yet, without dropping the profile', () => {
    const { profiles, problems } = parseProfiles('{"profiles":[{"name":"a","url":"mqtt://h","tls":{"enabled":true}}]}');
    assert.equal(profiles.length, 1);
    assert.equal(problems[0]?.severity, 'warning');
    assert.match(problems.map((p) => p.message).join('\n'), /"tls" is not applied/);
  });

  it('handles non-object roots, a missing profiles key and __proto__ keys', () => {
    assert.match(parseProfiles('[]').problems[0]?.message ?? '', /must hold an object/);
    assert.deepEqual(parseProfiles('{}'), { profiles: [], problems: [] });
    const { profiles } = parseProfiles('{"profiles":[{"name":"p","url":"mqtt://h","__proto__":{"polluted":true}}]}');
    assert.equal(profiles.length, 1);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('checks broker URLs', () => {
    assert.equal(urlProblem('mqtt://localhost:1883'), undefined);
    assert.equal(urlProblem('tcp://localhost:1883'), undefined);
    assert.equal(urlProblem('wss://example.com/mqtt'), undefined);
    assert.match(urlProblem('localhost:1883') ?? '', /Unsupported scheme|not a URL/);
    assert.match(urlProblem('mqtt://user:pw@host') ?? '', /Credentials do not belong/);
  });
});
