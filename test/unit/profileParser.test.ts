import { strict as assert } from 'node:assert';
import { certificateProblems, parseProfiles, resolveCertificatePath, urlProblem } from '../../src/extension/profiles/profileParser';

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

  it('reads every option of the SPEC.md shape', () => {
    const { profiles, problems } = parseProfiles(`{ "profiles": [ {
      "name": "full", "url": "wss://broker.example:8884/ws", "protocolVersion": "5.0",
      "clientId": "c", "clean": false, "keepalive": 42, "connectTimeout": 3,
      "reconnect": { "enabled": false, "period": 250 },
      "websocket": { "path": "/mqtt", "headers": { "X-Api-Key": "k", "Authorization": "Bearer t" } },
      "auth": { "username": "alice" },
      "tls": { "enabled": true, "ca": "certs/ca.pem", "cert": "certs/client.pem", "key": "certs/client.key", "insecureSkipVerify": true },
      "mqtt5": { "sessionExpiryInterval": 4294967295, "receiveMaximum": 10, "maximumPacketSize": 1024,
                 "topicAliasMaximum": 5, "requestResponseInformation": true, "userProperties": { "team": "iot" } },
      "will": { "topic": "clients/dev/status", "payload": "offline", "qos": 1, "retain": true,
                "delayInterval": 5, "messageExpiryInterval": 60, "userProperties": { "reason": "lwt" } },
      "subscriptions": [ { "topic": "sensors/#", "qos": 2, "noLocal": false } ]
    } ] }`);
    assert.deepEqual(problems, []);
    assert.deepEqual(profiles[0], {
      name: 'full',
      url: 'wss://broker.example:8884/ws',
      protocolVersion: '5.0',
      clientId: 'c',
      clean: false,
      keepalive: 42,
      connectTimeout: 3,
      reconnect: { enabled: false, period: 250 },
      websocket: { path: '/mqtt', headers: { 'X-Api-Key': 'k', Authorization: 'Bearer t' } },
      auth: { username: 'alice' },
      tls: { enabled: true, ca: 'certs/ca.pem', cert: 'certs/client.pem', key: 'certs/client.key', insecureSkipVerify: true },
      mqtt5: { sessionExpiryInterval: 0xffffffff, receiveMaximum: 10, maximumPacketSize: 1024, topicAliasMaximum: 5, requestResponseInformation: true, userProperties: { team: 'iot' } },
      will: { topic: 'clients/dev/status', payload: 'offline', qos: 1, retain: true, delayInterval: 5, messageExpiryInterval: 60, userProperties: { reason: 'lwt' } },
      subscriptions: [{ topic: 'sensors/#', qos: 2, noLocal: false }],
    });
  });

  it('accepts every URL scheme of the SPEC', () => {
    const urls = ['mqtt://h', 'tcp://h:1883', 'mqtts://h', 'ssl://h:8883', 'tls://h', 'ws://h:8083/mqtt', 'wss://h/mqtt'];
    const { profiles, problems } = parseProfiles(JSON.stringify({ profiles: urls.map((url, i) => ({ name: `p${i}`, url })) }));
    assert.deepEqual(problems, []);
    assert.equal(profiles.length, urls.length);
  });

  it('locates wrong types and out-of-range values in every section, and drops only those profiles', () => {
    const bad: [string, unknown, RegExp][] = [
      ['mqtt5.sessionExpiryInterval', { mqtt5: { sessionExpiryInterval: 4294967296 } }, /0 to 4294967295/],
      ['mqtt5.receiveMaximum', { mqtt5: { receiveMaximum: 0 } }, /1 to 65535/],
      ['mqtt5.maximumPacketSize', { mqtt5: { maximumPacketSize: 268435457 } }, /1 to 268435456/],
      ['mqtt5.topicAliasMaximum', { mqtt5: { topicAliasMaximum: 65536 } }, /0 to 65535/],
      ['mqtt5.requestResponseInformation', { mqtt5: { requestResponseInformation: 1 } }, /true or false/],
      ['mqtt5.userProperties.team', { mqtt5: { userProperties: { team: 7 } } }, /string value/],
      ['mqtt5', { mqtt5: [] }, /must be an object/],
      ['will.topic', { will: { topic: 'status/+' } }, /Will topic: Wildcards/],
      ['will.topic', { will: { topic: 'status/#' } }, /Will topic: Wildcards/],
      ['will', { will: { payload: 'x' } }, /"will" needs a "topic"/],
      ['will.qos', { will: { topic: 't', qos: 3 } }, /0 to 2/],
      ['will.delayInterval', { will: { topic: 't', delayInterval: -1 } }, /0 to 4294967295/],
      ['will.retain', { will: { topic: 't', retain: 'yes' } }, /true or false/],
      ['websocket.path', { url: 'ws://h', websocket: { path: 'mqtt' } }, /start with "\/"/],
      ['websocket.headers.bad header', { url: 'ws://h', websocket: { headers: { 'bad header': 'x' } } }, /not a valid HTTP header name/],
      ['websocket.headers.X-A', { url: 'ws://h', websocket: { headers: { 'X-A': 'a\r\nInjected: 1' } } }, /line breaks/],
      ['websocket.headers.X-N', { url: 'ws://h', websocket: { headers: { 'X-N': 1 } } }, /string value/],
      ['tls.enabled', { tls: { enabled: 'true' } }, /true or false/],
      ['tls.ca', { tls: { enabled: true, ca: 5 } }, /must be a string/],
      ['tls.cert', { tls: { enabled: true, cert: 'c.pem' } }, /both "cert".*and "key"/],
      ['tls.ca', { tls: { enabled: true, ca: '' } }, /cannot be empty/],
      ['reconnect.period', { reconnect: { period: 10 } }, /100 to 3600000/],
      ['connectTimeout', { connectTimeout: 0 }, /1 to 3600/],
      ['clean', { clean: 'no' }, /true or false/],
    ];
    const text = JSON.stringify({ profiles: [{ name: 'ok', url: 'mqtt://h' }, ...bad.map(([, extra], i) => ({ name: `b${i}`, url: 'mqtt://h', ...(extra as object) }))] }, null, 1);
    const { profiles, problems } = parseProfiles(text);
    assert.deepEqual(profiles.map((p) => p.name), ['ok']);
    bad.forEach(([path, , message], i) => {
      const p = problems.find((x) => x.path === `profiles[${i + 1}].${path}` && x.severity === 'error');
      assert.ok(p, `no error at profiles[${i + 1}].${path}; got ${JSON.stringify(problems.filter((x) => x.path.startsWith(`profiles[${i + 1}]`)))}`);
      assert.match(p.message, message);
      // Located at the offending text.
      assert.equal(text.split('\n')[p.line]!.slice(p.column).length > 0, true);
    });
  });

  it('warns (without dropping the profile) about MQTT 5 options on a 3.x profile, unused sections and unknown fields', () => {
    const { profiles, problems } = parseProfiles(
      JSON.stringify({
        profiles: [
          { name: 'v3', url: 'mqtt://h', protocolVersion: '3.1.1', mqtt5: { receiveMaximum: 5 }, will: { topic: 't', delayInterval: 5, userProperties: { a: 'b' } } },
          { name: 'tcp-ws', url: 'mqtt://h', websocket: { path: '/mqtt' }, tls: { ca: 'ca.pem' } },
          { name: 'typo', url: 'mqtts://h', keepAlive: 5, tls: { enabled: false } },
        ],
      }),
    );
    assert.deepEqual(profiles.map((p) => p.name), ['v3', 'tcp-ws', 'typo']);
    assert.ok(problems.every((p) => p.severity === 'warning'), JSON.stringify(problems));
    const at = (path: string): string => problems.find((p) => p.path === path)?.message ?? '';
    assert.match(at('profiles[0].mqtt5'), /only sent with MQTT 5\.0.*MQTT 3\.1\.1/);
    assert.match(at('profiles[0].will.delayInterval'), /only sent with MQTT 5\.0/);
    assert.match(at('profiles[0].will.userProperties'), /only sent with MQTT 5\.0/);
    assert.match(at('profiles[1].websocket'), /only used with ws:\/\/ and wss:\/\//);
    assert.match(at('profiles[1].tls'), /TLS is off/);
    assert.match(at('profiles[2].keepAlive'), /Unknown field "keepAlive"/);
    assert.match(at('profiles[2].tls.enabled'), /scheme uses TLS/);
  });

  it('handles non-object roots, a missing profiles key and __proto__ keys', () => {
    assert.match(parseProfiles('[]').problems[0]?.message ?? '', /must hold an object/);
    assert.deepEqual(parseProfiles('{}'), { profiles: [], invalid: [], templates: [], problems: [] });
    const { profiles } = parseProfiles(
      '{"profiles":[{"name":"p","url":"mqtt://h","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},' +
        '"mqtt5":{"userProperties":{"__proto__":"x","constructor":"c","ok":"y"}},' +
        '"will":{"topic":"t","userProperties":{"__proto__":{"polluted":true}}},"websocket":{"headers":{"__proto__":"h"}}}]}',
    );
    assert.equal(profiles.length, 1);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    const props = profiles[0]!.mqtt5!.userProperties!;
    assert.equal(Object.getPrototypeOf(props), Object.prototype);
    assert.deepEqual(Object.keys(props), ['constructor', 'ok']);
    assert.equal(props.constructor, 'c');
    assert.equal(Object.getPrototypeOf(profiles[0]!.will!.userProperties), Object.prototype);
  });

  it('checks broker URLs', () => {
    assert.equal(urlProblem('mqtt://localhost:1883'), undefined);
    assert.equal(urlProblem('tcp://localhost:1883'), undefined);
    assert.equal(urlProblem('wss://example.com/mqtt'), undefined);
    assert.match(urlProblem('localhost:1883') ?? '', /Unsupported scheme|not a URL/);
    assert.match(urlProblem('mqtt://user:pw@host') ?? '', /Credentials do not belong/);
  });

  it('locates unreadable certificate files, relative to the workspace folder', () => {
    const text = [
      '{ "profiles": [',
      '  { "name": "a", "url": "mqtts://h", "tls": { "ca": "certs/ca.pem", "cert": "certs/missing.pem", "key": "/abs/client.key" } },',
      '  { "name": "off", "url": "mqtt://h", "tls": { "enabled": false, "ca": "nope.pem" } }',
      '] }',
    ].join('\n');
    const checked: string[] = [];
    const problems = certificateProblems(text, '/ws', (p) => {
      checked.push(p);
      return p === '/ws/certs/ca.pem';
    });
    assert.deepEqual(checked, ['/ws/certs/ca.pem', '/ws/certs/missing.pem', '/abs/client.key']);
    assert.deepEqual(
      problems.map((p) => [p.path, p.line, p.column, p.severity]),
      [
        ['profiles[0].tls.cert', 1, text.split('\n')[1]!.indexOf('"certs/missing.pem"'), 'error'],
        ['profiles[0].tls.key', 1, text.split('\n')[1]!.indexOf('"/abs/client.key"'), 'error'],
      ],
    );
    assert.match(problems[0]!.message, /TLS client certificate "certs\/missing\.pem" cannot be read \(looked for \/ws\/certs\/missing\.pem\)/);
    assert.equal(resolveCertificatePath('c.pem', undefined), undefined);
    assert.equal(resolveCertificatePath('/c.pem', undefined), '/c.pem');
  });
});

