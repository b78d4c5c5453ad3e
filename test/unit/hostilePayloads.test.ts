import { strict as assert } from 'node:assert';
import { encode as cborEncode } from 'cbor-x';
import { pack } from 'msgpackr';
import protobuf from 'protobufjs';
import { DECODE_LIMITS } from '../../src/extension/decoders/decodeLimits';
import { PayloadDecoder, type DecodeResult } from '../../src/extension/decoders/payloadDecoder';
import { SparkplugState } from '../../src/extension/decoders/sparkplugState';
import { binding, loadFixtureBindings, sparkplugCodec } from '../harness/decoderFixtures';

const decoder = new PayloadDecoder(
  loadFixtureBindings([
    binding({ topic: 'pb', format: 'protobuf', proto: 'protos/telemetry.proto', type: 'acme.iot.Telemetry', protoPaths: ['vendor'] }, 0),
    binding({ topic: 'cbor', format: 'cbor' }, 1),
    binding({ topic: 'msgpack', format: 'msgpack' }, 2),
    binding({ topic: 'avro', format: 'avro', schema: 'schemas/reading.avsc' }, 3),
    binding({ topic: 'nulls', format: 'avro', schema: 'schemas/nulls.avsc' }, 4),
    binding({ topic: 'spBv1.0/#', format: 'sparkplugb' }, 5),
  ]),
);

/** The decode must come back (not throw) with an error in words. */
function errorOf(topic: string, payload: Uint8Array): string {
  let result: DecodeResult | undefined;
  assert.doesNotThrow(() => {
    result = decoder.decode(topic, payload);
  });
  assert.ok(result && 'error' in result, `expected an error, got ${JSON.stringify(result ?? null).slice(0, 200)}`);
  return result.error;
}

/** Protobuf field 11 (Status) nested `levels` deep: each level a tag, a length and the next. */
function nestedStatus(levels: number): Uint8Array {
  let inner: Buffer = Buffer.alloc(0);
  for (let i = 0; i < levels; i++) {
    const writer = protobuf.Writer.create();
    writer.uint32((2 << 3) | 2).bytes(inner);
    inner = Buffer.from(writer.finish());
  }
  const outer = protobuf.Writer.create();
  outer.uint32((11 << 3) | 2).bytes(inner);
  return outer.finish();
}

