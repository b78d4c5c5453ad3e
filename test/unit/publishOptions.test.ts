import { strict as assert } from 'node:assert';
import { buildPublish, decodePayload, PublishError, withRepeatNumber } from '../../src/extension/publish/publishOptions';
import type { ServerInfo } from '../../src/shared/connection/connectionInfo';
import type { PublishParams } from '../../src/shared/mqtt/publishShapes';

const base: PublishParams = { topic: 'a/b', payload: 'hi', encoding: 'utf8', qos: 1, retain: false };
const server = (properties: Record<string, unknown>): ServerInfo => ({ sessionPresent: false, properties });
const refused = (f: () => unknown, message: RegExp): void => {
  assert.throws(f, (e: unknown) => e instanceof PublishError && message.test(e.message));
};

describe('publish options', () => {
  it('reads the payload as text, hex (spaces and 0x allowed) or base64, and says what is wrong', () => {
    assert.deepEqual([...decodePayload('é', 'utf8')], [0xc3, 0xa9]);
    assert.deepEqual([...decodePayload('0x7b 22\n00', 'hex')], [0x7b, 0x22, 0x00]);
    assert.deepEqual([...decodePayload('/wA=', 'base64')], [0xff, 0x00]);
    refused(() => decodePayload('7g', 'hex'), /characters other than 0-9 and a-f/);
    refused(() => decodePayload('abc', 'hex'), /odd number of digits \(3\)/);
    refused(() => decodePayload('***', 'base64'), /not valid base64/);
  });

  it('maps every MQTT 5 property to mqtt.js, correlation data as bytes and repeated user property names as lists', () => {
    const m = buildPublish(
      {
        ...base,
        properties: {
          contentType: 'application/json',
          payloadFormatIndicator: 1,
          messageExpiryInterval: 30,
          topicAlias: 2,
          responseTopic: 'a/reply',
          correlationData: 'ab01',
          correlationDataEncoding: 'hex',
          userProperties: [['k', '1'], ['k', '2'], ['z', 'x']],
        },
      },
      5,
      server({ topicAliasMaximum: 10 }),
    );
    const props = m.options.properties;
    assert.ok(props);
    assert.deepEqual(props.correlationData, Buffer.from([0xab, 0x01]));
    assert.deepEqual({ ...props, correlationData: undefined, userProperties: { ...props.userProperties } }, {
      contentType: 'application/json',
      payloadFormatIndicator: true,
      messageExpiryInterval: 30,
      topicAlias: 2,
      responseTopic: 'a/reply',
      correlationData: undefined,
      userProperties: { k: ['1', '2'], z: 'x' },
    });
    assert.deepEqual([m.options.qos, m.options.retain], [1, false]);
  });

  it('drops properties for MQTT 3.x rather than sending what the protocol has no place for', () => {
    const m = buildPublish({ ...base, properties: { contentType: 'text/plain', topicAlias: 3 } }, 4, undefined);
    assert.equal(m.options.properties, undefined);
  });

  it('refuses before sending what the broker said it does not take', () => {
    refused(() => buildPublish({ ...base, properties: { topicAlias: 5 } }, 5, server({ topicAliasMaximum: 4 })), /above the broker's Topic Alias Maximum \(4\)/);
    refused(() => buildPublish({ ...base, properties: { topicAlias: 1 } }, 5, server({})), /accepts no topic aliases/);
    refused(() => buildPublish({ ...base, retain: true }, 5, server({ retainAvailable: false })), /does not support retained messages/);
    refused(() => buildPublish({ ...base, qos: 2 }, 5, server({ maximumQoS: 1 })), /QoS 1 at most/);
    refused(() => buildPublish({ ...base, payload: 'x'.repeat(2000) }, 5, server({ maximumPacketSize: 1024 })), /above the broker's Maximum Packet Size of 1,024 bytes/);
    assert.ok(buildPublish({ ...base, payload: 'x'.repeat(900) }, 5, server({ maximumPacketSize: 1024 })), 'a message that fits goes');
  });

  it('refuses wildcards, an empty topic (unless a topic alias stands for it), and a UTF-8 claim on bytes', () => {
    refused(() => buildPublish({ ...base, topic: 'a/+' }, 5, undefined), /Wildcards/);
    refused(() => buildPublish({ ...base, topic: '' }, 5, undefined), /cannot be empty/);
    assert.equal(buildPublish({ ...base, topic: '', properties: { topicAlias: 1 } }, 5, server({ topicAliasMaximum: 1 })).topic, '');
    refused(() => buildPublish({ ...base, payload: 'ff', encoding: 'hex', properties: { payloadFormatIndicator: 1 } }, 5, undefined), /not valid UTF-8/);
    refused(() => buildPublish({ ...base, properties: { responseTopic: 'r/#' } }, 5, undefined), /Response topic: Wildcards/);
  });

  it('numbers repeated publishes where the payload says {{n}}', () => {
    assert.equal(withRepeatNumber({ ...base, payload: '{"n": {{n}}, "again": {{n}}}' }, 7).payload, '{"n": 7, "again": 7}');
    assert.equal(withRepeatNumber({ ...base, payload: '{{n}}', encoding: 'base64' }, 7).payload, '{{n}}', 'only text payloads');
  });
});
