import { strict as assert } from 'node:assert';
import { embeddedSnapshotText, parseEmbeddedSnapshot, type EmbeddedSnapshot } from '../../src/shared/log/embeddedSnapshot';
import type { RowDto } from '../../src/shared/log/rowDto';

const HOSTILE_TOPIC = 'a/</script><script>alert(1)</script>/<!--/\u2028/\u2029/&amp;';

function row(pos: number, topic: string, preview: Uint8Array): RowDto {
  return { pos, seq: pos, time: 1_700_000_000_000 + pos, topic, qos: 0, retain: false, dup: false, size: preview.length, preview, sub: 0 };
}

function snapshotWith(tail: RowDto[], properties: Record<string, unknown> = {}): EmbeddedSnapshot {
  return {
    id: 'abc123',
    snapshot: {
      connection: { key: 'workspace:p', profile: 'p', url: 'mqtt://h', protocolVersion: '5.0', state: 'connected', subscriptions: [], server: { sessionPresent: false, properties } },
      counters: { received: tail.length, evicted: 0, duplicates: 0, stored: tail.length, firstPos: 0, nextPos: tail.length, storeBytes: 0, maxBytes: 0, msgPerSec: 0, bytesPerSec: 0 },
      tail,
      filter: null,
    },
  };
}

const hostile = snapshotWith([row(0, HOSTILE_TOPIC, new TextEncoder().encode('</script><!-- \u2028 <b>')), row(1, 'bin', new Uint8Array([0, 255, 60, 62]))]);

describe('embedded snapshot', () => {
  it('writes no character that could end its script element or break it as script text', () => {
    assert.doesNotMatch(embeddedSnapshotText(hostile), /[<>&\u2028\u2029]/);
  });

  it('reads back exactly the snapshot it wrote, hostile topics and bytes included', () => {
    assert.deepEqual(parseEmbeddedSnapshot(embeddedSnapshotText(hostile)), hostile);
  });

  it('gives row previews back as Uint8Array', () => {
    const parsed = parseEmbeddedSnapshot(embeddedSnapshotText(hostile));
    assert.ok(parsed?.snapshot.tail[1]?.preview instanceof Uint8Array);
  });

  it('keeps a data key named $bytes as data, not as bytes', () => {
    const tricky = snapshotWith([], { userProperties: { $bytes: 'AAAA', $$x: '1' } });
    assert.deepEqual(parseEmbeddedSnapshot(embeddedSnapshotText(tricky))?.snapshot.connection.server?.properties, { userProperties: { $bytes: 'AAAA', $$x: '1' } });
  });

  it('reads text that is not JSON as no snapshot', () => {
    assert.equal(parseEmbeddedSnapshot('</script>'), undefined);
  });

  it('reads JSON without an id, connection, counters or tail as no snapshot', () => {
    assert.equal(parseEmbeddedSnapshot(JSON.stringify({ id: 'x', snapshot: { connection: {}, counters: {} } })), undefined);
  });
});
