import type { JsonObject } from '../../shared/json/jsonValue';
import type { Profile } from '../profiles/profile';

/** The formats TraceMQ imports profiles from. */
export type ImportFormat = 'mqttx-json' | 'mqttx-yaml' | 'mqtt-explorer' | 'vsmqtt' | 'command-line';

/** How each format is named to the user. */
export const FORMAT_NAMES: Record<ImportFormat, string> = {
  'mqttx-json': 'MQTTX export (JSON)',
  'mqttx-yaml': 'MQTTX export (YAML)',
  'mqtt-explorer': 'MQTT Explorer settings',
  vsmqtt: 'vsmqtt profiles (settings.json)',
  'command-line': 'command line',
};

export type CertificateField = 'ca' | 'cert' | 'key';

/** A certificate or key that the source holds inline (not as a path): it becomes a file on import. */
export interface InlineCertificate {
  field: CertificateField;
  /** PEM text, checked to open. */
  pem: string;
  /** The file name the source gave it (MQTT Explorer keeps one), for the summary. */
  sourceName?: string;
}

/** One connection found in the source, ready to become a TraceMQ profile. */
export interface ImportedConnection {
  /** Where it was found, for messages: `connections[2] "Prod"`, `line 3`. */
  origin: string;
  /**
   * The profile in the `.tracemq.json` shape, validated by the profile parser. Inline
   * certificates' fields hold a placeholder path until `placeCertificates` names their files.
   */
  raw: JsonObject;
  profile: Profile;
  /** The password the source held; it goes to SecretStorage, never into a file. */
  password?: string;
  certificates: InlineCertificate[];
  /** What does not carry over, by name (never a value that may be secret). */
  notCarried: string[];
}

/** What an import of one text found. Problems are located, in words; a connection with a problem is not offered. */
export interface ImportResult {
  format?: ImportFormat;
  connections: ImportedConnection[];
  problems: string[];
}
