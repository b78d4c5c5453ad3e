// The test room compiles this file without the extension room's .d.ts files: point at the declaration.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./msgpackrNoEval.d.ts" />
// The build without `new Function` and without the optional native add-on (msgpackr-extract): the
// bundle must not try to load a `.node` file, and the extension host gains nothing from eval here.
import { Packr, Unpackr } from 'msgpackr/index-no-eval';
import type { JsonValue } from '../../shared/json/jsonValue';
import { toJsonSafe } from './jsonSafeValue';
import { PayloadEncodeError, type PayloadCodec } from './payloadCodec';

/** MessagePack with msgpackr: 64-bit integers exact (as BigInt, then toJsonSafe), binaries as base64. */
export class MsgpackCodec implements PayloadCodec {
  readonly format = 'msgpack';
  private readonly unpackr = new Unpackr({ mapsAsObjects: true, useRecords: false, int64AsType: 'bigint' });
  private readonly packr = new Packr({ useRecords: false });

  decode(payload: Uint8Array): JsonValue {
    return toJsonSafe(this.unpackr.unpack(payload));
  }

  encode(value: unknown): Uint8Array {
    try {
      return this.packr.pack(value);
    } catch (e) {
      throw new PayloadEncodeError(`cannot be encoded as MessagePack: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
