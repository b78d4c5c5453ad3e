/**
 * The protocol trace view's protocol (its own panel, one per connection). The view pulls: it asks
 * for the rows of its window (`trace/rows/get`) and for one entry's detail and bytes when a row is
 * opened (`trace/entry/get`); the host tells it, at most ~10 times a second, that the trace moved on
 * (`trace/state`), and the view asks again for what it shows.
 */

import { isCount, isRecord, noParams, type WebviewProtocol } from '../ipc/webviewProtocol';
import type { TraceCounters, TraceEntry } from './traceEntry';
import { traceFilterOf, type TraceFilter } from './traceFilter';

/** Rows asked for at most at once (a screen and its overscan). */
export const MAX_TRACE_ROWS = 500;

/** What the view is told about its trace. */
export interface TraceState {
  /** The connection's profile name. */
  connection: string;
  /**
   * Whether the connection is traced. False once its trace stopped (turning `tracemq.trace.enabled`
   * off stops the traces it started): the entries were freed and the view shows none.
   */
  tracing: boolean;
  /** Which trace of the connection this is: a new number each time its trace starts again (entry ids start again too). */
  run: number;
  /** Set when the trace began on a live connection: its CONNECT and handshake were before it. */
  startedLate: boolean;
  counters: TraceCounters;
  /** One past the newest entry id. */
  endId: number;
  /**
   * Bumped whenever an entry was added or changed (an ack paired, an unanswered mark): the view
   * fetches its rows again when it moved, and only then (a post that only updates the counters,
   * as during a flood beyond the rate budget, re-renders the header alone).
   */
  changes: number;
}

/** An opened entry: its decoded form and bytes. */
export interface TraceEntryDetail {
  entry: TraceEntry;
  /** The packet's bytes (transport events have none). */
  bytes?: Uint8Array;
  /** PUBLISH payload bytes after the kept head, not in `bytes`. */
  payloadOmitted: number;
  /** Secret fields left out of `bytes` (so they differ from the wire there). */
  withheld: string[];
  /** A received PUBLISH whose message the log still holds. */
  inLog: boolean;
}

/** A window of the filtered timeline, and how many entries the trace held when it was cut (one snapshot of both). */
export interface TraceRowWindow {
  /** Entries that pass the filter. */
  total: number;
  /** Position of `rows[0]` among them. */
  from: number;
  rows: TraceEntry[];
  /** Entries the trace held (filtered or not), counted in the same pass as `total`, so `total <= size`. */
  size: number;
}

/** Requests the trace view may send. */
export interface TraceRequests {
  /** Rows of the filtered timeline: `count` from position `from`, or the last `count` with `tail`. */
  'trace/rows/get': { params: { filter: TraceFilter; from: number; count: number; tail: boolean }; result: TraceRowWindow };
  /** One entry's full form and bytes, or `gone` when the ring no longer holds it. */
  'trace/entry/get': { params: { id: number }; result: { detail?: TraceEntryDetail; gone?: true } };
}

/** Notifications the trace view may send. */
export interface TraceNotifications {
  /** The view listens: send the state. */
  'trace/ready': Record<string, never>;
  /** Open the log of this connection and reveal a received PUBLISH there: scrolled to, selected and opened. */
  'trace/openInLog': { seq: number };
}

/** Notifications the host sends the trace view. */
export interface TraceHostNotifications {
  /** The trace's state (after ready, and when it changed, throttled). */
  'trace/state': TraceState;
}

export const traceProtocol: WebviewProtocol<TraceRequests, TraceNotifications, TraceHostNotifications> = {
  requests: {
    'trace/rows/get': (p) => {
      if (!isRecord(p) || !isCount(p.from) || !isCount(p.count) || p.count > MAX_TRACE_ROWS || typeof p.tail !== 'boolean') return undefined;
      const filter = traceFilterOf(p.filter);
      return filter ? { filter, from: p.from, count: p.count, tail: p.tail } : undefined;
    },
    'trace/entry/get': (p) => (isRecord(p) && isCount(p.id) ? { id: p.id } : undefined),
  },
  notifications: {
    'trace/ready': noParams,
    'trace/openInLog': (p) => (isRecord(p) && isCount(p.seq) ? { seq: p.seq } : undefined),
  },
};
