import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CERTIFICATE_FIELDS, resolveCertificatePath } from '../profiles/profileParser';
import type { ProfileEntry } from '../profiles/profile';
import { ConnectionError } from './connectionError';
import type { TlsMaterial } from './mqttOptions';

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
  EPERM: 'permission denied',
};

/**
 * Reads the profile's certificate files (relative to its workspace folder) and checks that the
 * client key opens with the passphrase, so that each failure names the file and the field instead
 * of surfacing as an OpenSSL error halfway through the handshake.
 */
export function readTlsMaterial(entry: ProfileEntry, passphrase: string | undefined): TlsMaterial {
  const tls = entry.profile.tls;
  const material: TlsMaterial = {};
  for (const { key, what } of CERTIFICATE_FIELDS) {
    const file = tls?.[key];
    if (file === undefined) continue;
    const path = resolveCertificatePath(file, entry.folder);
    if (path === undefined) {
      throw new ConnectionError(`${what} ${file} (tls.${key}) is a relative path, but this profile has no workspace folder: give an absolute path.`);
    }
    try {
      material[key] = readFileSync(path);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const why = typeof code === 'string' ? `${code}${FILE_ERRORS[code] ? ` (${FILE_ERRORS[code]})` : ''}` : String(e);
      throw new ConnectionError(`${what} ${file} (tls.${key}) cannot be read: ${why}. Fix the path in the profile (relative paths start at the workspace folder).`);
    }
  }
  if (material.key) {
    try {
      createPrivateKey(passphrase ? { key: material.key, passphrase } : { key: material.key });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const file = tls?.key ?? '';
      // OpenSSL 3 reports a missing passphrase as an interrupted passphrase prompt.
      if (!passphrase && (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED')) {
        throw new ConnectionError(`TLS client key ${file} (tls.key) is encrypted: set its passphrase with "TraceMQ: Set Password" → Key passphrase.`);
      }
      if (passphrase && (code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt/i.test(String(e)))) {
        throw new ConnectionError(`TLS client key ${file} (tls.key) cannot be decrypted: the key passphrase is wrong. Set it again with "TraceMQ: Set Password" → Key passphrase.`);
      }
      throw new ConnectionError(`TLS client key ${file} (tls.key) is not a private key TraceMQ can read (PEM expected): ${e instanceof Error ? e.message : String(e)}`);
    }
    if (passphrase) material.passphrase = passphrase;
  }
  return material;
}