describe('parseProfiles: templates', () => {
  it('reads the templates of SPEC.md, properties included, and locates each problem', () => {
    const text = `{
  "templates": [
    { "name": "set-led", "topic": "devices/led/set", "payload": "{\\"on\\": true}", "qos": 1, "retain": false,
      "properties": { "contentType": "application/json", "payloadFormatIndicator": 1, "messageExpiryInterval": 30,
                      "responseTopic": "devices/led/ack", "correlationData": "req-1", "userProperties": { "origin": "tracemq" } } },
    { "name": "raw", "topic": "bin", "payload": "ff00", "encoding": "hex" },
    { "name": "bad", "topic": "a/#" },
    { "topic": "no/name" },
    { "name": "set-led", "topic": "dup" }
  ]
}`;
    const { templates, problems } = parseProfiles(text);
    assert.deepEqual(templates, [
      {
        name: 'set-led',
        publish: {
          topic: 'devices/led/set',
          payload: '{"on": true}',
          encoding: 'utf8',
          qos: 1,
          retain: false,
          properties: { contentType: 'application/json', payloadFormatIndicator: 1, messageExpiryInterval: 30, responseTopic: 'devices/led/ack', correlationData: 'req-1', userProperties: [['origin', 'tracemq']] },
        },
      },
      { name: 'raw', publish: { topic: 'bin', payload: 'ff00', encoding: 'hex', qos: 0, retain: false } },
    ]);
    const located = problems.filter((p) => p.severity === 'error').map((p) => [p.path, p.line, p.message.slice(0, 40)]);
    assert.deepEqual(located, [
      ['templates[2].topic', 6, "Wildcards '+' and '#' are for subscripti"],
      ['templates[3]', 7, 'The template needs a "name".'],
      ['templates[4].name', 8, 'Another template is already named "set-l'],
    ]);
  });

  it('reads "encode": true as a publish encoded through the topic\'s binding', () => {
    const { templates } = parseProfiles('{ "templates": [ { "name": "t", "topic": "factory/a/telemetry", "payload": "{\\"temperature\\": 20}", "encode": true } ] }');
    assert.deepEqual(templates[0]?.publish, { topic: 'factory/a/telemetry', payload: '{"temperature": 20}', encoding: 'utf8', qos: 0, retain: false, encode: true });
  });

  it('refuses "encode": true with a payload that is not JSON, at the payload', () => {
    const { problems } = parseProfiles('{ "templates": [ { "name": "t", "topic": "a", "payload": "not json", "encode": true } ] }');
    assert.deepEqual(problems.map((p) => [p.path, p.message.slice(0, 45)]), [['templates[0].payload', '"encode": true needs the payload to be JSON: ']]);
  });

  it('refuses "encode": true with a hex "encoding", at "encode"', () => {
    const { problems } = parseProfiles('{ "templates": [ { "name": "t", "topic": "a", "payload": "ff", "encoding": "hex", "encode": true } ] }');
    assert.deepEqual(problems.map((p) => p.path), ['templates[0].encode']);
  });
});
