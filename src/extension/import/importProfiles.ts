import { importCommandLines, looksLikeCommandLine } from './commandLineImport';
import type { ImportFormat, ImportResult } from './importTypes';
import { importMqttExplorer, MQTT_EXPLORER_KEY } from './mqttExplorerImport';
import { importMqttx, looksLikeMqttx } from './mqttxImport';
import { MAX_IMPORT_CHARS, readJsonDocument, readYamlDocument, tooLargeProblem } from './sourceDocument';
import { importVsmqtt, VSMQTT_KEY } from './vsmqttImport';

const UNRECOGNISED =
  'TraceMQ does not recognise this text. It imports an MQTTX export (JSON or YAML), MQTT Explorer\'s settings.json ("ConnectionManager_connections"), a settings.json with "vsmqtt.brokerProfiles", or mosquitto_sub / mosquitto_pub / mqttx commands.';

/** Which format the text is in, judged from its content (not its file name). */
export function detectFormat(text: string): ImportFormat | undefined {
  const start = text.trimStart().replace(/^\uFEFF/, '');
  if (start.startsWith('{') || start.startsWith('[') || start.startsWith('//') || start.startsWith('/*')) {
    const doc = readJsonDocument(text);
    if ('problems' in doc) return start.startsWith('{') || start.startsWith('[') ? 'mqttx-json' : undefined;
    const v = doc.value;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      if (MQTT_EXPLORER_KEY in v) return 'mqtt-explorer';
      if (VSMQTT_KEY in v) return 'vsmqtt';
    }
    return looksLikeMqttx(v) ? 'mqttx-json' : undefined;
  }
  if (looksLikeCommandLine(text)) return 'command-line';
  const doc = readYamlDocument(text);
  if ('problems' in doc) return /^[\s-]*(host|clientId|mqttVersion)\s*:/m.test(text) ? 'mqttx-yaml' : undefined;
  return looksLikeMqttx(doc.value) ? 'mqttx-yaml' : undefined;
}

/**
 * Every connection the text holds, as validated TraceMQ profiles with their passwords, inline
 * certificates and what does not carry over; and the problems, located and in words. A text that
 * cannot be read (wrong shape, too large, nested too deep, broken syntax) yields problems and no
 * connection; a connection with a problem is left out whole, never imported half-way.
 */
export function importProfiles(text: string): ImportResult {
  if (text.length > MAX_IMPORT_CHARS) return { connections: [], problems: [tooLargeProblem(text.length)] };
  if (text.trim() === '') return { connections: [], problems: ['The text is empty.'] };
  const format = detectFormat(text);
  switch (format) {
    case 'mqttx-json':
    case 'mqttx-yaml': {
      const doc = format === 'mqttx-json' ? readJsonDocument(text) : readYamlDocument(text);
      if ('problems' in doc) return { format, connections: [], problems: doc.problems };
      if (!looksLikeMqttx(doc.value)) return { format, connections: [], problems: [UNRECOGNISED] };
      return { format, ...importMqttx(doc) };
    }
    case 'mqtt-explorer':
    case 'vsmqtt': {
      const doc = readJsonDocument(text);
      if ('problems' in doc) return { format, connections: [], problems: doc.problems };
      const found = format === 'mqtt-explorer' ? importMqttExplorer(doc) : importVsmqtt(doc);
      return { format, ...found };
    }
    case 'command-line':
      return { format, ...importCommandLines(text) };
    case undefined:
      return { connections: [], problems: [UNRECOGNISED] };
  }
}
