import { propertyLabel, propertyWords } from '../../shared/mqtt/propertyWords';
import { showControls } from '../../shared/payload/payloadPreview';
import type { ServerInfo } from '../../shared/connection/connectionInfo';

/**
 * What the broker said in its CONNACK, in words: session resumed or not, and each MQTT 5
 * property it assigned or announced. Untrusted strings (reason, reference, user properties) are
 * text with hidden characters made visible.
 */
export function ServerInfoPane({ server, protocolVersion }: { server: ServerInfo | undefined; protocolVersion: string }) {
  if (!server) {
    return (
      <section class="server-info" data-testid="server-info" aria-label="Broker">
        <p class="detail-muted">Not connected: the broker's CONNACK shows here once connected.</p>
      </section>
    );
  }
  const rows: [string, string][] = [['Session', server.sessionPresent ? 'resumed (the broker kept it)' : 'new']];
  for (const [key, value] of Object.entries(server.properties)) {
    if (key === 'userProperties' && typeof value === 'object' && value !== null) {
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) rows.push([`User property ${showControls(name)}`, showControls(Array.isArray(v) ? v.join(', ') : String(v))]);
      continue;
    }
    const text = propertyWords(key, value) ?? (value instanceof Uint8Array ? `${value.length} bytes` : showControls(String(value)));
    rows.push([propertyLabel(key), text]);
  }
  return (
    <section class="server-info" data-testid="server-info" aria-label="Broker">
      {/* A heading, not a <caption>: a caption is only as wide as its table, which for MQTT 3.1.1 is one short row. */}
      <h3 class="server-info-title" id="server-info-title" data-testid="server-info-title">
        {protocolVersion === '5.0' ? 'CONNACK from the broker' : `CONNACK from the broker (MQTT ${protocolVersion} has no properties)`}
      </h3>
      <table class="detail-properties server-properties" aria-labelledby="server-info-title">
        <tbody>
          {rows.map(([label, text]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
