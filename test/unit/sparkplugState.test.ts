import { strict as assert } from 'node:assert';
import type { JsonValue } from '../../src/shared/json/jsonValue';
import { PayloadDecoder, type DecodeResult } from '../../src/extension/decoders/payloadDecoder';
import { rebirthCommand, REBIRTH_METRIC } from '../../src/extension/decoders/sparkplugRebirth';
import { readSparkplugSeq } from '../../src/extension/decoders/sparkplugSeqScan';
import { SparkplugState } from '../../src/extension/decoders/sparkplugState';
import { NO_BIRTH_NOTE } from '../../src/extension/decoders/sparkplugView';
import { binding, loadFixtureBindings, sparkplugCodec } from '../harness/decoderFixtures';

const codec = sparkplugCodec();
const Payload = codec.payloadType;

/** A Sparkplug payload as an edge node would send it, built with protobufjs from Tahu's Payload type. */
function payload(fields: Record<string, unknown>): Uint8Array {
  return Payload.encode(Payload.fromObject(fields)).finish();
}

interface Step {
  topic: string;
  bytes: Uint8Array;
}

/**
 * A scripted edge node "press" in group "plant" with a device "drive": NBIRTH (bdSeq 3, seq 0,
 * aliases 1 and 2), DBIRTH (seq 1, alias 10), alias-only NDATA (seq 2) and DDATA (seq 3), then an
 * NDATA with seq 7 (three lost), then an NDEATH with a stale bdSeq 2.
 */
function script(): Step[] {
  return [
    {
      topic: 'spBv1.0/plant/NBIRTH/press',
      bytes: payload({
        timestamp: 1000,
        seq: 0,
        metrics: [
          { name: 'bdSeq', datatype: 4, longValue: 3 },
          { name: 'Temperature', alias: 1, datatype: 10, doubleValue: 20.5 },
          { name: 'Offset', alias: 2, datatype: 3, intValue: 0 },
        ],
      }),
    },
    { topic: 'spBv1.0/plant/DBIRTH/press/drive', bytes: payload({ timestamp: 1001, seq: 1, metrics: [{ name: 'Speed', alias: 10, datatype: 7, intValue: 0 }] }) },
    { topic: 'spBv1.0/plant/NDATA/press', bytes: payload({ timestamp: 1002, seq: 2, metrics: [{ alias: 1, doubleValue: 21.25 }, { alias: 2, intValue: 0xfffffffb }] }) },
    { topic: 'spBv1.0/plant/DDATA/press/drive', bytes: payload({ timestamp: 1003, seq: 3, metrics: [{ alias: 10, intValue: 1500 }] }) },
    { topic: 'spBv1.0/plant/NDATA/press', bytes: payload({ timestamp: 1004, seq: 7, metrics: [{ alias: 1, doubleValue: 22 }] }) },
    { topic: 'spBv1.0/plant/NDEATH/press', bytes: payload({ timestamp: 1005, metrics: [{ name: 'bdSeq', datatype: 4, longValue: 2 }] }) },
  ];
}

/** Plays the script into a fresh state (store sequence numbers 1, 2, …) and decodes message `n` (1-based). */
function play(steps = script()): { state: SparkplugState; decoded: (n: number) => DecodeResult | undefined } {
  const state = new SparkplugState(Payload);
  steps.forEach((s, i) => {
    state.observe(s.topic, s.bytes, i + 1);
  });
  const decoder = new PayloadDecoder(loadFixtureBindings([binding({ topic: 'spBv1.0/#', format: 'sparkplugb' })]));
  return { state, decoded: (n) => decoder.decode(steps[n - 1]?.topic ?? '', steps[n - 1]?.bytes ?? new Uint8Array(), { sparkplug: state, at: n }) };
}

const valueOf = (r: DecodeResult | undefined): Record<string, JsonValue> => {
  assert.ok(r && 'value' in r, JSON.stringify(r));
  return r.value as Record<string, JsonValue>;
};
const metrics = (r: DecodeResult | undefined): Record<string, JsonValue>[] => valueOf(r).metrics as Record<string, JsonValue>[];

