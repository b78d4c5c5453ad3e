import { join, relative, sep } from 'node:path';
import type { JsonObject } from '../../shared/json/jsonValue';
import type { CertificateField, ImportedConnection } from './importTypes';

/** The folder, next to `.tracemq.json`, that imported inline certificates of workspace profiles are written to. */
export const WORKSPACE_CERTIFICATE_DIR = '.tracemq-certs';

/** A certificate file to write for an imported profile. */
export interface CertificateFile {
  field: CertificateField;
  /** Absolute path. */
  path: string;
  pem: string;
}

/** A file name part from a profile name: lower case letters, digits and dashes. */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug === '' ? 'profile' : slug;
}

/**
 * Names the files of a connection's inline certificates in `dir` (`<profile>-ca.pem`, … with a
 * number added when `taken` says a name is used) and returns the profile with its `tls` fields
 * pointing at them: relative to `relativeTo` (the workspace folder, as `.tracemq.json` wants) or
 * absolute (user profiles). Pure: the caller writes the files.
 */
export function placeCertificates(connection: ImportedConnection, name: string, dir: string, taken: (path: string) => boolean, relativeTo?: string): { raw: JsonObject; files: CertificateFile[] } {
  const raw = JSON.parse(JSON.stringify(connection.raw)) as JsonObject;
  raw.name = name;
  const files: CertificateFile[] = [];
  const tls = raw.tls as JsonObject | undefined;
  for (const c of connection.certificates) {
    let path = join(dir, `${fileSlug(name)}-${c.field}.pem`);
    for (let n = 2; taken(path) || files.some((f) => f.path === path); n++) path = join(dir, `${fileSlug(name)}-${n}-${c.field}.pem`);
    files.push({ field: c.field, path, pem: c.pem });
    if (tls) tls[c.field] = relativeTo === undefined ? path : relative(relativeTo, path).split(sep).join('/');
  }
  return { raw, files };
}
