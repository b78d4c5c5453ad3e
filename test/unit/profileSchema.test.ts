import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_KEYS } from '../../src/extension/profiles/profileParser';
import { TEMPLATE_KEYS } from '../../src/extension/publish/templateParser';
import { DECODER_KEYS } from '../../src/extension/decoders/decoderBindingParser';
import { DECODER_FORMATS } from '../../src/extension/decoders/decoderBinding';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  description?: string;
  additionalProperties?: unknown;
  enum?: unknown[];
  doNotSuggest?: boolean;
  type?: unknown;
}

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'media', 'tracemq.schema.json'), 'utf8')) as SchemaNode;
const profile = schema.properties?.profiles?.items;

/** The schema (editor validation and completion) and the parser (what TraceMQ applies) must agree. */
describe('the .tracemq.json schema', () => {
  const cases: [string, SchemaNode | undefined, readonly string[]][] = [
    ['profile', profile, KNOWN_KEYS.profile],
    ['reconnect', profile?.properties?.reconnect, KNOWN_KEYS.reconnect],
    ['websocket', profile?.properties?.websocket, KNOWN_KEYS.websocket],
    // The parser knows auth.password only to refuse it in its own words; the schema names it only so
    // that its "not allowed" is not a second problem for the same key (see the password tests below).
    ['auth', profile?.properties?.auth, KNOWN_KEYS.auth],
    ['tls', profile?.properties?.tls, KNOWN_KEYS.tls],
    ['mqtt5', profile?.properties?.mqtt5, KNOWN_KEYS.mqtt5],
    ['will', profile?.properties?.will, KNOWN_KEYS.will],
    ['subscription', profile?.properties?.subscriptions?.items, KNOWN_KEYS.subscription],
    ['template', schema.properties?.templates?.items, TEMPLATE_KEYS.template],
    ['template properties', schema.properties?.templates?.items?.properties?.properties, TEMPLATE_KEYS.properties],
    ['decoder', schema.properties?.decoders?.items, DECODER_KEYS],
  ];
  for (const [name, node, keys] of cases) {
    it(`describes exactly the ${name} keys the parser reads, each with a description`, () => {
      assert.ok(node?.properties, `${name} is in the schema`);
      assert.deepEqual(Object.keys(node.properties).sort(), [...keys].sort());
      assert.equal(node.additionalProperties, false, `${name}: unknown keys are flagged in the editor too`);
      for (const [key, child] of Object.entries(node.properties)) {
        if (name === 'reconnect') continue; // its two keys are self-explanatory under a described object
        assert.ok(child.description && child.description.length > 10, `${name}.${key} has a description`);
      }
    });
  }

  it('offers exactly the decoder formats the parser reads', () => {
    assert.deepEqual(schema.properties?.decoders?.items?.properties?.format?.enum, [...DECODER_FORMATS]);
  });

  it('names a password key nowhere but auth.password', () => {
    assert.equal([...JSON.stringify(schema).matchAll(/"password"\s*:/g)].length, 1);
  });

  it('never suggests auth.password, gives it no type, and says where a password goes', () => {
    const password = profile?.properties?.auth?.properties?.password;
    assert.deepEqual([password?.doNotSuggest, password?.type, /Set Password/.test(password?.description ?? '')], [true, undefined, true]);
  });
});
