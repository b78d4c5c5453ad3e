import { useEffect, useRef, useState } from 'preact/hooks';
import { keyHint } from './keyHint';
import type { LogFilter } from '../../shared/log/logFilter';
import type { QoS } from '../../shared/mqtt/publishShapes';
import { topicFilterError } from '../../shared/mqtt/topicFilter';
import type { LogStore } from './logStore';
import { Button } from '../toolkit/Button';
import { Checkbox } from '../toolkit/Checkbox';
import { Dropdown } from '../toolkit/Dropdown';
import { TextField } from '../toolkit/TextField';
import { sameItems, useLogStore } from './useLogStore';

/** Typing pauses this long before the filter is sent (Enter sends at once). */
const TYPING_DELAY_MS = 350;

type QosChoice = 'any' | '0' | '1' | '2';

const QOS_OPTIONS: readonly { value: QosChoice; label: string }[] = [
  { value: 'any', label: 'Any QoS' },
  { value: '0', label: 'QoS 0' },
  { value: '1', label: 'QoS 1' },
  { value: '2', label: 'QoS 2' },
];

interface Draft {
  topic: string;
  text: string;
  regex: boolean;
  matchCase: boolean;
  qos: QosChoice;
  retainedOnly: boolean;
}

const EMPTY: Draft = { topic: '', text: '', regex: false, matchCase: false, qos: 'any', retainedOnly: false };

function draftOf(filter: LogFilter | null | undefined): Draft {
  if (!filter) return EMPTY;
  const qos = filter.qos?.length === 1 ? (String(filter.qos[0]) as QosChoice) : 'any';
  return {
    topic: filter.topic ?? '',
    text: filter.text ?? '',
    regex: filter.regex ?? false,
    matchCase: filter.matchCase ?? false,
    qos,
    retainedOnly: filter.retainedOnly ?? false,
  };
}

/** The filter a draft asks for, or null when it narrows nothing. */
export function filterOf(d: Draft): LogFilter | null {
  const filter: LogFilter = {};
  if (d.topic.trim() !== '') filter.topic = d.topic.trim();
  if (d.text !== '') {
    filter.text = d.text;
    if (d.regex) filter.regex = true;
    if (d.matchCase) filter.matchCase = true;
  }
  if (d.qos !== 'any') filter.qos = [Number(d.qos) as QoS];
  if (d.retainedOnly) filter.retainedOnly = true;
  return Object.keys(filter).length === 0 ? null : filter;
}

export interface LogFilterBarProps {
  store: LogStore;
  /** The filter the toolbar held when the view was last open. */
  initial: LogFilter | undefined;
  /** Sends the filter to the host; rejects with the host's reason when it cannot be applied. */
  apply: (filter: LogFilter | null) => Promise<void>;
  /** Keeps the toolbar's filter across hide/show and reload. */
  remember: (filter: LogFilter | undefined) => void;
  /** A topic filter set from outside (a node chosen in the Topics tree): put in the field and sent at once. */
  topicRequest?: { topic: string; token: number } | undefined;
  /** Bumped to clear the filter from outside (the trace's "Show in Log" of a message it hides), as Clear filter does. */
  clearRequest?: number;
}

/**
 * Topic filter (`+`/`#`), payload text or regular expression, QoS and retained-only. The host
 * applies the filter over the whole store (never the webview); this bar only edits it, checks
 * the topic filter before sending, and shows what the host said (an invalid regex, progress).
 */
/** What the bar shows of the store: the host's filter, its error and progress, and, filtered, how many match. */
function filterSlice(s: LogStore): unknown[] {
  const filtering = s.counters.filtering;
  return [s.filter, s.filterError, filtering?.scanned, filtering?.total, s.filter ? s.shown : 0, s.filter ? s.counters.stored : 0];
}

