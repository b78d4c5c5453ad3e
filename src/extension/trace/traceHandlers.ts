import type { TraceEntry } from '../../shared/trace/traceEntry';
import { matchesTraceFilter, type TraceFilter } from '../../shared/trace/traceFilter';
import { traceProtocol, type TraceEntryDetail, type TraceRowWindow, type TraceState } from '../../shared/trace/traceProtocol';
import type { Disposable, Event } from '../base/emitter';
import type { WebviewRouter } from '../ipc/webviewRouter';
import type { ProtocolTrace } from './protocolTrace';

/** How often at most the view is told that the trace moved on (it then asks for its rows). */
export const TRACE_POST_INTERVAL_MS = 100;

/** What the trace view's handlers need: the connection's trace, which may stop and start again while the view is open. */
export interface TraceViewHost {
  /** The connection's trace now, or undefined while it is not traced. */
  trace(): ProtocolTrace | undefined;
  /** Fires when the connection's trace started or stopped. */
  onDidChangeTrace: Event<unknown>;
  state(): Omit<TraceState, 'counters' | 'endId' | 'tracing' | 'run' | 'changes'>;
  /** Whether the log's store still holds this message (same seq, same topic). */
  inLog(seq: number, topic: string): boolean;
  openInLog(seq: number): void;
}

const NO_COUNTERS = { size: 0, evicted: 0, dropped: 0, droppedThisSecond: 0 };

/** The rows of a filtered timeline (a window of it, or its tail), with the trace's size from the same pass. */
export function traceRows(trace: ProtocolTrace | undefined, filter: TraceFilter, from: number, count: number, tail: boolean): TraceRowWindow {
  if (!trace) return { total: 0, from: 0, rows: [], size: 0 };
  const topic = filter.topic?.toLowerCase();
  const matches: TraceEntry[] = [];
  let size = 0;
  for (const e of trace.entries()) {
    size++;
    if (matchesTraceFilter(e, filter, topic)) matches.push(e);
  }
  const start = tail ? Math.max(0, matches.length - count) : Math.min(from, matches.length);
  return { total: matches.length, from: start, rows: matches.slice(start, start + count), size };
}

/**
 * Answers the trace view (traceProtocol) and tells it, at most every TRACE_POST_INTERVAL_MS, that
 * the trace changed; at once when the connection's trace stopped or started again. Nothing is
 * posted before the view said it is ready.
 */
export function registerTraceHandlers(router: WebviewRouter, host: TraceViewHost): Disposable {
  const notify = router.notifier(traceProtocol);
  let ready = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let run = 0;
  let changes = 0;
  const post = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const trace = host.trace();
    const counters = trace?.counters ?? NO_COUNTERS;
    void notify('trace/state', { ...host.state(), tracing: trace !== undefined, run, counters, endId: trace?.endId ?? 0, changes });
    // A publish the rate budget does not keep fires nothing (a flood pays one comparison a packet),
    // so while some are being counted, look again: the view's counts then settle once the flood
    // ends ("not kept in this second" gone, the total final) instead of waiting for the next entry.
    if (counters.droppedThisSecond > 0) timer = setTimeout(post, TRACE_POST_INTERVAL_MS);
  };
  const onTraceChange = (): void => {
    changes++;
    if (ready && timer === undefined) timer = setTimeout(post, TRACE_POST_INTERVAL_MS);
  };
  let bound = host.trace();
  let changed = bound?.onDidChange(onTraceChange);
  const traceSwitched = host.onDidChangeTrace(() => {
    const next = host.trace();
    if (next === bound) return;
    changed?.dispose();
    bound = next;
    changed = bound?.onDidChange(onTraceChange);
    run++;
    // Stopped or started again: said at once, so the view never shows a stopped trace as live.
    if (ready) post();
  });
  const registration = router.register(traceProtocol, {
    'trace/rows/get': ({ filter, from, count, tail }) => traceRows(bound, filter, from, count, tail),
    'trace/entry/get': ({ id }) => {
      const entry = bound?.entry(id);
      if (!bound || !entry) return { gone: true as const };
      const bytes = bound.bytesOf(id);
      const detail: TraceEntryDetail = {
        entry,
        payloadOmitted: bytes?.payloadOmitted ?? 0,
        withheld: bytes?.withheld ?? [],
        inLog: entry.seq !== undefined && entry.topic !== undefined && host.inLog(entry.seq, entry.topic),
      };
      if (bytes) detail.bytes = bytes.bytes;
      return { detail };
    },
    'trace/ready': () => {
      ready = true;
      post();
    },
    'trace/openInLog': ({ seq }) => {
      host.openInLog(seq);
    },
  });
  return {
    dispose: () => {
      clearTimeout(timer);
      changed?.dispose();
      traceSwitched.dispose();
      registration.dispose();
    },
  };
}
