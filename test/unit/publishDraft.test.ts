import { strict as assert } from 'node:assert';
import { draftFrom, draftToParams, EMPTY_DRAFT, formatJson, paramsToDraft, type PublishDraft } from '../../src/webview/publish/publishDraft';
import type { PublishParams } from '../../src/shared/mqtt/publishShapes';

// The publish panel's pure half: what the fields ask for, and where a problem is.
describe('publish draft', () => {
  const draft = (d: Partial<PublishDraft>): PublishDraft => ({ ...EMPTY_DRAFT, topic: 't', ...d });

  it('asks the host to encode a draft whose payload is "as" the topic\'s decoder', () => {
    assert.deepEqual(draftToParams(draft({ payload: '{"a":1}', format: 'encoded' }), false), { params: { topic: 't', payload: '{"a":1}', encoding: 'utf8', qos: 0, retain: false, encode: true } });
  });

  it('refuses an empty payload to encode, at the payload', () => {
    const r = draftToParams(draft({ payload: '', format: 'encoded' }), false);
    assert.equal('problem' in r && r.problem.field, 'payload');
  });

  it('brings an encoded publish from the history back as "encoded"', () => {
    assert.equal(paramsToDraft({ topic: 't', payload: '{}', encoding: 'utf8', qos: 0, retain: false, encode: true }).format, 'encoded');
  });

  it('turns the fields into a publish, MQTT 5 properties only for MQTT 5', () => {
    const d = draft({ payload: 'ab cd', format: 'hex', qos: 1, retain: true, contentType: 'application/octet-stream', payloadFormat: '0', messageExpiry: ' 60 ', topicAlias: '3', responseTopic: 'r', correlationData: 'x1', userProperties: [{ key: 'a', value: '1' }, { key: '', value: '' }] });
    assert.deepEqual(draftToParams(d, true), {
      params: {
        topic: 't',
        payload: 'ab cd',
        encoding: 'hex',
        qos: 1,
        retain: true,
        properties: { contentType: 'application/octet-stream', payloadFormatIndicator: 0, messageExpiryInterval: 60, topicAlias: 3, responseTopic: 'r', correlationData: 'x1', correlationDataEncoding: 'utf8', userProperties: [['a', '1']] },
      },
    });
    assert.deepEqual(draftToParams(d, false), { params: { topic: 't', payload: 'ab cd', encoding: 'hex', qos: 1, retain: true } });
  });

  it('names the field of the first problem', () => {
    const field = (d: Partial<PublishDraft>): string | undefined => {
      const r = draftToParams(draft(d), true);
      return 'problem' in r ? r.problem.field : undefined;
    };
    assert.equal(field({ topic: 'a/#' }), 'topic');
    assert.equal(field({ format: 'json', payload: '{"a": }' }), 'payload');
    assert.equal(field({ format: 'hex', payload: 'abc' }), 'payload');
    assert.equal(field({ messageExpiry: 'soon' }), 'messageExpiry');
    assert.equal(field({ topicAlias: '0' }), 'topicAlias');
    assert.equal(field({ responseTopic: 'r/+' }), 'responseTopic');
    assert.equal(field({ correlationData: 'zz', correlationHex: true }), 'correlationData');
    assert.equal(field({ userProperties: [{ key: '', value: 'orphan' }] }), 'userProperties');
    assert.equal(field({ topic: '', topicAlias: '2' }), undefined, 'an alias may stand for the topic');
  });

  it('goes back from a publish to the fields (history and templates)', () => {
    const p: PublishParams = { topic: 'x', payload: '{}', encoding: 'utf8', qos: 2, retain: false, properties: { correlationData: '0a', correlationDataEncoding: 'hex', userProperties: [['k', 'v']] } };
    const d = paramsToDraft(p);
    assert.deepEqual(draftToParams(d, true), { params: p });
  });

  it('reads a saved draft of an older version, keeping what has the right shape', () => {
    const d = draftFrom({ topic: 'lights', payload: 'on', qos: 1, retain: true, format: 'yaml', userProperties: [{ key: 'a', value: 'b' }, 'junk'] });
    assert.deepEqual(d, { ...EMPTY_DRAFT, topic: 'lights', payload: 'on', qos: 1, retain: true, userProperties: [{ key: 'a', value: 'b' }] });
    assert.deepEqual(draftFrom(null), EMPTY_DRAFT);
  });

  it('formats JSON, or says why not', () => {
    assert.deepEqual(formatJson('{"a":[1,2]}'), { text: '{\n  "a": [\n    1,\n    2\n  ]\n}' });
    assert.match((formatJson('{"a":') as { problem: string }).problem, /^Not valid JSON/);
  });
});
