import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateProblems, parseProfiles, type ProfileProblem } from '../../src/extension/profiles/profileParser';
import { MAX_NESTING, MAX_PROBLEMS } from '../../src/extension/profiles/jsonReader';

/**
 * The malformed `.tracemq.json` corpus (issue 7, "Bad input"): every file in
 * fixtures/malformed/, plus a few generated ones too large to keep in the repository. Each must give
 * located problems (path, line, column) and never throw, and the valid profile placed in the same
 * file ("still-here") must still load.
 */

const DIR = join(__dirname, 'fixtures', 'malformed');
const WORKSPACE = '/workspace/of/the/corpus';

interface ExpectedProblem {
  path: string;
  message: RegExp;
  /** The problem starts at the first occurrence of this text in the file (its offset, line and column). */
  at?: string;
  /** Or at this offset (for generated files, where a run of brackets has no unique text). */
  atOffset?: (text: string) => number;
  severity?: 'error' | 'warning';
  /** Reported by `certificateProblems` rather than `parseProfiles`. */
  certificates?: true;
}

interface Case {
  /** Generated text, for the files too large to keep. */
  text?: () => string;
  problems: ExpectedProblem[];
  /** The profiles that load, in order (default: only "still-here"). */
  loads?: string[];
  /** The templates that load (default: none). */
  templates?: string[];
  /** Why the valid profile cannot load, for the few cases where the file as a whole is refused. */
  nothingLoadsBecause?: string;
}

const VALID = '{ "name": "still-here", "url": "mqtt://127.0.0.1:1883" }';

const err = (path: string, message: RegExp, at?: string): ExpectedProblem => (at === undefined ? { path, message } : { path, message, at });
const warn = (path: string, message: RegExp, at?: string): ExpectedProblem => ({ ...err(path, message, at), severity: 'warning' });

