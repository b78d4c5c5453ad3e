import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { PayloadDecoder } from '../../src/extension/decoders/payloadDecoder';
import { binding, DECODER_FIXTURES, loadFixtureBindings, loadOne } from '../harness/decoderFixtures';

/** The reference: protobufjs's own loader (not TraceMQ's), with protoc-like import paths. */
function referenceType(): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    for (const dir of [join(DECODER_FIXTURES, 'protos'), join(DECODER_FIXTURES, 'vendor')]) {
      const candidate = join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    return protobuf.util.path.resolve(origin, target);
  };
  root.loadSync(join(DECODER_FIXTURES, 'protos', 'telemetry.proto'));
  return root.lookupType('acme.iot.Telemetry');
}

const telemetryBinding = binding({ topic: 'factory/+/telemetry', format: 'protobuf', proto: 'protos/telemetry.proto', type: 'acme.iot.Telemetry', protoPaths: ['vendor'] });

function decoder(): PayloadDecoder {
  return new PayloadDecoder(loadFixtureBindings([telemetryBinding]));
}

function sample(): Uint8Array {
  const T = referenceType();
  return T.encode(
    T.fromObject({
      device: 'press-7',
      temperature: 21.5,
      counter: '18446744073709551615',
      offset: -42,
      raw: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
      unit: 'FAHRENHEIT',
      samples: [1, -2, 3],
      totals: { a: '9007199254740993', b: 7 },
      where: { lat: 48.85, lon: 2.35 },
      at: { seconds: 1700000000, nanos: 5 },
      status: { ok: true },
    }),
  ).finish();
}

describe('protobuf decoder', () => {
  it('decodes a message made by protobufjs through the binding of its topic', () => {
    const result = decoder().decode('factory/line1/telemetry', sample());
    assert.ok(result && 'value' in result, JSON.stringify(result));
    const value = result.value as Record<string, unknown>;
    assert.equal(result.format, 'protobuf');
    assert.equal(value.device, 'press-7');
    assert.equal(value.temperature, 21.5);
  });

  it('shows a uint64 beyond 2^53 exactly, as a string', () => {
    const value = (decoder().decode('factory/a/telemetry', sample()) as { value: Record<string, unknown> }).value;
    assert.equal(value.counter, '18446744073709551615');
  });

  it('shows a 64-bit integer within 2^53 as a number, negative ones included', () => {
    const value = (decoder().decode('factory/a/telemetry', sample()) as { value: Record<string, unknown> }).value;
    assert.equal(value.offset, -42);
  });

  it('shows map values beyond 2^53 exactly', () => {
    const value = (decoder().decode('factory/a/telemetry', sample()) as { value: Record<string, unknown> }).value;
    assert.deepEqual(value.totals, { a: '9007199254740993', b: 7 });
  });

  it('shows bytes as base64 and enums by name', () => {
    const value = (decoder().decode('factory/a/telemetry', sample()) as { value: Record<string, unknown> }).value;
    assert.equal(value.raw, '3q2+7w==');
    assert.equal(value.unit, 'FAHRENHEIT');
  });

  it('resolves imports from the .proto folder, from protoPaths and from the bundled google types', () => {
    const value = (decoder().decode('factory/a/telemetry', sample()) as { value: Record<string, unknown> }).value;
    assert.deepEqual(value.where, { lat: 48.85, lon: 2.35 });
    assert.deepEqual(value.at, { seconds: 1700000000, nanos: 5 });
  });

  it('shows fields at their default value (a reading of 0 is not missing)', () => {
    const T = referenceType();
    const value = (decoder().decode('factory/a/telemetry', T.encode(T.fromObject({ device: 'x' })).finish()) as { value: Record<string, unknown> }).value;
    assert.equal(value.temperature, 0);
  });

  it('says which types the .proto declares when "type" names none of them', () => {
    const loaded = loadOne({ ...telemetryBinding, type: 'acme.iot.Telemetri' });
    assert.equal(loaded.problem?.key, 'type');
    assert.match(loaded.problem.message, /"acme\.iot\.Telemetri" is not a message type of protos\/telemetry\.proto: it declares .*acme\.iot\.Telemetry.*acme\.iot\.Status/);
  });

  it('reports a syntax error of a .proto at its line', () => {
    const loaded = loadOne({ ...telemetryBinding, proto: 'protos/broken.proto', type: 'acme.iot.Broken' });
    assert.equal(loaded.problem?.key, 'proto');
    assert.equal(loaded.problem.line, 6); // 0-based: the line after the missing ';'
    assert.ok(loaded.problem.file?.endsWith('broken.proto'));
  });

  it('reports a missing .proto file by its path', () => {
    const loaded = loadOne({ ...telemetryBinding, proto: 'protos/absent.proto' });
    assert.match(loaded.problem?.message ?? '', /absent\.proto not found/);
  });

  it('reports an import that resolves nowhere at the import line of the importing file', () => {
    const loaded = loadOne({ ...telemetryBinding, proto: 'protos/missingImport.proto', type: 'acme.iot.Lonely' });
    assert.match(loaded.problem?.message ?? '', /import "nowhere\/gone\.proto" of missingImport\.proto/);
    assert.equal(loaded.problem?.line, 4);
  });

  it('says why a payload that is not this message does not decode, with the byte', () => {
    const result = decoder().decode('factory/a/telemetry', Uint8Array.from([0x0a, 0x10, 0x41]));
    assert.ok(result && 'error' in result);
    assert.match(result.error, /byte 2.*16 bytes.*only 1 remain/);
  });

  it('decodes nothing for a topic no binding matches', () => {
    assert.equal(decoder().decode('factory/a/status', sample()), undefined);
  });
});

