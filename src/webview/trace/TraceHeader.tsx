import type { TraceState } from '../../shared/trace/traceProtocol';

const n = (x: number): string => x.toLocaleString('en-US');

/** The connection, what the trace holds and what it did not keep, in words. */
export function TraceHeader({ state, shown }: { state: TraceState | undefined; shown: number }) {
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
      <span data-testid="trace-counts">{` · ${n(shown)} shown of ${n(c.size)} entries`}</span>
      {notKept.length > 0 ? <span class="trace-dropped" data-testid="trace-not-kept">{` · ${notKept.join(' · ')}`}</span> : null}
      {state.startedLate ? <div class="muted">Traced from when this view opened: the CONNECT and the handshake came before. Reconnect to see them, or turn on tracemq.trace.enabled.</div> : null}
      {!state.tracing ? <div class="muted">The trace is stopped.</div> : null}
    </div>
  );
}
