import { strict as assert } from 'node:assert';
import { describePacket } from '../../src/extension/trace/packetEntry';
import { toTraceNdjsonLine } from '../../src/extension/trace/traceNdjson';
import { maskedHeaders } from '../../src/extension/trace/transportEvents';
import type { TraceEntry } from '../../src/shared/trace/traceEntry';

const AT = Date.UTC(2026, 11, 7, 4, 0, 0, 123);

function entryOf(described: ReturnType<typeof describePacket>, extra: Partial<TraceEntry> = {}): TraceEntry {
  return { ...described.entry, id: 0, at: AT, ...extra };
}

describe('Protocol trace NDJSON', () => {
  it('writes a CONNECT with a password as "password": "set"', () => {
    const line = JSON.parse(toTraceNdjsonLine(entryOf(describePacket({ cmd: 'connect', clientId: 'c', password: Buffer.from('pw-value') }, 'out', 5)))) as Record<string, unknown>;
    assert.equal(line.password, 'set');
  });

  it('leaves the password out of a CONNECT without one', () => {
    const line = JSON.parse(toTraceNdjsonLine(entryOf(describePacket({ cmd: 'connect', clientId: 'c' }, 'out', 5)))) as Record<string, unknown>;
    assert.equal('password' in line, false);
  });

  it('starts a line with at (ISO), dir and type, then the packet fields the issue names', () => {
    const described = describePacket({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('hi'), qos: 1, retain: false, dup: false, messageId: 5, properties: { contentType: 'text/plain' } }, 'in', 5);
    const line = JSON.parse(toTraceNdjsonLine(entryOf(described, { bytes: 20, ackMs: 3 }))) as Record<string, unknown>;
    assert.deepEqual(
      Object.keys(line).slice(0, 9),
      ['at', 'dir', 'type', 'packetId', 'qos', 'topic', 'properties', 'bytes', 'ackMs'],
    );
    assert.deepEqual([line.at, line.dir, line.type, line.packetId, line.qos, line.topic, line.properties], ['2026-12-07T04:00:00.123Z', 'in', 'publish', 5, 1, 'a/b', { contentType: 'text/plain' }]);
  });

  it('writes a reason code with its words', () => {
    const line = JSON.parse(toTraceNdjsonLine(entryOf(describePacket({ cmd: 'puback', messageId: 1, reasonCode: 0x10 }, 'in', 5)))) as Record<string, unknown>;
    assert.deepEqual([line.reasonCode, line.reason], [0x10, 'No matching subscribers (0x10)']);
  });

  it('writes one line per entry (no line break inside)', () => {
    const described = describePacket({ cmd: 'publish', topic: 'a\nb', payload: Buffer.from('x'), qos: 0, retain: false, dup: false }, 'in', 5);
    assert.equal(toTraceNdjsonLine(entryOf(described)).includes('\n'), false);
  });
});

describe('WebSocket request headers in the trace', () => {
  it('shows secret-looking header values as "set"', () => {
    assert.deepEqual(maskedHeaders({ Authorization: 'Bearer abc', 'X-Api-Key': 'k', Cookie: 'c=1', 'X-Auth-Token': 't' }), { Authorization: 'set', 'X-Api-Key': 'set', Cookie: 'set', 'X-Auth-Token': 'set' });
  });

  it('shows other header values as written', () => {
    assert.deepEqual(maskedHeaders({ 'Sec-WebSocket-Protocol': 'mqtt', 'X-Device': 'd1' }), { 'Sec-WebSocket-Protocol': 'mqtt', 'X-Device': 'd1' });
  });
});
