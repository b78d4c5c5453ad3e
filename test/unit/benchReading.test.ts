import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { READING_BINDING, READING_PROTO, READING_PROTO_FILE, readingEncoder } from '../../bench/benchReadingProto';
import { loadBindingCodecs } from '../../src/extension/decoders/bindingCodecLoader';
import { PayloadDecoder } from '../../src/extension/decoders/payloadDecoder';

const WORKSPACE = '/bench-workspace';

/** TraceMQ's decoder loaded from the bench workspace's binding and `.proto`, as the extension loads them. */
function benchDecoder(): PayloadDecoder {
  const read = (p: string): string => {
    if (p !== join(WORKSPACE, READING_PROTO_FILE)) throw new Error(`the bench binding read an unexpected file: ${p}`);
    return READING_PROTO;
  };
  return new PayloadDecoder(loadBindingCodecs([{ ...READING_BINDING, index: 0, spans: {} }], WORKSPACE, read, () => { throw new Error('no Sparkplug binding in the bench workspace'); }));
}

describe('bench protobuf readings', () => {
  it('encodes every reading to exactly the asked size, across the pad length varint widths', () => {
    const encode = readingEncoder();
    const wrong: string[] = [];
    for (const size of [30, 100, 128, 129, 130, 131, 132, 1024, 16_384, 16_385, 16_386, 16_387]) {
      for (const i of [0, 1, 127, 128, 16_384, 4_000_000]) {
        const n = encode(i, size).length;
        if (n !== size) wrong.push(`${size} B, i ${i}: ${n} B`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('refuses a size too small for the reading, in words', () => {
    assert.throws(() => readingEncoder()(0, 5), /needs at least \d+ bytes; 5 were asked for/);
  });

  it("decodes through the bench workspace's binding into the reading", () => {
    const decoded = benchDecoder().decode('bench/pb/reading', readingEncoder()(42, 100));
    assert.ok(decoded && 'value' in decoded, JSON.stringify(decoded));
    const { sensor, i, value } = decoded.value as { sensor: string; i: number; value: number };
    assert.deepEqual({ format: decoded.format, sensor, i, value }, { format: 'protobuf', sensor: 'bench', i: 42, value: 21.5 });
  });

  it("leaves the other bench parts' topic (bench/ui) unbound", () => {
    assert.equal(benchDecoder().decode('bench/ui', readingEncoder()(42, 100)), undefined);
  });
});
