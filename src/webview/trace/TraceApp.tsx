import { useEffect, useRef, useState } from 'preact/hooks';
import { NO_TRACE_FILTER, type TraceFilter } from '../../shared/trace/traceFilter';
import { MAX_TRACE_ROWS, type TraceEntryDetail, type TraceRowWindow, type TraceState } from '../../shared/trace/traceProtocol';
import { VirtualList } from '../virtualList/VirtualList';
import type { TraceChannel } from './traceChannel';
import { TraceDetail } from './TraceDetail';
import { TraceFilterBar } from './TraceFilterBar';
import { TraceHeader } from './TraceHeader';
import { TraceRow } from './TraceRow';

/** Must match --row-height in trace.css. */
export const TRACE_ROW_HEIGHT = 22;
/** Rows fetched around the visible ones, so that a small scroll needs no request. */
const MARGIN = 20;

/**
 * The protocol trace view: header with the counters, filters, the virtual-scrolling timeline and
 * the detail of the selected entry. The host owns the trace; the view asks for the rows it shows,
 * again whenever the host says the trace moved on (at most ~10 times a second).
 */
export function TraceApp({ channel }: { channel: TraceChannel }) {
  const [state, setState] = useState<TraceState | undefined>(undefined);
  const [filter, setFilter] = useState<TraceFilter>(NO_TRACE_FILTER);
  const [packetIdText, setPacketIdText] = useState('');
  const [win, setWin] = useState<TraceRowWindow>({ total: 0, from: 0, rows: [], size: 0 });
  const [follow, setFollow] = useState(true);
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [opened, setOpened] = useState<{ detail?: TraceEntryDetail; gone: boolean } | undefined>(undefined);

  // What the next fetch asks for, read when it is made (not when the callback was created).
  const latest = useRef({ filter, follow, first: 0, last: 0, visible: 30 });
  latest.current.filter = filter;
  latest.current.follow = follow;
  const asked = useRef(0);
  const run = useRef<number | undefined>(undefined);
  const changes = useRef<number | undefined>(undefined);

  const fetchRows = (): void => {
    const l = latest.current;
    const ticket = ++asked.current;
    const from = Math.max(0, l.first - MARGIN);
    const count = Math.min(MAX_TRACE_ROWS, l.follow ? l.visible + MARGIN : l.last - from + 1 + MARGIN);
    void channel.request('trace/rows/get', { filter: l.filter, from, count: Math.max(1, count), tail: l.follow }).then(
      (result) => {
        if (ticket === asked.current) setWin(result);
      },
      () => undefined,
    );
  };

  useEffect(() => {
    const off = channel.on('trace/state', (s) => {
      if (run.current !== undefined && run.current !== s.run) {
        // Another trace of the connection (stopped, or started again): its ids mean other entries.
        setSelected(undefined);
        setOpened(undefined);
      }
      const moved = run.current !== s.run || changes.current !== s.changes;
      run.current = s.run;
      changes.current = s.changes;
      setState(s);
      // A post that only moves the counters (publishes not kept, during a flood) asks for no rows.
      if (moved) fetchRows();
    });
    channel.notify('trace/ready', {});
    return off;
  }, [channel]);

  useEffect(() => {
    fetchRows();
  }, [filter, follow]);

  const select = (id: number): void => {
    setSelected(id);
    setOpened(undefined);
    void channel.request('trace/entry/get', { id }).then(
      (r) => {
        setOpened(r.detail ? { detail: r.detail, gone: false } : { gone: true });
      },
      () => undefined,
    );
  };

  return (
    <div class="trace-app" data-testid="trace-view">
      <TraceHeader state={state} rows={win} />
      <TraceFilterBar
        filter={filter}
        packetIdText={packetIdText}
        onChange={(f, text) => {
          setFilter(f);
          setPacketIdText(text);
        }}
      />
      <VirtualList
        class="trace-list"
        label="Protocol trace"
        count={win.total}
        origin={0}
        rowHeight={TRACE_ROW_HEIGHT}
        overscan={follow ? 3 : 10}
        stickToEnd={follow}
        renderRow={(index, top) => {
          const entry = win.rows[index - win.from];
          if (!entry) return <div key={`p${index}`} class="trace-row pending" style={{ top: `${top}px` }} />;
          return <TraceRow key={entry.id} entry={entry} top={top} selected={entry.id === selected} onSelect={select} />;
        }}
        onRangeChange={(_origin, first, last, visible) => {
          const l = latest.current;
          l.first = first;
          l.last = last;
          l.visible = visible;
          if (!l.follow && (first < win.from || last >= win.from + win.rows.length)) fetchRows();
        }}
        onLeaveEnd={() => {
          setFollow(false);
        }}
        onReachEnd={() => {
          setFollow(true);
        }}
      />
      <TraceDetail
        detail={opened?.detail}
        gone={opened?.gone === true}
        onOpenInLog={(seq) => {
          channel.notify('trace/openInLog', { seq });
        }}
      />
    </div>
  );
}