describe('protobuf encoder', () => {
  it('encodes JSON that protobufjs decodes to the same message', () => {
    const result = decoder().encode('factory/a/telemetry', JSON.stringify({ device: 'd1', temperature: 19.25, counter: '18446744073709551615', unit: 'CELSIUS', raw: 'AQI=', totals: { x: 5 } }));
    assert.ok(result && 'payload' in result, JSON.stringify(result));
    const T = referenceType();
    const back = T.toObject(T.decode(result.payload), { longs: String, enums: String, bytes: String });
    assert.deepEqual(back, { device: 'd1', temperature: 19.25, counter: '18446744073709551615', unit: 'CELSIUS', raw: 'AQI=', totals: { x: '5' } });
  });

  it('names the field of a value of the wrong type', () => {
    const result = decoder().encode('factory/a/telemetry', '{"temperature": "warm"}');
    assert.deepEqual(result, { format: 'protobuf', error: 'telemetry.temperature: expected a number' });
  });

  it('names a nested field of a value of the wrong type', () => {
    const result = decoder().encode('factory/a/telemetry', '{"status": {"inner": {"ok": 1}}}');
    assert.ok(result && 'error' in result);
    assert.equal(result.error, 'telemetry.status.inner.ok: expected true or false');
  });

  it('refuses an enum name the enum does not have, listing the names', () => {
    const result = decoder().encode('factory/a/telemetry', '{"unit": "KELVIN"}');
    assert.ok(result && 'error' in result);
    assert.match(result.error, /^telemetry\.unit: expected one of UNIT_UNSPECIFIED, CELSIUS, FAHRENHEIT/);
  });

  it('refuses a field the message does not have', () => {
    const result = decoder().encode('factory/a/telemetry', '{"temprature": 1}');
    assert.ok(result && 'error' in result);
    assert.match(result.error, /^telemetry\.temprature: Telemetry has no such field/);
  });

  it('refuses a 64-bit integer written as an inexact JSON number', () => {
    const result = decoder().encode('factory/a/telemetry', '{"counter": 18446744073709551615}');
    assert.ok(result && 'error' in result);
    assert.match(result.error, /^telemetry\.counter: .* write it as a string/);
  });

  it('says when the text is not JSON', () => {
    const result = decoder().encode('factory/a/telemetry', '{temperature: 1}');
    assert.ok(result && 'error' in result);
    assert.match(result.error, /must be JSON/);
  });
});
