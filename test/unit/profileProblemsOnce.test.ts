import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { parseDecoderBindings } from '../../src/extension/decoders/decoderBindingParser';
import type { ProfileProblem } from '../../src/extension/profiles/jsonReader';
import { parseProfiles } from '../../src/extension/profiles/profileParser';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'media', 'tracemq.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** ajv's `/profiles/0/keepalive` as TraceMQ writes it: `profiles[0].keepalive`. */
function pathOf(e: ErrorObject): string {
  const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  // An unknown field and a refused name are reported at the object, naming the key: TraceMQ reports them at the key.
  const params = e.params as { additionalProperty?: string; propertyName?: string };
  const extra = params.additionalProperty ?? params.propertyName;
  return extra === undefined ? path : `${path}.${extra}`;
}

/** TraceMQ's problems with a file (profiles, templates, decoders), and the fields where the schema finds one. */
function bothSides(file: unknown): { problems: ProfileProblem[]; schemaPaths: Set<string> } {
  const text = JSON.stringify(file, null, 2);
  const problems = [...parseProfiles(text).problems, ...parseDecoderBindings(text).problems];
  validate(file);
  return { problems, schemaPaths: new Set((validate.errors ?? []).map(pathOf)) };
}

/**
 * A file that uses every field of `.tracemq.json` correctly; the corpus below breaks it one field at a time.
 * `ws://` so that the websocket options are read without a warning; MQTT 5 so that mqtt5 options are.
 */
const VALID = {
  profiles: [
    {
      name: 'p',
      url: 'wss://h:8080',
      protocolVersion: '5.0',
      clientId: 'c',
      clean: true,
      keepalive: 60,
      connectTimeout: 10,
      reconnect: { enabled: true, period: 1000 },
      websocket: { path: '/mqtt', headers: { 'X-Key': 'v' } },
      auth: { username: 'u' },
      tls: { enabled: true, ca: 'ca.pem', cert: 'c.pem', key: 'k.pem', insecureSkipVerify: false },
      mqtt5: { sessionExpiryInterval: 0, receiveMaximum: 10, maximumPacketSize: 1000, topicAliasMaximum: 0, requestResponseInformation: false, userProperties: { k: 'v' } },
      will: { topic: 'w', payload: 'x', qos: 1, retain: false, delayInterval: 0, messageExpiryInterval: 5, userProperties: { k: 'v' } },
      subscriptions: [{ topic: 'a/#', qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0, subscriptionIdentifier: 1 }],
    },
  ],
  templates: [
    {
      name: 't',
      topic: 'a/b',
      payload: 'x',
      encoding: 'utf8',
      qos: 0,
      retain: false,
      properties: { contentType: 'text/plain', payloadFormatIndicator: 1, messageExpiryInterval: 5, topicAlias: 1, responseTopic: 'r', correlationData: 'c', userProperties: { k: 'v' } },
    },
  ],
  decoders: [
    { topic: 'c/#', format: 'cbor' },
    { topic: 'p/#', format: 'protobuf', proto: 'a.proto', type: 'a.B', protoPaths: ['protos'] },
  ],
};

/** Values of every JSON type, and numbers out of every range, put in place of each field in turn. */
const BAD_VALUES: unknown[] = ['', 'x', 'a/+', -1, 1.5, 4294967296, 7, true, null, [], ['x'], {}, { k: 1 }];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside `value` (arrays by index), parents before children. */
function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const own = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) return [...own, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value !== null && typeof value === 'object') return [...own, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return own;
}

/** A deep copy of `value` with `path` replaced by `replacement` (or removed, when it is `REMOVE`). */
const REMOVE = Symbol('remove');
function withAt(value: Json, path: (string | number)[], replacement: unknown): Json {
  const copy = structuredClone(value);
  let parent = copy as Record<string | number, Json>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (replacement === REMOVE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else Reflect.deleteProperty(parent, last);
  } else parent[last] = replacement as Json;
  return copy;
}

const isObject = (v: Json | undefined): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const valueAt = (value: Json, path: (string | number)[]): Json | undefined =>
  path.reduce<Json | undefined>((v, segment) => (v as Record<string | number, Json> | undefined)?.[segment], value);