const CORPUS: Record<string, Case> = {
  '01-invalid-json-missing-comma.json': {
    // The error sits at the start of the next profile, which is then not trusted (and not loaded).
    problems: [err('', /^Invalid JSON: CommaExpected$/, '{ "name": "after-the-gap"')],
  },
  '02-invalid-json-unterminated-string.json': {
    problems: [err('', /^Invalid JSON: /, 'mqtt://127.0.0.1:1884')],
  },
  '03-invalid-json-single-quotes.json': {
    problems: [err('', /^Invalid JSON: InvalidSymbol$/, "'name'")],
  },
  '04-invalid-json-trailing-garbage.json': {
    problems: [err('', /^Invalid JSON: EndOfFileExpected$/, '} garbage')],
  },
  '05-invalid-json-truncated.json': {
    problems: [{ ...err('', /^Invalid JSON: UnexpectedEndOfString$/), atOffset: (t) => t.lastIndexOf('"mq') }],
  },
  '06-invalid-json-nan-infinity.json': {
    // jsonc-parser skips the bad values; the profiles around them must not load with defaults instead.
    problems: [err('', /^Invalid JSON: InvalidSymbol$/, 'NaN'), err('', /^Invalid JSON: InvalidSymbol$/, 'Infinity')],
  },
  '07-invalid-json-control-character.json': {
    // Located at the string that holds the raw tab.
    problems: [err('', /^Invalid JSON: InvalidCharacter$/, '"tab')],
  },
  '08-invalid-json-bad-escapes.json': {
    problems: [err('', /^Invalid JSON: InvalidEscapeCharacter$/, '"bad'), err('', /^Invalid JSON: InvalidUnicode$/, '"short')],
  },
  '09-root-is-an-array.json': {
    problems: [err('', /must hold an object: \{ "profiles": \[ \.\.\. \] \}/, '[')],
    nothingLoadsBecause: 'the file is not an object, so there is no "profiles" list to read',
  },
  '10-profiles-not-an-array.json': {
    problems: [err('profiles', /"profiles" must be an array/, '{ "name": "still-here"')],
    nothingLoadsBecause: '"profiles" is not a list of profiles',
    templates: ['still-a-template'],
  },
  '11-profile-not-an-object.json': {
    problems: [
      err('profiles[0]', /A profile must be an object/, '"just a string"'),
      err('profiles[1]', /A profile must be an object/, '42'),
      err('profiles[2]', /A profile must be an object/, 'null'),
      err('profiles[3]', /A profile must be an object/, 'true'),
      err('profiles[4]', /A profile must be an object/, '[ { "name": "nested"'),
    ],
  },
  '12-wrong-types-top-level-fields.json': {
    problems: [
      err('profiles[0].name', /"name" must be a string/, '5,'),
      err('profiles[1].url', /"url" must be a string/, 'true'),
      err('profiles[2].protocolVersion', /must be one of "3\.1", "3\.1\.1", "5\.0" \(got 5\)/, '5 }'),
      err('profiles[3].clientId', /"clientId" must be a string/, '{ "id": "x" }'),
      err('profiles[4].clean', /"clean" must be true or false/, '"yes"'),
      err('profiles[5].keepalive', /"keepalive" must be a whole number from 0 to 65535/, '"60"'),
      err('profiles[6].connectTimeout', /"connectTimeout" must be a whole number from 1 to 3600/, '[10]'),
      err('profiles[7].reconnect', /"reconnect" must be an object/, '"on"'),
    ],
  },
  '13-wrong-types-reconnect-websocket.json': {
    problems: [
      err('profiles[1].reconnect.enabled', /true or false/, '"true"'),
      err('profiles[1].reconnect.period', /whole number from 100 to 3600000/, '"1000"'),
      err('profiles[2].websocket', /"websocket" must be an object/, '"/mqtt"'),
      err('profiles[3].websocket.path', /"path" must be a string/, '1,'),
      err('profiles[3].websocket.headers', /"headers" must be an object of string values/, '["X-Api-Key: k"]'),
      err('profiles[4].websocket.headers.X-A', /cannot contain line breaks or NUL/, '"X-A"'),
      err('profiles[4].websocket.headers.Bad Name', /not a valid HTTP header name/, '"Bad Name"'),
    ],
  },
  '14-wrong-types-auth-tls.json': {
    problems: [
      err('profiles[0].auth', /"auth" must be an object/, '"alice"'),
      err('profiles[1].auth.username', /"username" must be a string/, '7 }'),
      err('profiles[2].tls', /"tls" must be an object/, 'true }'),
      err('profiles[3].tls.enabled', /true or false/, '"yes"'),
      err('profiles[3].tls.ca', /"ca" must be a string/, '5,'),
      err('profiles[3].tls.insecureSkipVerify', /true or false/, '"false"'),
    ],
  },
  '15-wrong-types-mqtt5.json': {
    problems: [
      err('profiles[0].mqtt5', /"mqtt5" must be an object/, '[]'),
      err('profiles[1].mqtt5.sessionExpiryInterval', /whole number from 0 to 4294967295/, '"0"'),
      err('profiles[1].mqtt5.receiveMaximum', /whole number from 1 to 65535/, 'true'),
      err('profiles[1].mqtt5.maximumPacketSize', /whole number from 1 to 268435456/, 'null'),
      err('profiles[1].mqtt5.topicAliasMaximum', /whole number from 0 to 65535/, '{}'),
      err('profiles[1].mqtt5.requestResponseInformation', /true or false/, '1,'),
      err('profiles[1].mqtt5.userProperties', /must be an object of string values/, '["team", "iot"]'),
      err('profiles[2].mqtt5.userProperties.team', /"team" must have a string value/, '7 } } }'),
    ],
  },
  '16-wrong-types-will.json': {
    problems: [
      err('profiles[1].will', /"will" must be an object/, '"offline"'),
      err('profiles[2].will.topic', /"topic" must be a string/, '["status"]'),
      err('profiles[2].will.payload', /"payload" must be a string/, '{ "state": "offline" }'),
      err('profiles[2].will.qos', /whole number from 0 to 2/, '"1"'),
      err('profiles[2].will.retain', /true or false/, '"true"'),
      err('profiles[3].will.topic', /Will topic: Wildcards/, '"status/#"'),
    ],
  },
  '17-wrong-types-subscriptions.json': {
    problems: [
      err('profiles[0].subscriptions', /"subscriptions" must be an array/, '{ "topic": "a/#" }'),
      err('profiles[1].subscriptions[0]', /A subscription must be an object/, '"a/#" ]'),
      err('profiles[2].subscriptions[0].topic', /needs a "topic" string/, '5 }'),
      err('profiles[2].subscriptions[1].qos', /whole number from 0 to 2/, '"1"'),
      err('profiles[2].subscriptions[1].noLocal', /true or false/, '"no"'),
      err('profiles[2].subscriptions[1].retainHandling', /whole number from 0 to 2/, '"0"'),
      err('profiles[3].subscriptions[0].topic', /'#'/, '"a/#/b"'),
      err('profiles[3].subscriptions[1].topic', /empty/, '"" }'),
    ],
  },
  '18-huge-file (generated, over 5 MB)': {
    // A valid file, just too large: padded with a long run of valid profiles.
    text: () => `{ "profiles": [ ${VALID}, ${Array.from({ length: 100_000 }, (_, i) => `{ "name": "filler-${i}", "url": "mqtt://127.0.0.1:1883" }`).join(',\n')} ] }`,
    problems: [err('', /larger than 5 MB; TraceMQ does not read it/)],
    nothingLoadsBecause: 'a file over the 5 MB limit is not read at all (the limit keeps the extension host responsive)',
  },
  '19-deep-nesting-arrays (generated, 100,000 levels)': {
    text: () => `{ "profiles": [ ${VALID}, { "name": "deep", "url": "mqtt://127.0.0.1:1884", "x": ${'['.repeat(100_000)}${']'.repeat(100_000)} } ] }`,
    // Root, "profiles" and the profile are 3 levels: the bracket that opens level MAX_NESTING + 1 is cut.
    problems: [{ ...err(`profiles[1].x${'[0]'.repeat(MAX_NESTING - 3)}`, new RegExp(`Nested deeper than ${MAX_NESTING} levels`)), atOffset: (t) => t.indexOf('"x": ') + 5 + MAX_NESTING - 3 }],
  },
  '19b-deep-nesting-objects (generated, 100,000 levels)': {
    text: () => `{ "profiles": [ ${VALID} ], "deep": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)} }`,
    problems: [{ ...err(`deep${'.a'.repeat(MAX_NESTING - 1)}`, /Nested deeper than/), atOffset: (t) => t.indexOf('"deep": ') + 8 + 5 * (MAX_NESTING - 1) }],
  },
  '19c-deep-nesting-never-closed (generated, 100,000 levels)': {
    text: () => `{ "profiles": [ ${VALID}, { "name": "deep", "url": "mqtt://127.0.0.1:1884", "subscriptions": ${'['.repeat(100_000)}`,
    problems: [
      { ...err(`profiles[1].subscriptions${'[0]'.repeat(MAX_NESTING - 3)}`, /Nested deeper than/), atOffset: (t) => t.indexOf('"subscriptions": ') + 17 + MAX_NESTING - 3 },
      err('', /^Invalid JSON: /),
    ],
  },
  '20-proto-keys-at-every-level.json': {
    problems: [
      warn('profiles[1].__proto__', /Unknown field "__proto__"/, '"__proto__": { "polluted": "profile"'),
      warn('profiles[1].constructor', /Unknown field "constructor"/, '"constructor": { "prototype": { "polluted": "profile"'),
      { ...warn('profiles[1].prototype', /Unknown field "prototype"/), atOffset: (t) => t.indexOf('\n      "prototype"') + 7 },
      warn('profiles[1].reconnect.__proto__', /Unknown field "__proto__"/, '"__proto__": { "polluted": "reconnect"'),
      warn('profiles[1].websocket.__proto__', /Unknown field "__proto__"/, '"__proto__": { "path"'),
      warn('profiles[1].websocket.headers.__proto__', /"__proto__" cannot be used as a name here/, '"__proto__": "h"'),
      warn('profiles[1].auth.__proto__', /Unknown field "__proto__"/, '"__proto__": { "password"'),
      warn('profiles[1].tls.__proto__', /Unknown field "__proto__"/, '"__proto__": { "insecureSkipVerify"'),
      warn('profiles[1].mqtt5.__proto__', /Unknown field "__proto__"/, '"__proto__": { "polluted": "mqtt5"'),
      warn('profiles[1].mqtt5.userProperties.__proto__', /"__proto__" cannot be used as a name here/, '"__proto__": { "polluted": "up"'),
      warn('profiles[1].will.__proto__', /Unknown field "__proto__"/, '"__proto__": { "qos": 2 }, "userProperties"'),
      warn('profiles[1].subscriptions[0].__proto__', /Unknown field "__proto__"/, '"__proto__": { "qos": 2 }, "constructor"'),
      warn('templates[0].__proto__', /Unknown field "__proto__"/, '"__proto__": { "polluted": "template"'),
      warn('templates[0].properties.userProperties.__proto__', /"__proto__" cannot be used as a name here/, '"__proto__": "x", "constructor": "c" } } }'),
    ],
    loads: ['still-here', 'proto-everywhere'],
    templates: ['proto-template'],
  },
  '21-unknown-protocol-version.json': {
    problems: [
      err('profiles[0].protocolVersion', /must be one of .* \(got "4"\)/, '"4"'),
      err('profiles[1].protocolVersion', /\(got "5"\)/, '"5" }'),
      err('profiles[2].protocolVersion', /\(got 5\)/, '5.0'),
      err('profiles[3].protocolVersion', /\(got "mqttv5"\)/, '"mqttv5"'),
      err('profiles[4].protocolVersion', /\(got null\)/, 'null }'),
    ],
  },
  '22-url-without-scheme.json': {
    problems: [
      err('profiles[0].url', /Unsupported scheme "localhost:"/, '"localhost:1883"'),
      err('profiles[1].url', /"127\.0\.0\.1:1883" is not a URL/, '"127.0.0.1:1883"'),
      err('profiles[2].url', /"\/\/127\.0\.0\.1:1883" is not a URL/, '"//127.0.0.1:1883"'),
    ],
  },
  '23-url-wrong-scheme.json': {
    problems: [
      err('profiles[0].url', /Unsupported scheme "http:"/, '"http://'),
      err('profiles[1].url', /Unsupported scheme "file:"/, '"file://'),
      err('profiles[2].url', /Unsupported scheme "javascript:"/, '"javascript:'),
      err('profiles[3].url', /Unsupported scheme "command:"/, '"command:'),
    ],
  },
  '24-url-with-spaces.json': {
    problems: [
      err('profiles[0].url', /cannot contain spaces or control characters/, '"mqtt://bro ker:1883"'),
      err('profiles[1].url', /cannot contain spaces or control characters/, '" mqtts://'),
      err('profiles[2].url', /cannot contain spaces or control characters/, '"mqtt://127.0.0.1:1883\\n"'),
      err('profiles[3].url', /cannot contain spaces or control characters/, '"ws://127.0.0.1:8083/my path"'),
    ],
  },
  '25-url-absurd-ports.json': {
    problems: [
      err('profiles[0].url', /not a URL/, '"mqtt://127.0.0.1:99999999"'),
      err('profiles[1].url', /not a URL/, '"mqtt://127.0.0.1:65536"'),
      err('profiles[2].url', /not a URL/, '"mqtt://127.0.0.1:-1"'),
      err('profiles[3].url', /Port 0/, '"mqtt://127.0.0.1:0"'),
    ],
  },
  '26-url-empty-host-and-credentials.json': {
    problems: [
      err('profiles[0].url', /"" is not a URL/, '"" }'),
      err('profiles[1].url', /not a URL|no host name/, '"mqtt://"'),
      err('profiles[2].url', /Credentials do not belong in the URL/, '"mqtt://alice:hunter2@'),
    ],
  },
  '27-certificates-that-do-not-exist.json': {
    problems: [
      { ...err('profiles[1].tls.ca', /TLS CA file "certs\/nowhere-ca\.pem" cannot be read \(looked for \/workspace\/of\/the\/corpus\/certs\/nowhere-ca\.pem\)/, '"certs/nowhere-ca.pem"'), certificates: true },
      { ...err('profiles[2].tls.cert', /TLS client certificate "\/nonexistent\/client\.pem" cannot be read/, '"/nonexistent/client.pem"'), certificates: true },
      { ...err('profiles[2].tls.key', /TLS client key "\.\.\/\.\.\/outside\/client\.key" cannot be read \(looked for \/workspace\/of\/outside\/client\.key\)/, '"../../outside/client.key"'), certificates: true },
    ],
    // Certificate problems do not drop the profile: connecting it names the same file.
    loads: ['still-here', 'missing-ca', 'missing-pair'],
  },
  '28-absurd-numbers-negative.json': {
    problems: [
      err('profiles[1].keepalive', /0 to 65535/, '-1,'),
      err('profiles[1].connectTimeout', /1 to 3600/, '-5,'),
      err('profiles[1].reconnect.period', /100 to 3600000/, '-100'),
      err('profiles[1].will.qos', /0 to 2/, '-1, "delayInterval"'),
      err('profiles[1].will.delayInterval', /0 to 4294967295/, '-60'),
      err('profiles[1].subscriptions[0].qos', /0 to 2/, '-1, "subscriptionIdentifier"'),
      err('profiles[1].subscriptions[0].subscriptionIdentifier', /1 to 268435455/, '-7'),
    ],
  },
  '29-absurd-numbers-huge.json': {
    problems: [
      err('profiles[0].keepalive', /0 to 65535/, '1e300,'),
      err('profiles[0].connectTimeout', /1 to 3600/, '9007199254740993'),
      err('profiles[0].mqtt5.sessionExpiryInterval', /0 to 4294967295/, '1e300, "receiveMaximum"'),
      err('profiles[0].mqtt5.receiveMaximum', /1 to 65535/, '1e999'),
      err('profiles[0].mqtt5.maximumPacketSize', /1 to 268435456/, '268435457'),
      err('profiles[0].mqtt5.topicAliasMaximum', /0 to 65535/, '65536'),
    ],
  },
  '30-absurd-numbers-nan-like-strings.json': {
    problems: [
      err('profiles[0].keepalive', /whole number/, '"NaN"'),
      err('profiles[0].connectTimeout', /whole number/, '"Infinity"'),
      err('profiles[0].reconnect.period', /whole number/, '"-0"'),
      err('profiles[0].will.qos', /whole number/, '"1e0"'),
    ],
  },
  '31-floats-where-integers-are-needed.json': {
    problems: [
      err('profiles[1].keepalive', /whole number/, '60.5'),
      err('profiles[1].connectTimeout', /whole number/, '0.1,'),
      err('profiles[1].mqtt5.receiveMaximum', /whole number/, '1e-7'),
      err('profiles[1].subscriptions[0].qos', /whole number/, '1.5'),
      err('profiles[1].subscriptions[0].subscriptionIdentifier', /whole number/, '7.25'),
    ],
  },
  '32-duplicate-profile-names.json': {
    problems: [
      err('profiles[2].name', /Another profile is already named "twin"/, '"twin", "url": "mqtt://10.0.0.1'),
      err('profiles[3].name', /Another profile is already named "still-here"/, '"still-here", "url": "mqtt://10.0.0.2'),
    ],
    loads: ['still-here', 'twin'],
  },
  '33-duplicate-keys.json': {
    problems: [
      err('profiles[0].url', /"url" appears more than once/, '"url": "mqtt://attacker'),
      err('profiles[1].auth.username', /"username" appears more than once/, '"username": "mallory"'),
      err('profiles[2].websocket.headers.X-Key', /"X-Key" appears more than once/, '"X-Key": "b"'),
      err('profiles', /"profiles" appears more than once/, '"profiles": [\n    { "name": "second-list"'),
    ],
  },
  '34-empty-strings.json': {
    problems: [
      err('profiles[0].name', /"name" cannot be empty/, '"", "url"'),
      err('profiles[1].name', /"name" cannot be empty/, '"   "'),
      err('profiles[2].clientId', /MQTT 3\.1 needs a client id/, '"" },\n    { "name": "empty-ca"'),
      err('profiles[3].tls.ca', /"ca" cannot be empty/, '"" } },\n    { "name": "empty-will-topic"'),
      err('profiles[4].will.topic', /Will topic: The topic cannot be empty/, '"" } },\n    { "name": "empty-ws-path"'),
      err('profiles[5].websocket.path', /must start with "\/"/, '"" } },\n    { "name": "empty-sub-topic"'),
      err('profiles[6].subscriptions[0].topic', /empty/, '"" } ] }'),
    ],
  },
  '35-names-with-hidden-characters.json': {
    problems: [
      err('profiles[0].name', /cannot contain control, invisible or direction-changing characters \(U\+0000\)/, '"nul'),
      err('profiles[1].name', /\(U\+202E\)/, '"rtl'),
      err('profiles[2].name', /\(U\+200B\)/, '"zero'),
      err('profiles[3].name', /unpaired surrogate/, '"lone'),
      err('profiles[4].name', /\(U\+2028\)/, '"line'),
    ],
  },
  '36-mqtt-strings-with-nul.json': {
    problems: [
      err('profiles[0].clientId', /"clientId" cannot contain the NUL character/, '"dev'),
      err('profiles[1].auth.username', /"username" cannot contain the NUL character/, '"ali'),
      err('profiles[2].mqtt5.userProperties.team', /unpaired surrogate/, '"team"'),
    ],
  },
  '37-password-in-file.json': {
    problems: [err('profiles[1].auth.password', /Passwords do not belong in \.tracemq\.json/, '"hunter2"')],
  },
  '38-templates-not-an-array.json': {
    problems: [err('templates', /"templates" must be an array/, '{ "name": "set-led"')],
  },
  '39-template-wrong-shapes.json': {
    problems: [
      err('templates[0]', /A template must be an object/, '"set-led"'),
      err('templates[1]', /The template needs a "topic"/, '{ "name": "no-topic" }'),
      err('templates[2].topic', /Wildcards/, '"devices/+/set"'),
      err('templates[3].qos', /0 to 2/, '3 }'),
      err('templates[4].encoding', /"encoding" is "utf8"/, '"utf16" }'),
      err('templates[5].payload', /"payload" must be a string/, '{ "on": true }'),
      err('templates[6].properties', /"properties" must be an object/, '[] }'),
      err('templates[7].properties.payloadFormatIndicator', /0 to 1/, '2,'),
      err('templates[7].properties.topicAlias', /1 to 65535/, '0,'),
      err('templates[7].properties.responseTopic', /Response topic: Wildcards/, '"a/#"'),
      err('templates[7].properties.userProperties', /must be an object of string values/, '["k", "v"]'),
      err('templates[7].properties.contentType', /must be a string/, '5 }'),
      err('templates[9].name', /Another template is already named "still-a-template"/, '"still-a-template", "topic": "other"'),
    ],
    templates: ['still-a-template'],
  },
  '40-template-payload-not-in-its-encoding.json': {
    problems: [
      err('templates[0].payload', /other than 0-9 and a-f/, '"zz"'),
      err('templates[1].payload', /odd number of digits \(3\)/, '"abc"'),
      err('templates[2].payload', /not valid base64/, '"!!!"'),
    ],
    templates: ['still-a-template'],
  },
  '41-comments-and-trailing-commas.json': {
    problems: [err('', /^Invalid JSON: UnexpectedEndOfComment$/, '/* never closed')],
  },
  '42-thousands-of-broken-profiles (generated)': {
    // 50,000 broken profiles, 100,000 problems: the list is capped, the rest counted in one last problem.
    text: () => `{ "profiles": [ ${VALID}, ${Array.from({ length: 50_000 }, () => '{ "name": 5 }').join(', ')} ] }`,
    problems: [
      err('profiles[1].name', /"name" must be a string/),
      err('', new RegExp(`and 99,000 more problems \\(only the first ${MAX_PROBLEMS.toLocaleString('en-US')} are listed\\)`)),
    ],
  },
  '43-name-too-long (generated)': {
    text: () => `{ "profiles": [ ${VALID}, { "name": "${'n'.repeat(100_000)}", "url": "mqtt://127.0.0.1:1884" } ] }`,
    problems: [err('profiles[1].name', /"name" is at most 200 characters/, '"nnn')],
  },
  '44-a-hundred-thousand-templates (generated)': {
    // Large but under the limit; the one duplicate name at the end must be found without comparing
    // every template with every other (that took 40 s for this file).
    text: () => `{ "profiles": [ ${VALID} ], "templates": [ ${Array.from({ length: 100_000 }, (_, i) => `{ "name": "t${i}", "topic": "t" }`).join(', ')}, { "name": "t7", "topic": "again" } ] }`,
    problems: [err('templates[100000].name', /Another template is already named "t7"/, '"t7", "topic": "again"')],
    templates: Array.from({ length: 100_000 }, (_, i) => `t${i}`),
  },
};

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

