import { strict as assert } from 'node:assert';
import { toNdjsonLine } from '../../src/extension/store/ndjsonExport';
import type { StoredMessage } from '../../src/extension/store/messageStore';
import { encode as cborEncode } from 'cbor-x';
import { exportDecodeOf } from '../../src/extension/decoders/exportDecode';
import { PayloadDecoder } from '../../src/extension/decoders/payloadDecoder';
import { binding, loadFixtureBindings } from '../harness/decoderFixtures';

const message = (over: Partial<StoredMessage>): StoredMessage => ({
  seq: 0,
  sub: 0,
  time: Date.UTC(2026, 10, 25, 8, 0, 0, 123),
  topic: 'sensors/t1',
  payload: Buffer.from('{"c":21.5}'),
  qos: 1,
  retain: false,
  dup: false,
  properties: undefined,
  ...over,
});

describe('NDJSON export line (SPEC.md format)', () => {
  it('writes text payloads as text with topic, qos, retain and ISO receive time', () => {
    const line = toNdjsonLine(message({ retain: true }));
    assert.ok(line.endsWith('\n'));
    assert.deepEqual(JSON.parse(line), { topic: 'sensors/t1', payload: '{"c":21.5}', qos: 1, retain: true, receivedAt: '2026-11-25T08:00:00.123Z' });
  });

  it('writes invalid UTF-8 as base64 and says so', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3]);
    const parsed = JSON.parse(toNdjsonLine(message({ payload: bytes }))) as { payload: string; encoding: string };
    assert.equal(parsed.encoding, 'base64');
    assert.deepEqual(Buffer.from(parsed.payload, 'base64'), bytes);
  });

  it('keeps a payload that views a larger buffer to its own bytes', () => {
    const pool = Buffer.from('xxxxhelloyyyy');
    const parsed = JSON.parse(toNdjsonLine(message({ payload: pool.subarray(4, 9) }))) as { payload: string };
    assert.equal(parsed.payload, 'hello');
  });

  it('writes MQTT 5 properties as received, binary correlation data made JSON-safe', () => {
    const parsed = JSON.parse(
      toNdjsonLine(
        message({
          properties: { contentType: 'application/json', userProperties: { a: '1', b: ['2', '3'] }, correlationData: Buffer.from([0xff, 0x01]), responseTopic: 'r/1' },
        }),
      ),
    ) as { properties: Record<string, unknown> };
    assert.deepEqual(parsed.properties, {
      contentType: 'application/json',
      userProperties: { a: '1', b: ['2', '3'] },
      correlationData: { encoding: 'base64', data: '/wE=' },
      responseTopic: 'r/1',
    });
  });

  it('keeps hostile text as data (JSON-escaped, one line)', () => {
    const line = toNdjsonLine(message({ topic: 'a\nb', payload: Buffer.from('<script>\u202e\n') }));
    assert.equal(line.split('\n').length, 2);
    assert.equal((JSON.parse(line) as { payload: string }).payload, '<script>\u202e\n');
  });
});

describe('NDJSON export line with decoders', () => {
  const cbor = new PayloadDecoder(loadFixtureBindings([binding({ topic: 'sensors/cbor/#', format: 'cbor' })]));

  it('adds "decoded" to a message on a bound topic, the raw payload unchanged', () => {
    const payload = cborEncode({ t: 21.5 });
    const parsed = JSON.parse(toNdjsonLine(message({ topic: 'sensors/cbor/a', payload }), exportDecodeOf(cbor))) as Record<string, unknown>;
    assert.deepEqual(parsed.decoded, { t: 21.5 });
    assert.equal(parsed.encoding, 'base64');
    assert.deepEqual(Buffer.from(parsed.payload as string, 'base64'), Buffer.from(payload));
  });

  it('adds "decodeError" in words when the payload does not decode', () => {
    const parsed = JSON.parse(toNdjsonLine(message({ topic: 'sensors/cbor/a', payload: Buffer.from([0x5a, 0xff, 0xff, 0xff, 0xff, 1]) }), exportDecodeOf(cbor))) as Record<string, unknown>;
    assert.match(String(parsed.decodeError), /truncated/);
    assert.equal('decoded' in parsed, false);
  });

  it('writes a message on an unbound topic exactly as without decoders', () => {
    const m = message({ topic: 'other/topic' });
    assert.equal(toNdjsonLine(m, exportDecodeOf(cbor)), toNdjsonLine(m));
  });

  it('passes no decoder at all when the workspace has no bindings', () => {
    assert.equal(exportDecodeOf(PayloadDecoder.none), undefined);
  });
});