/** The corpus: each field of VALID given each bad value, removed, and each object given an unknown field and a bad map entry. */
function corpus(): { label: string; file: Json }[] {
  const files: { label: string; file: Json }[] = [];
  for (const path of paths(VALID as unknown as Json)) {
    const name = path.join('.');
    for (const bad of BAD_VALUES) files.push({ label: `${name} = ${JSON.stringify(bad)}`, file: withAt(VALID as unknown as Json, path, bad) });
    files.push({ label: `${name} removed`, file: withAt(VALID as unknown as Json, path, REMOVE) });
    if (isObject(valueAt(VALID as unknown as Json, path))) files.push({ label: `${name}.zz added`, file: withAt(VALID as unknown as Json, [...path, 'zz'], 1) });
  }
  for (const bad of BAD_VALUES) files.push({ label: `the file = ${JSON.stringify(bad)}`, file: bad as Json });
  files.push({ label: 'auth.password added', file: withAt(VALID as unknown as Json, ['profiles', 0, 'auth', 'password'], 'x') });
  return files;
}

/** Broken files, one shape problem each kind: wrong types, missing and unknown fields, out of range. */
const BROKEN = [
  { profiles: [{ name: 'a', url: 'mqtt://h', keepalive: 'sixty' }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', keepalive: 70000 }] },
  { profiles: [{ name: 'a' }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', colour: 'red' }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', clean: 'yes' }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', tls: 'on' }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', mqtt5: { receiveMaximum: 0 } }] },
  { profiles: [{ name: 7, url: 'mqtt://h' }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', will: { topic: 't', payload: 'x', retain: 1 } }] },
  { templates: [{ name: 't', topic: 'x', qos: 0, colour: 1 }] },
  { decoders: [{ topic: 'x/#', format: 'cbor', extra: true }] },
  // Enums and patterns: the schema underlines them (with TraceMQ's words, its errorMessage), TraceMQ does not.
  { profiles: [{ name: 'a', url: 'http://h' }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', protocolVersion: '6' }] },
  { profiles: [{ name: 'a', url: 'ws://h', websocket: { path: 'no-slash' } }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', will: { topic: 'a/+', payload: 'x' } }] },
  { templates: [{ name: 't', topic: 'a/#', payload: 'x' }] },
  { decoders: [{ topic: 'x/#', format: 'xml' }] },
  { decoders: [{ topic: 'x/#', format: 'protobuf', proto: 'a.proto', type: '1bad' }] },
  // Maps of strings (headers, user properties): a value that is not a string, a header name or value the schema's patterns refuse, `__proto__`.
  { profiles: [{ name: 'a', url: 'ws://h', websocket: { headers: { 'X-Key': 1 } } }] },
  { profiles: [{ name: 'a', url: 'ws://h', websocket: { headers: { 'bad name': 'v' } } }] },
  { profiles: [{ name: 'a', url: 'ws://h', websocket: { headers: { 'X-Key': 'a\nb' } } }] },
  { profiles: [{ name: 'a', url: 'ws://h', websocket: { headers: 'X-Key: v' } }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', mqtt5: { userProperties: { team: true } } }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', mqtt5: { userProperties: ['team', 'iot'] } }] },
  { profiles: [{ name: 'a', url: 'mqtt://h', will: { topic: 't', userProperties: { k: null } } }] },
  { templates: [{ name: 't', topic: 'x', properties: { userProperties: { k: 2 } } }] },
  JSON.parse('{ "profiles": [{ "name": "a", "url": "mqtt://h", "mqtt5": { "userProperties": { "__proto__": "x" } } }] }') as object,
];

/**
 * `.tracemq.json` problems are listed once (issue 27, item 7): what the contributed JSON schema
 * reports as the file is edited (shape) is left out of TraceMQ's diagnostics; the rest is TraceMQ's.
 */
describe('.tracemq.json problems listed once', () => {
  for (const file of BROKEN) {
    const text = JSON.stringify(file, null, 2);
    it(`every problem TraceMQ leaves to the schema, the schema reports at the same field: ${JSON.stringify(file)}`, () => {
      const left = [...parseProfiles(text).problems, ...parseDecoderBindings(text).problems].filter((p) => p.alsoInSchema);
      validate(file);
      const schemaPaths = new Set((validate.errors ?? []).map(pathOf));
      assert.ok(left.length > 0, 'the example has a shape problem');
      assert.deepEqual(left.filter((p) => !schemaPaths.has(p.path)).map((p) => `${p.path}: ${p.message}`), []);
    });
  }

  for (const file of BROKEN) {
    it(`no field gets a problem from both TraceMQ's diagnostics and the schema: ${JSON.stringify(file)}`, () => {
      const text = JSON.stringify(file, null, 2);
      const mine = [...parseProfiles(text).problems, ...parseDecoderBindings(text).problems].filter((p) => !p.alsoInSchema);
      validate(file);
      const schemaPaths = new Set((validate.errors ?? []).map(pathOf));
      assert.deepEqual(mine.filter((p) => schemaPaths.has(p.path)).map((p) => `${p.path}: ${p.message}`), []);
    });
  }

  it('walking a corpus of broken files (each field of a full file given each wrong value, removed, or joined by an unknown one), no field gets a problem from both', () => {
    const both = corpus().flatMap(({ label, file }) => {
      const { problems, schemaPaths } = bothSides(file);
      return problems.filter((p) => !p.alsoInSchema && schemaPaths.has(p.path)).map((p) => `${label} → ${p.path}: ${p.message}`);
    });
    assert.deepEqual(both, []);
  });

  it('walking the same corpus, every problem TraceMQ leaves to the schema is reported by the schema at that field', () => {
    const dropped = corpus().flatMap(({ label, file }) => {
      const { problems, schemaPaths } = bothSides(file);
      return problems.filter((p) => p.alsoInSchema && !schemaPaths.has(p.path)).map((p) => `${label} → ${p.path}: ${p.message}`);
    });
    assert.deepEqual(dropped, []);
  });

  it('the corpus breaks the file: the schema finds a problem in each of its files but the few the schema accepts', () => {
    const files = corpus();
    const accepted = files.filter(({ file }) => bothSides(file).schemaPaths.size === 0);
    assert.ok(accepted.length < files.length / 4, `${accepted.length} of ${files.length} files pass the schema`);
  });

  it('a syntax error is left to VS Code\'s JSON language service, which underlines it as the file is edited', () => {
    assert.deepEqual(parseProfiles('{ "profiles": [] ').problems.map((p) => [p.message, p.alsoInSchema]), [['Invalid JSON: CloseBraceExpected', true]]);
  });

  it('a key written twice is left to VS Code\'s JSON language service ("Duplicate object key") but still marks its profile invalid', () => {
    const parsed = parseProfiles('{ "profiles": [ { "name": "a", "url": "mqtt://h", "keepalive": 1, "keepalive": 2 } ] }');
    assert.deepEqual([parsed.problems.map((p) => p.alsoInSchema), parsed.invalid.map((i) => i.label)], [[true], ['a']]);
  });

  it('a user property with a NUL character, which the schema cannot see, stays in TraceMQ\'s diagnostics', () => {
    const text = JSON.stringify({ profiles: [{ name: 'a', url: 'mqtt://h', mqtt5: { userProperties: { k: 'a\u0000b' } } }] });
    assert.deepEqual(parseProfiles(text).problems.map((p) => [p.message, p.alsoInSchema]), [['User property "k" cannot contain the NUL character (U+0000).', undefined]]);
  });

  it('a password in the file stays in TraceMQ\'s diagnostics, in its words, and the schema does not list it again', () => {
    const file = { profiles: [{ name: 'a', url: 'mqtt://h', auth: { username: 'u', password: 'p' } }] };
    const { problems, schemaPaths } = bothSides(file);
    assert.deepEqual([problems.map((p) => [p.path, p.alsoInSchema]), [...schemaPaths]], [[['profiles[0].auth.password', undefined]], []]);
  });

  it('a problem the schema cannot see (two profiles of one name) stays in TraceMQ\'s diagnostics', () => {
    const text = JSON.stringify({ profiles: [{ name: 'a', url: 'mqtt://h' }, { name: 'a', url: 'mqtt://k' }] });
    assert.deepEqual(parseProfiles(text).problems.map((p) => [p.message, p.alsoInSchema]), [['Another profile is already named "a"; names must be unique.', undefined]]);
  });
});

describe('invalid profiles of .tracemq.json', () => {
  const text = JSON.stringify({ profiles: [{ name: 'good', url: 'mqtt://h' }, { name: 'broken', url: 'mqtt://h', keepalive: 'sixty' }] }, null, 2);

  it('are listed with their name and their first error, located at its line', () => {
    const { invalid } = parseProfiles(text);
    const line = text.split('\n').findIndex((l) => l.includes('"sixty"'));
    assert.deepEqual(invalid.map((i) => [i.label, i.problem.message, i.problem.line]), [['broken', '"keepalive" must be a whole number from 0 to 65535.', line]]);
  });

  it('without a usable name are listed by their place in the file', () => {
    const { invalid } = parseProfiles(JSON.stringify({ profiles: [{ url: 'mqtt://h' }] }));
    assert.deepEqual(invalid.map((i) => i.label), ['profiles[0]']);
  });

  it('do not keep the valid profiles from loading', () => {
    assert.deepEqual(parseProfiles(text).profiles.map((p) => p.name), ['good']);
  });
});
