import type { ExportDecode } from '../store/ndjsonExport';
import type { PayloadDecoder } from './payloadDecoder';
import type { SparkplugState } from './sparkplugState';

/**
 * The `decode` argument of toNdjsonLine for one connection: export and recording lines of bound
 * topics gain `decoded` or `decodeError`. Pass nothing instead when the workspace has no bindings,
 * so that the line builder's unbound path stays as it was.
 */
export function exportDecodeOf(decoder: PayloadDecoder, sparkplug?: SparkplugState): ExportDecode | undefined {
  if (!decoder.enabled || decoder.bindings.length === 0) return undefined;
  return (m) => decoder.decode(m.topic, m.payload, sparkplug ? { sparkplug, at: m.seq } : { at: m.seq });
}
