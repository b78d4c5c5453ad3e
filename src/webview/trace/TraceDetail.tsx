import { hexDump } from '../../shared/payload/payloadFormat';
import type { TraceEntryDetail } from '../../shared/trace/traceProtocol';
import { Button } from '../toolkit/Button';
import { ackText } from './TraceRow';

export interface TraceDetailProps {
  detail: TraceEntryDetail | undefined;
  /** The entry was evicted before it could be opened. */
  gone: boolean;
  onOpenInLog: (seq: number) => void;
}

/** The decoded form of the selected entry and its packet's bytes as a hex dump. */
export function TraceDetail({ detail, gone, onOpenInLog }: TraceDetailProps) {
  if (gone) return <div class="trace-detail empty">This entry is no longer in the trace (evicted).</div>;
  if (!detail) return <div class="trace-detail empty">Select an entry to see every field and its bytes.</div>;
  const { entry } = detail;
  const decoded: Record<string, unknown> = { ...entry.fields };
  if (entry.packetId !== undefined) decoded.packetId = entry.packetId;
  if (entry.reason !== undefined) decoded.reason = entry.reason;
  if (entry.properties !== undefined) decoded.properties = entry.properties;
  if (entry.bytes !== undefined) decoded.bytes = entry.bytes;
  if (entry.acks !== undefined) decoded.acks = entry.acks.map((a) => `${a.type.toUpperCase()} after ${a.ms} ms`);
  const hex = detail.bytes ? hexDump(detail.bytes) : undefined;
  const notes = [
    detail.payloadOmitted > 0 ? `${detail.payloadOmitted.toLocaleString('en-US')} more payload bytes not kept.` : '',
    detail.withheld.length > 0 ? `Left out of these bytes (secret): ${detail.withheld.join(', ')}.` : '',
  ].filter((n) => n !== '');
  return (
    <div class="trace-detail" data-testid="trace-detail">
      <div class="trace-detail-head">
        <strong>{`${entry.type.toUpperCase()} ${entry.dir === 'in' ? 'received' : entry.dir === 'out' ? 'sent' : ''}`}</strong>
        <span>{` ${new Date(entry.at).toISOString()} ${ackText(entry)}`}</span>
        {entry.seq !== undefined && detail.inLog ? (
          <Button
            appearance="secondary"
            testId="trace-open-in-log"
            onClick={() => {
              onOpenInLog(entry.seq ?? 0);
            }}
          >
            Show in Log
          </Button>
        ) : entry.seq !== undefined ? (
          <span class="muted"> The log no longer holds this message.</span>
        ) : null}
      </div>
      <pre class="trace-decoded" data-testid="trace-decoded">
        {JSON.stringify(decoded, null, 2)}
      </pre>
      {hex?.ok ? (
        <pre class="trace-hex" data-testid="trace-hex">
          {hex.text}
        </pre>
      ) : (
        <div class="muted">A transport event: no packet bytes.</div>
      )}
      {notes.map((n) => (
        <div key={n} class="muted" data-testid="trace-hex-note">
          {n}
        </div>
      ))}
    </div>
  );
}
