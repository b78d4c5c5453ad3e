/**
 * The `seq` (field 3) of a Sparkplug B payload, read without decoding it: the top-level fields are
 * skipped by their lengths (metrics included), nothing is allocated. Used on the ingest path for
 * every data message of an edge node, to notice gaps. Undefined when absent or unreadable.
 */
export function readSparkplugSeq(payload: Uint8Array): number | undefined {
  let pos = 0;
  const end = payload.length;
  let seq: number | undefined;
  const varint = (): number => {
    // Up to 2^53 is exact enough: a length or a seq (0–255) never comes near it.
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) return -1;
      const byte = payload[pos++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    return -1;
  };
  while (pos < end) {
    const key = varint();
    if (key < 0) return undefined;
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      const v = varint();
      if (v < 0) return undefined;
      if (field === 3) seq = v;
    } else if (wire === 2) {
      const length = varint();
      if (length < 0 || pos + length > end) return undefined;
      pos += length;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else return undefined;
  }
  return pos === end ? seq : undefined;
}
