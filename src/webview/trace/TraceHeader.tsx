import type { TraceRowWindow, TraceState } from '../../shared/trace/traceProtocol';

const n = (x: number): string => x.toLocaleString('en-US');

/**
 * The connection, what the trace holds and what it did not keep, in words. "N shown of M entries"
 * comes from one answer of the host (`rows`: both counted in the same pass), never from two posts
 * that may have crossed.
 */
export function TraceHeader({ state, rows }: { state: TraceState | undefined; rows: Pick<TraceRowWindow, 'total' | 'size'> }) {
  if (!state) return <div class="trace-header">Waiting for the trace…</div>;
  const c = state.counters;
  const notKept = [
    c.evicted > 0 ? `${n(c.evicted)} older entries evicted` : '',
    c.droppedThisSecond > 0 ? `${n(c.droppedThisSecond)} publishes not kept in this second` : '',
    c.dropped > 0 ? `${n(c.dropped)} publishes and acks not kept in all (rate budget)` : '',
  ].filter((s) => s !== '');
  return (
    <div class="trace-header" data-testid="trace-header">
      <strong>{state.connection}</strong>
      <span data-testid="trace-counts">{` · ${n(rows.total)} shown of ${n(rows.size)} entries`}</span>
      {notKept.length > 0 ? <span class="trace-dropped" data-testid="trace-not-kept">{` · ${notKept.join(' · ')}`}</span> : null}
      {state.startedLate ? <div class="muted">Traced from when this view opened: the CONNECT and the handshake came before. Reconnect to see them, or turn on tracemq.trace.enabled.</div> : null}
      {!state.tracing ? (
        <div class="trace-stopped" role="status" data-testid="trace-stopped">
          Trace stopped: its entries were freed (turning off tracemq.trace.enabled stops the traces it started). Run TraceMQ: Show Protocol Trace to trace this connection again.
        </div>
      ) : null}
    </div>
  );
}