describe('hostile payloads (each ends in words, none throws or hangs)', () => {
  it('protobuf: a length that claims a gigabyte is reported as truncated at its byte', () => {
    // field 1 (string), length 2^30, then 3 bytes.
    assert.match(errorOf('pb', Uint8Array.from([0x0a, 0x80, 0x80, 0x80, 0x80, 0x04, 0x61, 0x62, 0x63])), /truncated or corrupt at byte 6: a field needs 1,073,741,824 bytes but only 3 remain/);
  });

  it('protobuf: a length that claims 4 GB is reported as a corrupt length', () => {
    // field 1 (string), length 0xFFFFFFFF, then 3 bytes.
    assert.match(errorOf('pb', Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x61, 0x62, 0x63])), /claims more bytes than the payload holds/);
  });

  it('protobuf: messages nested 10,000 deep stop at the depth limit', () => {
    assert.match(errorOf('pb', nestedStatus(10_000)), /max depth exceeded/);
  });

  it('protobuf: a varint longer than ten bytes is refused', () => {
    assert.match(errorOf('pb', Uint8Array.from([0x18, ...new Array<number>(11).fill(0xff), 0x01])), /invalid varint encoding|index out of range|truncated/);
  });

  it('protobuf: an invalid wire type is reported', () => {
    assert.ok(errorOf('pb', Uint8Array.from([0x0f, 0x00])).length > 0);
  });

  it('CBOR: a byte string that claims 4 GB is reported as truncated', () => {
    assert.match(errorOf('cbor', Uint8Array.from([0x5a, 0xff, 0xff, 0xff, 0xff, 1, 2])), /truncated/);
  });

  it('CBOR: an array that claims 4 billion items is refused', () => {
    assert.ok(errorOf('cbor', Uint8Array.from([0x9a, 0xff, 0xff, 0xff, 0xff, 1, 2])).length > 0);
  });

  it('CBOR: arrays nested a million deep are refused without crashing', () => {
    assert.match(errorOf('cbor', new Uint8Array(1_000_000).fill(0x81)), /nested/);
  });

  it('CBOR: arrays nested 100 deep (within the stack) stop at the depth limit', () => {
    const bytes = new Uint8Array(101).fill(0x81);
    bytes[100] = 0x00;
    assert.match(errorOf('cbor', bytes), new RegExp(`nested deeper than ${DECODE_LIMITS.maxDepth} levels`));
  });

  it('CBOR: a map key "__proto__" stays a key and changes no prototype', () => {
    const result = decoder.decode('cbor', cborEncode(new Map([['__proto__', { polluted: true }]])));
    assert.ok(result && 'value' in result);
    assert.equal(Object.getPrototypeOf(result.value), Object.prototype);
    assert.deepEqual(Object.keys(result.value as object), ['__proto__']);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  it('MessagePack: a bin32 that claims 4 GB is reported as truncated', () => {
    assert.match(errorOf('msgpack', Uint8Array.from([0xc6, 0xff, 0xff, 0xff, 0xff, 1, 2])), /truncated/);
  });

  it('MessagePack: an array32 that claims 4 billion items is reported as truncated', () => {
    assert.match(errorOf('msgpack', Uint8Array.from([0xdd, 0xff, 0xff, 0xff, 0xff, 1, 2])), /truncated/);
  });

  it('MessagePack: arrays nested a million deep are refused without crashing', () => {
    assert.match(errorOf('msgpack', new Uint8Array(1_000_000).fill(0x91)), /nested/);
  });

  it('MessagePack: a decode after a hostile one works (no state left behind)', () => {
    errorOf('msgpack', new Uint8Array(1_000_000).fill(0x91));
    assert.deepEqual(decoder.decode('msgpack', pack({ a: 1 })), { format: 'msgpack', value: { a: 1 } });
  });

  it('Avro: an array block that claims 2^40 strings in a few bytes is refused at once', () => {
    // sensor "", temperature 0, count 0, raw "", then tags: block count zigzag(2^40).
    const head = Buffer.from([0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00]);
    const count = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]);
    assert.match(errorOf('avro', Buffer.concat([head, count, Buffer.from([0x02, 0x61])])), /claims [\d,]+ items but only 2 bytes remain/);
  });

  it('Avro: an array of nulls that claims 2^40 items is refused at once', () => {
    assert.match(errorOf('nulls', Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00])), /claims [\d,]+ items; TraceMQ reads at most/);
  });

  it('Avro: a string that claims gigabytes is reported as truncated', () => {
    assert.match(errorOf('avro', Uint8Array.from([0xfe, 0xff, 0xff, 0xff, 0x0f, 0x61])), /truncated/);
  });

  it('Sparkplug B: a truncated payload is reported, not thrown', () => {
    const codec = sparkplugCodec();
    const full = codec.encode({ timestamp: 1, seq: 0, metrics: [{ name: 'Temperature', alias: 1, datatype: 'Double', value: 21.5 }] });
    assert.match(errorOf('spBv1.0/g/NDATA/e', full.subarray(0, full.length - 3)), /truncated|index out of range/);
  });

  it('Sparkplug B: a truncated birth leaves the state usable and notes why', () => {
    const codec = sparkplugCodec();
    const state = new SparkplugState(codec.payloadType);
    // seq is written last (2 bytes): cutting 4 cuts into the metric.
    const full = codec.encode({ timestamp: 1, seq: 0, metrics: [{ name: 'bdSeq', datatype: 'Int64', value: 0 }] });
    assert.doesNotThrow(() => {
      state.observe('spBv1.0/g/NBIRTH/e', full.subarray(0, full.length - 4), 1);
    });
    assert.match(state.notesAt(1)[0] ?? '', /not a valid Sparkplug B payload/);
  });

  it('a payload above the size limit is not decoded, and says why', () => {
    assert.match(errorOf('cbor', new Uint8Array(DECODE_LIMITS.maxPayloadBytes + 1)), /larger than the 16 MB TraceMQ decodes/);
  });

  it('an empty payload decodes to an empty message where the format allows it', () => {
    const result = decoder.decode('pb', new Uint8Array(0));
    assert.ok(result && 'value' in result);
  });
});
