import { FORMAT_NAMES } from '../../shared/decoders/decodedPayload';
import type { PublishParams } from '../../shared/mqtt/publishShapes';
import type { PayloadDecoder } from '../decoders/payloadDecoder';
import { PublishError } from './publishOptions';

/**
 * A publish whose JSON payload is to be encoded through its topic's binding (`encode`), as the
 * bytes to send (base64); any other publish as it is. Throws PublishError in words naming the field
 * when the JSON does not fit the binding's schema, or when the topic has no binding.
 */
export function encodedPublish(params: PublishParams, decoder: PayloadDecoder | undefined): PublishParams {
  if (!params.encode) return params;
  const result = decoder?.encode(params.topic, params.payload);
  if (!result) throw new PublishError(`No decoder in .tracemq.json ("decoders") binds the topic "${params.topic}": choose another "Payload as", or add a binding.`);
  if ('error' in result) throw new PublishError(`Payload as ${FORMAT_NAMES[result.format]}: ${result.error}`);
  const { encode: _encoded, ...rest } = params;
  return { ...rest, payload: Buffer.from(result.payload).toString('base64'), encoding: 'base64' };
}
