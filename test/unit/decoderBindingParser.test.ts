import { strict as assert } from 'node:assert';
import { parseDecoderBindings } from '../../src/extension/decoders/decoderBindingParser';

const parse = (decoders: unknown): ReturnType<typeof parseDecoderBindings> => parseDecoderBindings(JSON.stringify({ decoders }, null, 2));
const messages = (decoders: unknown): string[] => parse(decoders).problems.map((p) => `${p.path}: ${p.message}`);

describe('decoders in .tracemq.json', () => {
  it('reads the example of SPEC.md: five bindings, no problems', () => {
    const parsed = parse([
      { topic: 'factory/+/telemetry', format: 'protobuf', proto: 'protos/telemetry.proto', type: 'acme.iot.Telemetry' },
      { topic: 'spBv1.0/#', format: 'sparkplugb' },
      { topic: 'sensors/cbor/#', format: 'cbor' },
      { topic: 'sensors/msgpack/#', format: 'msgpack' },
      { topic: 'sensors/avro/#', format: 'avro', schema: 'schemas/reading.avsc' },
    ]);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.bindings.map((b) => [b.topic, b.format, b.proto ?? b.schema, b.type]),
      [
        ['factory/+/telemetry', 'protobuf', 'protos/telemetry.proto', 'acme.iot.Telemetry'],
        ['spBv1.0/#', 'sparkplugb', undefined, undefined],
        ['sensors/cbor/#', 'cbor', undefined, undefined],
        ['sensors/msgpack/#', 'msgpack', undefined, undefined],
        ['sensors/avro/#', 'avro', 'schemas/reading.avsc', undefined],
      ],
    );
  });

  it('keeps protoPaths of a protobuf binding', () => {
    assert.deepEqual(parse([{ topic: 'a', format: 'protobuf', proto: 'a.proto', type: 'A', protoPaths: ['vendor', 'third_party'] }]).bindings[0]?.protoPaths, ['vendor', 'third_party']);
  });

  it('locates a problem at its line and column', () => {
    const text = '{\n  "decoders": [\n    { "topic": "a/#", "format": "yaml" }\n  ]\n}';
    const [problem] = parseDecoderBindings(text).problems;
    assert.ok(problem);
    assert.equal(problem.line, 2);
    assert.equal(problem.column, (text.split('\n')[2] ?? '').indexOf('"yaml"'));
  });

  it('lists the formats when the format is unknown', () => {
    assert.deepEqual(messages([{ topic: 'a', format: 'yaml' }]), ['decoders[0].format: "format" must be one of "protobuf", "sparkplugb", "cbor", "msgpack", "avro" (got "yaml").']);
  });

  it('asks for the .proto and the type of a protobuf binding', () => {
    assert.deepEqual(messages([{ topic: 'a', format: 'protobuf' }]), [
      'decoders[0]: A "protobuf" decoder needs "proto" (the .proto file, relative to the workspace folder).',
      'decoders[0]: A "protobuf" decoder needs "type" (the message type, e.g. "acme.iot.Telemetry").',
    ]);
  });

  it('asks for the schema of an avro binding', () => {
    assert.deepEqual(messages([{ topic: 'a', format: 'avro' }]), ['decoders[0]: An "avro" decoder needs "schema" (the .avsc schema file, relative to the workspace folder).']);
  });

  it('refuses an invalid topic filter with the reason', () => {
    assert.deepEqual(messages([{ topic: 'a/#/b', format: 'cbor' }]), ["decoders[0].topic: '#' must be a whole level and the last one, as in 'sensors/#'."]);
  });

  it('warns of an unknown key and still loads the binding', () => {
    const parsed = parse([{ topic: 'a', format: 'cbor', fromat: 'x' }]);
    assert.equal(parsed.bindings.length, 1);
    assert.deepEqual(parsed.problems.map((p) => [p.severity, p.message.slice(0, 24)]), [['warning', 'Unknown field "fromat"; ']]);
  });

  it('warns of a key the format does not use', () => {
    const parsed = parse([{ topic: 'a', format: 'cbor', schema: 'x.avsc' }]);
    assert.deepEqual(parsed.problems.map((p) => [p.severity, p.message]), [['warning', '"schema" is not used by a "cbor" decoder; it is ignored.']]);
  });

  it('keeps the valid bindings when another is broken, in order', () => {
    const parsed = parse([{ topic: 'a', format: 'cbor' }, { topic: 'b' }, { topic: 'c', format: 'msgpack' }]);
    assert.deepEqual(parsed.bindings.map((b) => [b.topic, b.index]), [['a', 0], ['c', 2]]);
  });

  it('says "decoders" must be an array', () => {
    assert.deepEqual(messages({ topic: 'a' }), ['decoders: "decoders" must be an array of { "topic", "format", … } objects.']);
  });

  it('refuses protoPaths that are not folder paths', () => {
    assert.match(messages([{ topic: 'a', format: 'protobuf', proto: 'a.proto', type: 'A', protoPaths: 'vendor' }])[0] ?? '', /"protoPaths" must be an array of folder paths/);
  });

  it('reads nothing and reports nothing of its own from a file with a syntax error (the profile parser reports it)', () => {
    assert.deepEqual(parseDecoderBindings('{ "decoders": [ { "topic": "a", "format": "cbor" ').problems, []);
  });

  it('records where the type was written, for problems found when loading the .proto', () => {
    const text = '{ "decoders": [ { "topic": "a", "format": "protobuf", "proto": "a.proto", "type": "A.B" } ] }';
    const span = parseDecoderBindings(text).bindings[0]?.spans.type;
    assert.equal(text.slice(span?.offset, (span?.offset ?? 0) + (span?.length ?? 0)), '"A.B"');
  });
});
