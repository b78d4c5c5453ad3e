// The build without `new Function` and without the optional native add-on (cbor-extract): the
// bundle must not try to load a `.node` file, and the extension host gains nothing from eval here.
import { Decoder, Encoder } from 'cbor-x/index-no-eval';
import type { JsonValue } from '../../shared/json/jsonValue';
import { toJsonSafe } from './jsonSafeValue';
import { PayloadEncodeError, type PayloadCodec } from './payloadCodec';

/** CBOR (RFC 8949) with cbor-x: maps with text keys as objects, tags kept as `{ tag, value }`, byte strings as base64. */
export class CborCodec implements PayloadCodec {
  readonly format = 'cbor';
  private readonly decoder = new Decoder({ mapsAsObjects: true, useRecords: false });
  private readonly encoder = new Encoder({ mapsAsObjects: true, useRecords: false });

  decode(payload: Uint8Array): JsonValue {
    return toJsonSafe(this.decoder.decode(payload));
  }

  encode(value: unknown): Uint8Array {
    try {
      return this.encoder.encode(value);
    } catch (e) {
      throw new PayloadEncodeError(`cannot be encoded as CBOR: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
