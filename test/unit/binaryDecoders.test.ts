import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { decode as cborDecode, encode as cborEncode, Tag } from 'cbor-x';
import { pack, unpack } from 'msgpackr';
import { PayloadDecoder } from '../../src/extension/decoders/payloadDecoder';
import { binding, DECODER_FIXTURES, loadFixtureBindings, loadOne } from '../harness/decoderFixtures';

const decoder = (): PayloadDecoder =>
  new PayloadDecoder(
    loadFixtureBindings([
      binding({ topic: 'sensors/cbor/#', format: 'cbor' }, 0),
      binding({ topic: 'sensors/msgpack/#', format: 'msgpack' }, 1),
      binding({ topic: 'sensors/avro/#', format: 'avro', schema: 'schemas/reading.avsc' }, 2),
    ]),
  );

const valueOf = (topic: string, payload: Uint8Array): unknown => {
  const result = decoder().decode(topic, payload);
  assert.ok(result && 'value' in result, JSON.stringify(result));
  return result.value;
};

const referenceAvro = (): avro.Type => avro.Type.forSchema(JSON.parse(readFileSync(join(DECODER_FIXTURES, 'schemas', 'reading.avsc'), 'utf8')) as avro.Schema);

describe('CBOR decoder', () => {
  it('decodes a map made by cbor-x to the same JSON', () => {
    assert.deepEqual(valueOf('sensors/cbor/t1', cborEncode({ t: 21.5, ok: true, name: 'a', list: [1, null] })), { t: 21.5, ok: true, name: 'a', list: [1, null] });
  });

  it('shows a 64-bit integer beyond 2^53 exactly, as a string', () => {
    assert.deepEqual(valueOf('sensors/cbor/t1', cborEncode({ big: 2n ** 64n - 1n })), { big: '18446744073709551615' });
  });

  it('shows byte strings as base64', () => {
    assert.deepEqual(valueOf('sensors/cbor/t1', cborEncode({ raw: new Uint8Array([1, 2, 3]) })), { raw: 'AQID' });
  });

  it('shows a map with integer keys as an object', () => {
    assert.deepEqual(valueOf('sensors/cbor/t1', cborEncode(new Map<unknown, unknown>([[1, 'a'], [2, 'b']]))), { 1: 'a', 2: 'b' });
  });

  it('keeps an unknown tag with its number', () => {
    assert.deepEqual(valueOf('sensors/cbor/t1', cborEncode(new Tag('x', 4000))), { value: 'x', tag: 4000 });
  });

  it('encodes JSON that cbor-x decodes to the same value', () => {
    const result = decoder().encode('sensors/cbor/t1', '{"t": 21.5, "n": [1, 2], "s": "x"}');
    assert.ok(result && 'payload' in result);
    assert.deepEqual(cborDecode(result.payload), { t: 21.5, n: [1, 2], s: 'x' });
  });
});

describe('MessagePack decoder', () => {
  it('decodes a map made by msgpackr to the same JSON', () => {
    assert.deepEqual(valueOf('sensors/msgpack/t1', pack({ t: 21.5, ok: false, list: ['a', 2] })), { t: 21.5, ok: false, list: ['a', 2] });
  });

  it('shows a uint64 beyond 2^53 exactly, as a string', () => {
    assert.deepEqual(valueOf('sensors/msgpack/t1', pack({ big: 2n ** 63n })), { big: '9223372036854775808' });
  });

  it('shows a small 64-bit integer as a number', () => {
    // 0xcf: uint64 on the wire, holding 5.
    assert.deepEqual(valueOf('sensors/msgpack/t1', Uint8Array.from([0xcf, 0, 0, 0, 0, 0, 0, 0, 5])), 5);
  });

  it('shows binaries as base64', () => {
    assert.deepEqual(valueOf('sensors/msgpack/t1', pack({ raw: Buffer.from([0xff, 0]) })), { raw: '/wA=' });
  });

  it('says so when bytes follow the value', () => {
    const result = decoder().decode('sensors/msgpack/t1', Uint8Array.from([0x01, 0x02]));
    assert.ok(result && 'error' in result);
    assert.match(result.error, /extra bytes after the value/);
  });

  it('encodes JSON that msgpackr decodes to the same value', () => {
    const result = decoder().encode('sensors/msgpack/t1', '{"t": 21.5, "n": [1, 2]}');
    assert.ok(result && 'payload' in result);
    assert.deepEqual(unpack(result.payload), { t: 21.5, n: [1, 2] });
  });
});

describe('Avro decoder', () => {
  const reading = { sensor: 's1', temperature: 21.5, count: 7, raw: Buffer.from([1, 2]), tags: ['a', 'b'], unit: 'F', note: null };

  it('decodes a datum made by avsc with the .avsc of the binding', () => {
    assert.deepEqual(valueOf('sensors/avro/t1', referenceAvro().toBuffer(reading)), { ...reading, raw: 'AQI=' });
  });

  it('shows a long beyond 2^53 exactly, as a string', () => {
    // avsc's own long type refuses such values, so the datum is built by hand: zigzag varint of 2^62.
    const type = referenceAvro();
    const small = type.toBuffer({ ...reading, count: 0 });
    const prefix = small.subarray(0, 1 + 2 + 8); // sensor (len + 2 chars), temperature (8 bytes)
    const rest = small.subarray(prefix.length + 1); // after count 0 (one byte)
    const big = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]); // zigzag(2^62) = 2^63
    const value = valueOf('sensors/avro/t1', Buffer.concat([prefix, big, rest])) as Record<string, unknown>;
    assert.equal(value.count, '4611686018427387904');
  });

  it('says the payload is truncated when it ends early', () => {
    const result = decoder().decode('sensors/avro/t1', referenceAvro().toBuffer(reading).subarray(0, 5));
    assert.ok(result && 'error' in result);
    assert.match(result.error, /truncated/);
  });

  it('encodes JSON that avsc decodes to the same record', () => {
    const result = decoder().encode('sensors/avro/t1', JSON.stringify({ ...reading, raw: 'AQI=', note: 'hi' }));
    assert.ok(result && 'payload' in result, JSON.stringify(result));
    assert.deepEqual({ ...(referenceAvro().fromBuffer(Buffer.from(result.payload)) as object) }, { ...reading, note: 'hi' });
  });

  it('names the field of a value of the wrong type', () => {
    const result = decoder().encode('sensors/avro/t1', JSON.stringify({ ...reading, raw: 'AQI=', temperature: 'warm' }));
    assert.deepEqual(result, { format: 'avro', error: 'reading.temperature: expected a number' });
  });

  it('reports a schema that is not valid Avro', () => {
    const loaded = loadOne(binding({ topic: 'x', format: 'avro', schema: 'schemas/broken.avsc' }));
    assert.match(loaded.problem?.message ?? '', /broken\.avsc: not a valid Avro schema: undefined type name: nope/);
  });

  it('reports a missing schema file by its path', () => {
    const loaded = loadOne(binding({ topic: 'x', format: 'avro', schema: 'schemas/gone.avsc' }));
    assert.equal(loaded.problem?.message, 'schemas/gone.avsc not found');
  });
});
