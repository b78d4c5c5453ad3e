import { strict as assert } from 'node:assert';
import { fileSlug, placeCertificates } from '../../src/extension/import/certificatePlacement';
import { connectionNamed, importFixture } from './importFixtures';

describe('Import: where inline certificates are written', () => {
  const lab = connectionNamed(importFixture('mqtt-explorer-settings.json'), 'Lab broker (mutual TLS)');

  it('names a file after the profile and the field', () => {
    assert.deepEqual(placeCertificates(lab, 'Lab broker (mutual TLS)', '/ws/.tracemq-certs', () => false).files.map((f) => f.path), [
      '/ws/.tracemq-certs/lab-broker-mutual-tls-ca.pem',
      '/ws/.tracemq-certs/lab-broker-mutual-tls-cert.pem',
      '/ws/.tracemq-certs/lab-broker-mutual-tls-key.pem',
    ]);
  });
  it('points a workspace profile at its files relative to the workspace folder', () => {
    assert.equal((placeCertificates(lab, 'Lab', '/ws/.tracemq-certs', () => false, '/ws').raw.tls as Record<string, unknown>).ca, '.tracemq-certs/lab-ca.pem');
  });
  it('points a user profile at its files by absolute path', () => {
    assert.equal((placeCertificates(lab, 'Lab', '/storage/certificates', () => false).raw.tls as Record<string, unknown>).key, '/storage/certificates/lab-key.pem');
  });
  it('numbers a file whose name is taken instead of overwriting it', () => {
    const { files } = placeCertificates(lab, 'Lab', '/d', (p) => p === '/d/lab-ca.pem');
    assert.equal(files[0]?.path, '/d/lab-2-ca.pem');
  });
  it('carries the renamed profile name into the profile', () => {
    assert.equal(placeCertificates(lab, 'Lab (2)', '/d', () => false).raw.name, 'Lab (2)');
  });
  it('makes a file name part of letters, digits and dashes only', () => {
    assert.equal(fileSlug('../Ünïcode  /\\ name!'), 'unicode-name');
  });
});
