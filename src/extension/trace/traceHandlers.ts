import type { TraceEntry } from '../../shared/trace/traceEntry';
import { matchesTraceFilter, type TraceFilter } from '../../shared/trace/traceFilter';
import { traceProtocol, type TraceEntryDetail, type TraceState } from '../../shared/trace/traceProtocol';
import type { Disposable } from '../base/emitter';
import type { WebviewRouter } from '../ipc/webviewRouter';
import type { ProtocolTrace } from './protocolTrace';

/** How often at most the view is told that the trace moved on (it then asks for its rows). */
export const TRACE_POST_INTERVAL_MS = 100;

/** What the trace view's handlers need besides the trace. */
export interface TraceViewHost {
  trace: ProtocolTrace;
  state(): Omit<TraceState, 'counters' | 'endId'>;
  /** Whether the log's store still holds this message (same seq, same topic). */
  inLog(seq: number, topic: string): boolean;
  openInLog(seq: number): void;
}

/** The rows of a filtered timeline (a window of it, or its tail). */
export function traceRows(trace: ProtocolTrace, filter: TraceFilter, from: number, count: number, tail: boolean): { total: number; from: number; rows: TraceEntry[] } {
  const topic = filter.topic?.toLowerCase();
  const matches: TraceEntry[] = [];
  for (const e of trace.entries()) if (matchesTraceFilter(e, filter, topic)) matches.push(e);
  const start = tail ? Math.max(0, matches.length - count) : Math.min(from, matches.length);
  return { total: matches.length, from: start, rows: matches.slice(start, start + count) };
}

/**
 * Answers the trace view (traceProtocol) and tells it, at most every TRACE_POST_INTERVAL_MS, that
 * the trace changed. Nothing is posted before the view said it is ready.
 */
export function registerTraceHandlers(router: WebviewRouter, host: TraceViewHost): Disposable {
  const notify = router.notifier(traceProtocol);
  let ready = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const post = (): void => {
    timer = undefined;
    void notify('trace/state', { ...host.state(), counters: host.trace.counters, endId: host.trace.endId });
  };
  const changed = host.trace.onDidChange(() => {
    if (ready && timer === undefined) timer = setTimeout(post, TRACE_POST_INTERVAL_MS);
  });
  const registration = router.register(traceProtocol, {
    'trace/rows/get': ({ filter, from, count, tail }) => traceRows(host.trace, filter, from, count, tail),
    'trace/entry/get': ({ id }) => {
      const entry = host.trace.entry(id);
      if (!entry) return { gone: true as const };
      const bytes = host.trace.bytesOf(id);
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
      changed.dispose();
      registration.dispose();
    },
  };
}