export function LogFilterBar({ store, initial, apply, remember, topicRequest, clearRequest }: LogFilterBarProps) {
  useLogStore(store, filterSlice, sameItems);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [error, setError] = useState<string | undefined>(undefined);
  const sent = useRef<string>(JSON.stringify(null));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const send = (d: Draft): void => {
    clearTimeout(timer.current);
    const topicProblem = d.topic.trim() === '' ? undefined : topicFilterError(d.topic.trim());
    if (topicProblem) {
      setError(`Topic filter: ${topicProblem}`);
      return;
    }
    const filter = filterOf(d);
    const key = JSON.stringify(filter);
    remember(filter ?? undefined);
    if (key === sent.current) {
      setError(undefined);
      return;
    }
    sent.current = key;
    apply(filter).then(
      () => {
        setError(undefined);
      },
      (e: unknown) => {
        // Not applied: the host still shows the previous filter.
        sent.current = JSON.stringify(store.filter);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };

  const change = (update: Partial<Draft>, now: boolean): void => {
    const next = { ...draft, ...update };
    setDraft(next);
    clearTimeout(timer.current);
    if (now) send(next);
    else
      timer.current = setTimeout(() => {
        send(next);
      }, TYPING_DELAY_MS);
  };

  // The filter the view had before a reload is sent again once the host is there.
  useEffect(() => {
    if (filterOf(draft) !== null) send(draft);
    return () => {
      clearTimeout(timer.current);
    };
  }, []);

  useEffect(() => {
    if (topicRequest) change({ topic: topicRequest.topic }, true);
  }, [topicRequest?.token]);

  useEffect(() => {
    if (clearRequest) change(EMPTY, true);
  }, [clearRequest]);

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter') send(draft);
    else if (e.key === 'Escape') change(EMPTY, true);
  };

  const counters = store.counters;
  const hostError = store.filterError;
  const status =
    error ?? hostError ?? (counters.filtering
      ? `Filtering… ${Math.floor((100 * counters.filtering.scanned) / Math.max(1, counters.filtering.total))}% of ${counters.filtering.total.toLocaleString('en-US')} stored messages`
      : store.filter
        ? `${store.shown.toLocaleString('en-US')} of ${counters.stored.toLocaleString('en-US')} stored messages match`
        : undefined);

  return (
    <div class="filter-bar" role="search" aria-label="Filter the log" data-testid="filter-bar">
      <TextField
        class="filter-topic"
        label="Topic filter"
        placeholder="sensors/+/temp, #"
        value={draft.topic}
        testId="filter-topic"
        title={`Topic filter, + and # allowed${keyHint('focusFilter')}`}
        onKeyDown={onKeyDown}
        onInput={(topic) => {
          change({ topic }, false);
        }}
      />
      <TextField
        class="filter-text"
        label={draft.regex ? 'Payload (regular expression)' : 'Payload contains'}
        placeholder={draft.regex ? '"temp":\\s*2\\d' : 'text to find'}
        value={draft.text}
        testId="filter-text"
        onKeyDown={onKeyDown}
        onInput={(text) => {
          change({ text }, false);
        }}
      />
      <div class="filter-toggles">
        <Checkbox label="Regex" checked={draft.regex} testId="filter-regex" onChange={(regex) => { change({ regex }, true); }} />
        <Checkbox label="Match case" checked={draft.matchCase} testId="filter-case" onChange={(matchCase) => { change({ matchCase }, true); }} />
        <Checkbox label="Retained only" checked={draft.retainedOnly} testId="filter-retained" onChange={(retainedOnly) => { change({ retainedOnly }, true); }} />
      </div>
      <Dropdown label="QoS" value={draft.qos} options={QOS_OPTIONS} testId="filter-qos" onChange={(qos) => { change({ qos }, true); }} />
      {filterOf(draft) !== null && (
        <Button appearance="secondary" testId="filter-clear" title="Show every message (Escape)" onClick={() => { change(EMPTY, true); }}>
          Clear filter
        </Button>
      )}
      {status !== undefined && (
        <p class={`filter-status${error ?? hostError ? ' error' : ''}`} data-testid="filter-status" role={error ?? hostError ? 'alert' : 'status'}>
          {status}
        </p>
      )}
    </div>
  );
}
