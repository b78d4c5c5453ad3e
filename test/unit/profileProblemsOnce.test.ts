import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { parseDecoderBindings } from '../../src/extension/decoders/decoderBindingParser';
import { parseProfiles } from '../../src/extension/profiles/profileParser';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'media', 'tracemq.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** ajv's `/profiles/0/keepalive` as TraceMQ writes it: `profiles[0].keepalive`. */
function pathOf(e: ErrorObject): string {
  const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  const extra = (e.params as { additionalProperty?: string }).additionalProperty;
  return extra === undefined ? path : `${path}.${extra}`;
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
