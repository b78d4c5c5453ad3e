import { strict as assert } from 'node:assert';
import { isPermanentConnackRefusal, reasonText } from '../../src/shared/mqtt/reasonCodes';

describe('reason codes in words', () => {
  it('names MQTT 5 codes with hex and a hint', () => {
    assert.equal(reasonText(0x87, 'puback', 5), 'Not authorized (0x87). The broker does not allow this client or user to do that.');
    assert.equal(reasonText(0x10, 'puback', 5), 'No matching subscribers (0x10)');
    assert.match(reasonText(0x86, 'connack', 5), /^Bad user name or password \(0x86\)/);
  });

  it('names code 0 by packet', () => {
    assert.equal(reasonText(0, 'suback', 5), 'Granted QoS 0 (0x00)');
    assert.equal(reasonText(0, 'disconnect', 5), 'Normal disconnection (0x00)');
  });

  it('uses the MQTT 3 CONNACK table for 3.1 and 3.1.1', () => {
    assert.match(reasonText(4, 'connack', 4), /^Bad user name or password \(return code 4\)/);
    assert.match(reasonText(5, 'connack', 3), /^Not authorized \(return code 5\)/);
  });

  it('says unknown codes are unknown', () => {
    assert.equal(reasonText(0x7f, 'puback', 5), 'Unknown reason code 0x7f');
  });

  it('knows which refusals retrying cannot fix', () => {
    assert.equal(isPermanentConnackRefusal(0x86, 5), true);
    assert.equal(isPermanentConnackRefusal(0x89, 5), false); // server busy: retry later
    assert.equal(isPermanentConnackRefusal(4, 4), true);
    assert.equal(isPermanentConnackRefusal(3, 4), false); // server unavailable
  });
});