/** Line and column of an offset, computed here independently of the parser. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) };
}

function textOf(name: string): string {
  const c = CORPUS[name]!;
  return c.text ? c.text() : readFileSync(join(DIR, name), 'utf8');
}

describe('malformed .tracemq.json corpus', () => {
  it('has at least 30 entries, and an expectation for every file in fixtures/malformed', () => {
    assert.ok(Object.keys(CORPUS).length >= 30, `only ${Object.keys(CORPUS).length} entries`);
    assert.deepEqual(
      files,
      Object.keys(CORPUS).filter((k) => !CORPUS[k]!.text),
      'every fixture file has an entry and every entry without generated text has a file',
    );
  });

  for (const name of Object.keys(CORPUS)) {
    const c = CORPUS[name]!;
    it(name, () => {
      const text = textOf(name);
      let parsed: ReturnType<typeof parseProfiles> | undefined;
      let certs: ProfileProblem[] = [];
      assert.doesNotThrow(() => {
        parsed = parseProfiles(text);
        certs = certificateProblems(text, WORKSPACE, () => false);
      });
      assert.ok(parsed);
      const all = [...parsed.problems, ...certs];
      assert.ok(all.length > 0, 'at least one problem is reported');

      // Every problem is located: a path, an offset inside the file, and line/column matching it.
      for (const p of all) {
        assert.equal(typeof p.path, 'string');
        assert.ok(p.offset >= 0 && p.offset <= text.length, `offset ${p.offset} of ${p.message}`);
        assert.ok(p.length >= 1, `length of ${p.message}`);
        assert.deepEqual({ line: p.line, column: p.column }, position(text, p.offset), `position of "${p.message}"`);
        assert.ok(p.message.length > 0 && p.message.length < 1000, `message of reasonable length: ${p.message.slice(0, 200)}`);
      }

      for (const want of c.problems) {
        const pool = want.certificates ? certs : parsed.problems;
        const candidates = pool.filter((p) => p.path === want.path && want.message.test(p.message) && p.severity === (want.severity ?? 'error'));
        const describe = (): string =>
          JSON.stringify(
            pool.map((p) => ({ path: p.path.slice(0, 120), message: p.message.slice(0, 120), severity: p.severity, at: text.slice(p.offset, p.offset + 20) })).slice(0, 40),
            null,
            1,
          );
        assert.ok(candidates.length > 0, `no ${want.severity ?? 'error'} at "${want.path}" matching ${want.message}; got ${describe()}`);
        if (want.at !== undefined || want.atOffset) {
          const offset = want.atOffset ? want.atOffset(text) : text.indexOf(want.at ?? '');
          assert.ok(offset >= 0, `"${want.at ?? ''}" is not in the file`);
          assert.ok(
            candidates.some((p) => p.offset === offset),
            `"${want.path}" is reported at ${candidates.map((p) => `${p.line + 1}:${p.column + 1}`).join(', ')}, expected ${position(text, offset).line + 1}:${position(text, offset).column + 1} ("${text.slice(offset, offset + 30)}")`,
          );
        }
      }

      const loads = c.nothingLoadsBecause !== undefined ? [] : (c.loads ?? ['still-here']);
      assert.deepEqual(
        parsed.profiles.map((p) => p.name),
        loads,
        c.nothingLoadsBecause ?? 'the valid profile in the same file still loads',
      );
      const stillHere = parsed.profiles.find((p) => p.name === 'still-here');
      if (stillHere) assert.equal(stillHere.url, 'mqtt://127.0.0.1:1883');
      assert.deepEqual(
        parsed.templates.map((t) => t.name),
        c.templates ?? [],
      );
    });
  }

  it('pollutes no prototype and builds plain objects from __proto__/constructor/prototype keys', () => {
    const { profiles, templates } = parseProfiles(textOf('20-proto-keys-at-every-level.json'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    const p = profiles.find((x) => x.name === 'proto-everywhere');
    assert.ok(p);
    // Nothing from the __proto__ objects leaked into the profile as a value.
    assert.equal(p.url, 'ws://127.0.0.1:8083');
    assert.equal(p.websocket?.path, undefined);
    assert.equal(p.tls?.insecureSkipVerify, false);
    assert.equal(p.will?.qos, 0);
    assert.equal(p.subscriptions[0]?.qos, 0);
    assert.equal((p.auth as Record<string, unknown> | undefined)?.password, undefined);
    const { websocket, auth, tls, mqtt5, will } = p;
    assert.ok(websocket && auth && mqtt5 && will, "every section was read");
    assert.ok(tls, "tls was read");
    for (const o of [p, p.reconnect, websocket, websocket.headers, auth, tls, mqtt5, mqtt5.userProperties, will, will.userProperties, p.subscriptions[0]]) {
      assert.equal(Object.getPrototypeOf(o), Object.prototype);
      assert.equal(Object.prototype.hasOwnProperty.call(o, '__proto__'), false);
    }
    assert.deepEqual(p.websocket?.headers, { constructor: 'c', prototype: 'p' });
    assert.deepEqual(p.mqtt5?.userProperties, { constructor: 'c', prototype: 'p' });
    assert.deepEqual(templates[0]?.publish.properties?.userProperties, [['constructor', 'c']]);
  });
});
