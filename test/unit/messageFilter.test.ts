import { strict as assert } from 'node:assert';
import { compileMessageFilter, FilterError, isEmptyFilter } from '../../src/extension/log/messageFilter';
import { MessageStore } from '../../src/extension/store/messageStore';
import type { LogFilter } from '../../src/shared/log/logFilter';
import type { QoS } from '../../src/shared/mqtt/publishShapes';

/** A store holding these messages, seqs 0, 1, 2… in order. */
function storeOf(messages: { topic: string; payload: string | Buffer; qos?: QoS; retain?: boolean }[]): MessageStore {
  const store = new MessageStore({ maxMessages: 1000, maxBytes: 1 << 24 });
  for (const m of messages) store.append(m.topic, Buffer.isBuffer(m.payload) ? m.payload : Buffer.from(m.payload), m.qos ?? 0, m.retain ?? false, false, undefined, 0);
  return store;
}

const MESSAGES = [
  { topic: 'sensors/kitchen/temp', payload: '{"temp": 21.5, "unit": "C"}', qos: 1 as const },
  { topic: 'sensors/hall/temp', payload: '{"temp": 19.0, "status": "ERROR"}', qos: 0 as const, retain: true },
  { topic: 'sensors/hall/motion', payload: 'motion detected', qos: 2 as const },
  { topic: '$SYS/broker/uptime', payload: '42 seconds', qos: 0 as const },
  { topic: 'devices/led', payload: Buffer.from([0xff, 0x00, 0x65, 0x72, 0x72]), qos: 0 as const },
];

/** The seqs that pass `filter`. */
function matching(filter: LogFilter): number[] {
  const store = storeOf(MESSAGES);
  const test = compileMessageFilter(filter);
  return [0, 1, 2, 3, 4].filter((seq) => test(store, seq));
}

describe('message filter', () => {
  it('matches topic filters with + and #, leaving $ topics to filters that name them', () => {
    assert.deepEqual(matching({ topic: 'sensors/+/temp' }), [0, 1]);
    assert.deepEqual(matching({ topic: 'sensors/hall/#' }), [1, 2]);
    assert.deepEqual(matching({ topic: '#' }), [0, 1, 2, 4]);
    assert.deepEqual(matching({ topic: '$SYS/#' }), [3]);
    assert.deepEqual(matching({ topic: 'devices/led' }), [4]);
  });

  it('finds text in payloads: case-insensitive by default, exact with matchCase', () => {
    assert.deepEqual(matching({ text: 'error' }), [1]);
    assert.deepEqual(matching({ text: 'error', matchCase: true }), []);
    assert.deepEqual(matching({ text: 'ERROR', matchCase: true }), [1]);
    // Bytes after an invalid UTF-8 byte are still searched ("err" follows 0xff 0x00).
    assert.deepEqual(matching({ text: 'err', matchCase: true }), [4]);
  });

  it('takes regular expressions', () => {
    assert.deepEqual(matching({ text: '"temp":\\s*(19|20)', regex: true }), [1]);
    assert.deepEqual(matching({ text: '^MOTION', regex: true }), [2]);
    assert.deepEqual(matching({ text: '^MOTION', regex: true, matchCase: true }), []);
  });

  it('narrows by QoS and to retained messages, and combines every field', () => {
    assert.deepEqual(matching({ qos: [0] }), [1, 3, 4]);
    assert.deepEqual(matching({ qos: [1, 2] }), [0, 2]);
    assert.deepEqual(matching({ retainedOnly: true }), [1]);
    assert.deepEqual(matching({ topic: 'sensors/#', text: 'temp', qos: [0, 1] }), [0, 1]);
    assert.deepEqual(matching({ topic: 'sensors/#', text: 'temp', qos: [0, 1], retainedOnly: true }), [1]);
  });

  it('says what is wrong with a filter it cannot apply', () => {
    assert.throws(() => compileMessageFilter({ topic: 'sensors/#/x' }), (e: unknown) => e instanceof FilterError && /Topic filter: '#' must be/.test(e.message));
    assert.throws(() => compileMessageFilter({ text: '(unclosed', regex: true }), (e: unknown) => e instanceof FilterError && /Not a valid regular expression/.test(e.message));
  });

  it('knows an empty filter when it sees one', () => {
    assert.equal(isEmptyFilter(null), true);
    assert.equal(isEmptyFilter({}), true);
    assert.equal(isEmptyFilter({ topic: '', text: '', qos: [0, 1, 2] }), true);
    assert.equal(isEmptyFilter({ retainedOnly: true }), false);
    assert.equal(isEmptyFilter({ qos: [2] }), false);
  });
});
