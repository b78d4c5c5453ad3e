import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import protobuf from 'protobufjs';
import { loadBindingCodecs, type LoadedBinding } from '../../src/extension/decoders/bindingCodecLoader';
import type { DecoderBinding } from '../../src/extension/decoders/decoderBinding';
import { SparkplugCodec } from '../../src/extension/decoders/sparkplugCodec';
import { loadSparkplugPayloadType } from '../../src/extension/decoders/sparkplugPayloadType';
import { PayloadDecoder } from '../../src/extension/decoders/payloadDecoder';

/** The fixtures folder, used as a workspace folder by the decoder tests. */
export const DECODER_FIXTURES = join(__dirname, '..', 'unit', 'fixtures', 'decoders');

/** The Sparkplug B codec from the shipped media/sparkplug_b.proto. */
export const sparkplugCodec = (): SparkplugCodec => new SparkplugCodec(loadSparkplugPayloadType(readFileSync(join(__dirname, '..', '..', 'media', 'sparkplug_b.proto'), 'utf8')));

/** A binding as the parser would give it. */
export const binding = (over: Partial<DecoderBinding> & Pick<DecoderBinding, 'topic' | 'format'>, index = 0): DecoderBinding => ({ index, spans: {}, ...over });

/** Loads bindings against the fixtures folder with the real file system. */
export function loadFixtureBindings(bindings: DecoderBinding[], folder = DECODER_FIXTURES): LoadedBinding[] {
  const codec = sparkplugCodec();
  return loadBindingCodecs(bindings, folder, (p) => readFileSync(p, 'utf8'), () => codec);
}

/** The one binding loaded from `b`, with its problem if any. */
export function loadOne(b: DecoderBinding): LoadedBinding {
  const [loaded] = loadFixtureBindings([b]);
  if (!loaded) throw new Error('nothing loaded');
  return loaded;
}

/** The fixtures' binding of every format, as a workspace's `.tracemq.json` would list them. */
export const FIXTURE_BINDINGS: readonly DecoderBinding[] = [
  binding({ topic: 'factory/+/telemetry', format: 'protobuf', proto: 'protos/telemetry.proto', type: 'acme.iot.Telemetry', protoPaths: ['vendor'] }, 0),
  binding({ topic: 'spBv1.0/#', format: 'sparkplugb' }, 1),
  binding({ topic: 'sensors/cbor/#', format: 'cbor' }, 2),
  binding({ topic: 'sensors/msgpack/#', format: 'msgpack' }, 3),
  binding({ topic: 'sensors/avro/#', format: 'avro', schema: 'schemas/reading.avsc' }, 4),
];

/** A decoder over FIXTURE_BINDINGS (or the first `count` of them). */
export const fixtureDecoder = (count = FIXTURE_BINDINGS.length): PayloadDecoder => new PayloadDecoder(loadFixtureBindings(FIXTURE_BINDINGS.slice(0, count)));

/** The reference protobuf type, loaded by protobufjs's own loader from the fixtures (imports from `protos/` and `vendor/`). */
export function referenceTelemetry(): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    for (const dir of ['protos', 'vendor']) {
      const candidate = join(DECODER_FIXTURES, dir, target);
      if (existsSync(candidate)) return candidate;
    }
    return protobuf.util.path.resolve(origin, target);
  };
  root.loadSync(join(DECODER_FIXTURES, 'protos', 'telemetry.proto'));
  return root.lookupType('acme.iot.Telemetry');
}

/** The reference Avro type (avsc) of the fixtures' schema. */
export const referenceAvro = (): avro.Type => avro.Type.forSchema(JSON.parse(readFileSync(join(DECODER_FIXTURES, 'schemas', 'reading.avsc'), 'utf8')) as avro.Schema);
