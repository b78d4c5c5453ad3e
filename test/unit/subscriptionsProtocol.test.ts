import { strict as assert } from 'node:assert';
import { subscriptionsProtocol } from '../../src/shared/subscriptions/subscriptionsProtocol';

const { requests } = subscriptionsProtocol;

describe('subscriptionsProtocol (what the host accepts from the subscription editor)', () => {
  it('accepts a subscription with its MQTT 5 options', () => {
    assert.deepEqual(requests['mqtt/subscribe']({ topic: 's/#', qos: 2, noLocal: true, retainHandling: 2, subscriptionIdentifier: 9 }), {
      topic: 's/#',
      qos: 2,
      noLocal: true,
      retainHandling: 2,
      subscriptionIdentifier: 9,
    });
  });

  it('accepts an unsubscribe', () => {
    assert.deepEqual(requests['mqtt/unsubscribe']({ topic: 't' }), { topic: 't' });
  });

  it('refuses subscription identifier 0', () => {
    assert.equal(requests['mqtt/subscribe']({ topic: 's', qos: 1, subscriptionIdentifier: 0 }), undefined);
  });
});
