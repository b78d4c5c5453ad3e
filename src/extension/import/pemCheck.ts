import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { CertificateField } from './importTypes';

const WHAT: Record<CertificateField, string> = { ca: 'CA certificate', cert: 'client certificate', key: 'private key' };

/** Text that looks like PEM rather than a path: a `-----BEGIN …-----` line. */
export const looksLikePem = (text: string): boolean => /-----BEGIN [A-Z0-9 ]+-----/.test(text);

/**
 * Why inline certificate text cannot be used, or undefined. Read with Node's own X.509 and key
 * parsers, so that what is written to a file is known to open. An encrypted key is fine (its
 * passphrase is set later with "TraceMQ: Set Password").
 */
export function pemProblem(text: string, field: CertificateField): string | undefined {
  const what = WHAT[field];
  if (!looksLikePem(text)) return `is not a PEM ${what} (PEM text starts with a "-----BEGIN …-----" line).`;
  try {
    if (field === 'key') createPrivateKey(text);
    else new X509Certificate(text);
    return undefined;
  } catch (e) {
    if (field === 'key' && (e as { code?: unknown }).code === 'ERR_MISSING_PASSPHRASE') return undefined;
    return `is not a valid PEM ${what}: ${e instanceof Error ? e.message : String(e)}.`;
  }
}
