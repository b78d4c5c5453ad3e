import { strict as assert } from 'node:assert';
import { failureActions } from '../../src/extension/connection/failureActions';
import { reconnectOfferText } from '../../src/extension/connection/reconnectOffer';

describe('failureActions (the buttons of a connection failure)', () => {
  it('offers Set Password when the broker says "Not authorized"', () => {
    assert.deepEqual(failureActions('The broker refused the connection: Not authorized (0x87).'), ['Set Password']);
  });

  it('offers Set Password for a bad user name or password', () => {
    assert.deepEqual(failureActions('The broker refused the connection: bad user name or password (4).'), ['Set Password']);
  });

  it('offers Use a Unique Client Id when the connection reports a session takeover', () => {
    assert.deepEqual(failureActions('Another client connected with client id "tracemq-dev" and took over this session.', 'sessionTakenOver'), ['Use a Unique Client Id']);
  });

  it('offers Set Password when the connection reports refused credentials, whatever its words', () => {
    assert.deepEqual(failureActions('The broker refused the connection (0x86).', 'credentialsRefused'), ['Set Password']);
  });

  it('offers nothing for a failure neither can fix', () => {
    assert.deepEqual(failureActions('Connection refused by 127.0.0.1:1883: is the broker running on that port?'), []);
  });
});

describe('reconnectOfferText (after a password change)', () => {
  it('offers to reconnect a connected profile, which keeps the previous password', () => {
    assert.equal(reconnectOfferText('connected', 'p', 'password'), '"p" is still connected with the previous password.');
  });

  it('offers to reconnect a profile that keeps retrying with the previous password', () => {
    assert.match(reconnectOfferText('reconnecting', 'p', 'password') ?? '', /still trying to reconnect with the previous password/);
  });

  it('offers to connect a failed profile again with the new password', () => {
    assert.match(reconnectOfferText('error', 'p', 'password') ?? '', /failed to connect; connect it again with the new password\?/);
  });

  it('offers nothing for a disconnected profile (its next connect reads the new password) or one connecting now', () => {
    assert.deepEqual([reconnectOfferText('disconnected', 'p', 'password'), reconnectOfferText('connecting', 'p', 'password'), reconnectOfferText(undefined, 'p', 'password')], [undefined, undefined, undefined]);
  });
});
