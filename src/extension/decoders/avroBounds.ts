import avro from 'avsc';
import { DECODE_LIMITS } from './decodeLimits';
import { DecodeLimitError } from './decodeLimitError';

interface Tap {
  buf: Uint8Array;
  pos: number;
  readLong(): number;
  skipLong(): void;
  readString(): string;
}
interface ItemType {
  typeName: string;
  _read(tap: Tap): unknown;
  fields?: { type: ItemType }[];
  size?: number;
}

const zeroWidthCache = new WeakMap<ItemType, boolean>();

/** True when a value of `type` may take no bytes at all (null, an empty record, fixed(0)). */
function zeroWidth(type: ItemType, depth = 0): boolean {
  const known = zeroWidthCache.get(type);
  if (known !== undefined) return known;
  const result = type.typeName === 'null' || (type.typeName === 'fixed' && type.size === 0) || (type.typeName === 'record' && depth < 32 && (type.fields ?? []).every((f) => zeroWidth(f.type, depth + 1)));
  zeroWidthCache.set(type, result);
  return result;
}

/**
 * The item count of one array or map block, checked against what is left: avsc believes the count
 * and loops that many times, so 10 bytes claiming 2^40 items would run for hours. Each item takes
 * at least one byte unless its type takes none; those are capped by DECODE_LIMITS.
 */
function blockCount(tap: Tap, items: ItemType | undefined): number {
  let n = tap.readLong();
  if (n < 0) {
    n = -n;
    tap.skipLong(); // the block's size in bytes, which this reader does not need
  }
  const remaining = tap.buf.length - tap.pos;
  if (items && zeroWidth(items)) {
    if (n > DECODE_LIMITS.maxZeroWidthItems) throw new DecodeLimitError(`an array block at byte ${tap.pos} claims ${n.toLocaleString('en-US')} items; TraceMQ reads at most ${DECODE_LIMITS.maxZeroWidthItems.toLocaleString('en-US')}`);
  } else if (n > remaining) {
    throw new DecodeLimitError(`truncated or corrupt at byte ${tap.pos}: a block claims ${n.toLocaleString('en-US')} items but only ${Math.max(0, remaining).toLocaleString('en-US')} bytes remain`);
  }
  return n;
}

let installed = false;

/**
 * Replaces avsc's array and map readers (their loops, unchanged otherwise) with ones that check
 * each block's item count first. Installed once, for the whole extension host: avsc is used only
 * by the decoders.
 */
export function installAvroBounds(): void {
  if (installed) return;
  installed = true;
  const types = avro.types as unknown as Record<string, { prototype: Record<string, unknown> }>;
  const arrayProto = types.ArrayType?.prototype;
  const mapProto = types.MapType?.prototype;
  if (arrayProto) {
    arrayProto._read = function (this: { itemsType: ItemType }, tap: Tap): unknown[] {
      const items = this.itemsType;
      const out: unknown[] = [];
      for (let n = blockCount(tap, items); n !== 0; n = blockCount(tap, items)) {
        while (n--) out.push(items._read(tap));
      }
      return out;
    };
  }
  if (mapProto) {
    mapProto._read = function (this: { valuesType: ItemType }, tap: Tap): Record<string, unknown> {
      const values = this.valuesType;
      const out: Record<string, unknown> = {};
      // A key takes at least one byte (its length), so the plain bound applies whatever the values are.
      for (let n = blockCount(tap, undefined); n !== 0; n = blockCount(tap, undefined)) {
        while (n--) {
          const key = tap.readString();
          Object.defineProperty(out, key, { value: values._read(tap), enumerable: true, writable: true, configurable: true });
        }
      }
      return out;
    };
  }
}