describe('Sparkplug B state (a scripted edge node)', () => {
  it('shows a birth with its topic parts, metric names, types by name and values', () => {
    const value = valueOf(play().decoded(1));
    assert.equal(value.messageType, 'NBIRTH');
    assert.equal(value.groupId, 'plant');
    assert.equal(value.edgeNodeId, 'press');
    assert.deepEqual((value.metrics as JsonValue[])[1], { name: 'Temperature', alias: 1, datatype: 'Double', value: 20.5 });
  });

  it('names the alias-only metrics of NDATA from the NBIRTH', () => {
    const [temperature] = metrics(play().decoded(3));
    assert.deepEqual(temperature, { name: 'Temperature', alias: 1, nameFrom: 'birth', datatype: 'Double', value: 21.25 });
  });

  it('reads an Int32 carried as uint32 as signed, with the type from the birth', () => {
    const [, offset] = metrics(play().decoded(3));
    assert.ok(offset);
    assert.equal(offset.datatype, 'Int32');
    assert.equal(offset.value, -5);
  });

  it('names the alias-only metrics of DDATA from the DBIRTH', () => {
    const [speed] = metrics(play().decoded(4));
    assert.ok(speed);
    assert.equal(speed.name, 'Speed');
    assert.equal(speed.value, 1500);
  });

  it('flags a seq gap in words', () => {
    assert.deepEqual((play().decoded(5) as { notes?: unknown }).notes, ['seq jumped 3 → 7: 3 messages missing']);
  });

  it('carries the notes in the decoded value too (for the export)', () => {
    assert.deepEqual(valueOf(play().decoded(5)).notes, ['seq jumped 3 → 7: 3 messages missing']);
  });

  it('flags nothing on messages in sequence', () => {
    const { decoded } = play();
    assert.equal((decoded(3) as { notes?: unknown }).notes, undefined);
    assert.equal((decoded(4) as { notes?: unknown }).notes, undefined);
  });

  it('counts a gap across the 255 → 0 wrap', () => {
    const steps = [
      { topic: 'spBv1.0/g/NBIRTH/e', bytes: payload({ seq: 254, metrics: [] }) },
      { topic: 'spBv1.0/g/NDATA/e', bytes: payload({ seq: 255, metrics: [] }) },
      { topic: 'spBv1.0/g/NDATA/e', bytes: payload({ seq: 2, metrics: [] }) },
    ];
    assert.deepEqual(play(steps).state.notesAt(3), ['seq jumped 255 → 2: 2 messages missing']);
  });

  it('accepts 255 → 0 as in sequence', () => {
    const steps = [
      { topic: 'spBv1.0/g/NBIRTH/e', bytes: payload({ seq: 255, metrics: [] }) },
      { topic: 'spBv1.0/g/NDATA/e', bytes: payload({ seq: 0, metrics: [] }) },
    ];
    assert.deepEqual(play(steps).state.notesAt(2), []);
  });

  it('flags an NDEATH whose bdSeq does not match the NBIRTH, and keeps the node online', () => {
    const { state } = play();
    assert.match(state.notesAt(6)[0] ?? '', /^bdSeq mismatch: this NDEATH has bdSeq 2 but the last NBIRTH had bdSeq 3/);
    assert.equal(state.nodeOnline('plant', 'press'), true);
  });

  it('takes a matching NDEATH as the node going offline', () => {
    const steps = script().slice(0, 5);
    steps.push({ topic: 'spBv1.0/plant/NDEATH/press', bytes: payload({ metrics: [{ name: 'bdSeq', datatype: 4, longValue: 3 }] }) });
    const { state } = play(steps);
    assert.deepEqual(state.notesAt(6), []);
    assert.equal(state.nodeOnline('plant', 'press'), false);
  });

  it('says "no birth seen" on alias-only data before any birth', () => {
    const steps = script().slice(2, 3);
    const result = play(steps).decoded(1);
    assert.deepEqual((result as { notes?: unknown }).notes, [NO_BIRTH_NOTE]);
    assert.equal(NO_BIRTH_NOTE, 'no birth seen: aliases unresolved — Request Rebirth');
  });

  it('resolves a message with the birth in force when it arrived, not a later rebirth', () => {
    const steps = script().slice(0, 3);
    steps.push({ topic: 'spBv1.0/plant/NBIRTH/press', bytes: payload({ seq: 0, metrics: [{ name: 'bdSeq', datatype: 4, longValue: 4 }, { name: 'Pressure', alias: 1, datatype: 10, doubleValue: 1 }] }) });
    const { decoded } = play(steps);
    assert.equal(metrics(decoded(3))[0]?.name, 'Temperature');
  });

  it('leaves topics outside spBv1.0/ alone', () => {
    const state = new SparkplugState(Payload);
    state.observe('factory/a/telemetry', Uint8Array.from([0xff, 0xff]), 1);
    assert.deepEqual(state.notesAt(1), []);
  });

  it('reads the seq of a data message without decoding it', () => {
    assert.equal(readSparkplugSeq(payload({ timestamp: 5, metrics: [{ alias: 1, doubleValue: 1 }, { alias: 2, stringValue: 'x' }], seq: 200 })), 200);
  });

  it('tracks a primary host STATE (Sparkplug 3.0 JSON)', () => {
    const state = new SparkplugState(Payload);
    state.observe('spBv1.0/STATE/scada', new TextEncoder().encode('{"online": false, "timestamp": 1700000000000}'), 1);
    assert.deepEqual(state.hostStates, [{ hostId: 'scada', online: false, timestamp: 1700000000000 }]);
  });
});

