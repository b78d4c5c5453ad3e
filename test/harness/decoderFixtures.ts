import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBindingCodecs, type LoadedBinding } from '../../src/extension/decoders/bindingCodecLoader';
import type { DecoderBinding } from '../../src/extension/decoders/decoderBinding';
import { SparkplugCodec } from '../../src/extension/decoders/sparkplugCodec';
import { loadSparkplugPayloadType } from '../../src/extension/decoders/sparkplugPayloadType';

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
