import { strict as assert } from 'node:assert';
import { encode as cborEncode } from 'cbor-x';
import { pack } from 'msgpackr';
import { DecodeCache } from '../../src/extension/decoders/decodeCache';
import { PayloadDecoder } from '../../src/extension/decoders/payloadDecoder';
import { binding, loadFixtureBindings } from '../harness/decoderFixtures';

const loaded = loadFixtureBindings([
  binding({ topic: 'sensors/special/#', format: 'msgpack' }, 0),
  binding({ topic: 'sensors/#', format: 'cbor' }, 1),
  binding({ topic: 'broken/#', format: 'avro', schema: 'schemas/gone.avsc' }, 2),
]);

describe('PayloadDecoder', () => {
  it('uses the first binding whose filter matches', () => {
    const decoder = new PayloadDecoder(loaded);
    assert.deepEqual(decoder.decode('sensors/special/a', pack({ a: 1 })), { format: 'msgpack', value: { a: 1 } });
    assert.deepEqual(decoder.decode('sensors/plain', cborEncode({ a: 1 })), { format: 'cbor', value: { a: 1 } });
  });

  it('returns undefined for a topic no binding matches', () => {
    assert.equal(new PayloadDecoder(loaded).decode('other', new Uint8Array([1])), undefined);
  });

  it('says why a binding whose schema did not load cannot decode', () => {
    assert.deepEqual(new PayloadDecoder(loaded).decode('broken/x', new Uint8Array([1])), { format: 'avro', error: 'schemas/gone.avsc not found' });
  });

  it('decodes and encodes nothing when disabled (an untrusted workspace), yet lists its bindings', () => {
    const decoder = new PayloadDecoder(loaded, false);
    assert.equal(decoder.decode('sensors/plain', cborEncode(1)), undefined);
    assert.equal(decoder.encode('sensors/plain', '1'), undefined);
    assert.equal(decoder.bindings.length, 3);
  });

  it('feeds Sparkplug state only when a sparkplugb binding is in use', () => {
    assert.equal(new PayloadDecoder(loaded).hasSparkplug, false);
    assert.equal(new PayloadDecoder(loadFixtureBindings([binding({ topic: 'spBv1.0/#', format: 'sparkplugb' })])).hasSparkplug, true);
  });
});

describe('DecodeCache', () => {
  it('decodes a message once while it is cached', () => {
    const decoder = new PayloadDecoder(loaded);
    let calls = 0;
    const counting = Object.assign(Object.create(decoder) as PayloadDecoder, {
      decode: (...args: Parameters<PayloadDecoder['decode']>) => {
        calls++;
        return decoder.decode(...args);
      },
    });
    const cache = new DecodeCache(4);
    const bytes = cborEncode({ a: 1 });
    cache.decode(counting, 7, 'sensors/a', bytes);
    cache.decode(counting, 7, 'sensors/a', bytes);
    assert.equal(calls, 1);
  });

  it('forgets what it cached when the decoder changes (files reloaded)', () => {
    const cache = new DecodeCache(4);
    const bytes = cborEncode({ a: 1 });
    assert.deepEqual(cache.decode(new PayloadDecoder(loaded), 7, 'sensors/a', bytes), { format: 'cbor', value: { a: 1 } });
    assert.equal(cache.decode(PayloadDecoder.none, 7, 'sensors/a', bytes), undefined);
  });

  it('keeps at most its capacity', () => {
    const decoder = new PayloadDecoder(loaded);
    let calls = 0;
    const counting = Object.assign(Object.create(decoder) as PayloadDecoder, {
      decode: (...args: Parameters<PayloadDecoder['decode']>) => {
        calls++;
        return decoder.decode(...args);
      },
    });
    const cache = new DecodeCache(2);
    const bytes = cborEncode(1);
    for (const seq of [1, 2, 3, 1]) cache.decode(counting, seq, 'sensors/a', bytes);
    assert.equal(calls, 4);
  });
});