describe('Sparkplug B STATE messages', () => {
  const decoder = new PayloadDecoder(loadFixtureBindings([binding({ topic: 'spBv1.0/#', format: 'sparkplugb' }, 0), binding({ topic: 'STATE/#', format: 'sparkplugb' }, 1)]));

  it('shows a 3.0 STATE (JSON) as host online', () => {
    assert.deepEqual(valueOf(decoder.decode('spBv1.0/STATE/scada', new TextEncoder().encode('{"online":true,"timestamp":5}'))), { messageType: 'STATE', hostId: 'scada', online: true, specification: '3.0', timestamp: 5 });
  });

  it('shows a 2.2 STATE (text) as host offline', () => {
    assert.deepEqual(valueOf(decoder.decode('STATE/scada', new TextEncoder().encode('OFFLINE'))), { messageType: 'STATE', hostId: 'scada', online: false, specification: '2.2' });
  });

  it('says what a STATE should look like when it is neither', () => {
    const result = decoder.decode('spBv1.0/STATE/scada', new TextEncoder().encode('maybe'));
    assert.ok(result && 'error' in result);
    assert.match(result.error, /ONLINE\/OFFLINE/);
  });
});

describe('Sparkplug B rebirth request and encoding', () => {
  it('builds the NCMD topic of the edge node', () => {
    assert.equal(rebirthCommand(codec, 'plant', 'press', 1).topic, 'spBv1.0/plant/NCMD/press');
  });

  it('encodes Node Control/Rebirth = true as a Boolean metric that Tahu\'s Payload decodes', () => {
    const message = Payload.toObject(Payload.decode(rebirthCommand(codec, 'plant', 'press', 1700000000000).payload), { longs: String });
    assert.deepEqual(message.metrics, [{ name: REBIRTH_METRIC, timestamp: '1700000000000', datatype: 11, booleanValue: true }]);
  });

  it('encodes signed Int32 metrics the way the specification carries them (as uint32)', () => {
    const bytes = codec.encode({ metrics: [{ name: 'x', datatype: 'Int32', value: -5 }] });
    const message = Payload.toObject(Payload.decode(bytes));
    assert.equal((message.metrics as { intValue: number }[])[0]?.intValue, 0xfffffffb);
  });

  it('names the metric of a value that does not fit its datatype', () => {
    const decoder = new PayloadDecoder(loadFixtureBindings([binding({ topic: 'spBv1.0/#', format: 'sparkplugb' })]));
    const result = decoder.encode('spBv1.0/g/NCMD/e', '{"metrics": [{"name": "Node Control/Rebirth", "datatype": "Boolean", "value": "yes"}]}');
    assert.deepEqual(result, { format: 'sparkplugb', error: 'payload.metrics[0].value: expected true or false (datatype Boolean)' });
  });
});
