import { strict as assert } from 'node:assert';
import { decode as cborDecode } from 'cbor-x';
import { PayloadDecoder } from '../../src/extension/decoders/payloadDecoder';
import { encodedPublish } from '../../src/extension/publish/encodedPublish';
import { PublishError } from '../../src/extension/publish/publishOptions';
import type { PublishParams } from '../../src/shared/mqtt/publishShapes';
import { binding, loadFixtureBindings } from '../harness/decoderFixtures';

const decoder = new PayloadDecoder(loadFixtureBindings([binding({ topic: 'sensors/cbor/#', format: 'cbor' })]));
const publish = (over: Partial<PublishParams>): PublishParams => ({ topic: 'sensors/cbor/a', payload: '{"t":1}', encoding: 'utf8', qos: 1, retain: false, ...over });

describe('encodedPublish (a JSON payload published through its topic\'s binding)', () => {
  it('leaves a publish that asks for no encoding as it is', () => {
    const p = publish({});
    assert.equal(encodedPublish(p, decoder), p);
  });

  it('turns the JSON into the binding\'s bytes, as base64, keeping QoS and retain', () => {
    const out = encodedPublish(publish({ encode: true }), decoder);
    assert.deepEqual([cborDecode(Buffer.from(out.payload, 'base64')), out.encoding, out.qos, out.encode], [{ t: 1 }, 'base64', 1, undefined]);
  });

  it('says in words that the topic has no binding', () => {
    assert.throws(() => encodedPublish(publish({ topic: 'other/a', encode: true }), decoder), (e: unknown) => e instanceof PublishError && e.message.startsWith('No decoder in .tracemq.json ("decoders") binds the topic "other/a"'));
  });

  it('says in words that the payload is not JSON, naming the format', () => {
    assert.throws(() => encodedPublish(publish({ payload: 'nope', encode: true }), decoder), (e: unknown) => e instanceof PublishError && e.message.startsWith('Payload as CBOR: the payload must be JSON to be encoded as cbor'));
  });

  it('says that nothing can be encoded when the workspace binds no decoder', () => {
    assert.throws(() => encodedPublish(publish({ encode: true }), undefined), PublishError);
  });
});
