import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import { MAX_WATCHED, type TopicRow, type TopicSort } from '../../shared/topics/topicsProtocol';
import type { LogChannel } from '../log/logChannel';
import { Button } from '../toolkit/Button';
import { Dropdown } from '../toolkit/Dropdown';
import { TextField } from '../toolkit/TextField';
import { VirtualList } from '../virtualList/VirtualList';
import { TopicTreeRow } from './TopicTreeRow';
import type { TopicPaneModel } from './topicPaneModel';
import { formatCompact } from './topicFormat';
import { TopicActions } from './TopicActions';

/** Must match `--row-height` in log.css. */
const ROW_HEIGHT = 22;
const OVERSCAN = 8;
/** Typing pauses this long before a search is sent. */
const SEARCH_DELAY_MS = 200;
/** "Time since last" is coarse (seconds): the rows on screen repaint this often even with no new stats. */
const AGE_TICK_MS = 1000;

const SORT_OPTIONS: readonly { value: TopicSort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'count', label: 'Count' },
  { value: 'rate', label: 'Rate' },
  { value: 'bytes', label: 'Bytes' },
];

export interface TopicsPaneProps {
  tree: TopicPaneModel;
  channel: LogChannel;
  /** The node whose messages the log shows, if one was chosen. */
  selectedPath: string | undefined;
  /** A node was chosen (click, Enter or Space): the log filters to it. */
  onSelect: (row: TopicRow) => void;
  /** Fill the publish panel's topic. */
  onPublish: (topic: string) => void;
  onClose: () => void;
}

/**
 * Every topic received on the connection as a tree (ARIA `tree`, virtualised: only the rows on
 * screen are in the DOM), with count, rate, bytes, time since last, retained marker, topics below
 * and, for a topic, its last payload. The list keeps focus and points at the row the keyboard is on
 * (`aria-activedescendant`), since the row elements come and go as the list scrolls.
 */
export function TopicsPane({ tree, channel, selectedPath, onSelect, onPublish, onClose }: TopicsPaneProps) {
  const [, render] = useReducer((n: number) => n + 1, 0);
  const [cursor, setCursor] = useState(0);
  const [search, setSearch] = useState(tree.query);
  const [scrollTo, setScrollTo] = useState<{ index: number; token: number } | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());
  const range = useRef({ first: 0, last: -1, top: 0, visible: 0 });
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useLayoutEffect(() => {
    const stop = [
      tree.subscribe(() => {
        render(0);
      }),
      channel.on('topics/changed', ({ rows, totals, structureChanged }) => {
        tree.applyChanged(rows, totals, structureChanged);
      }),
    ];
    tree.reset();
    const tick = setInterval(() => {
      setNow(Date.now());
    }, AGE_TICK_MS);
    return () => {
      for (const s of stop) s();
      clearInterval(tick);
      clearTimeout(searchTimer.current);
      tree.watchPaths([]);
    };
  }, [tree, channel]);

  // The nodes on screen are the ones the host sends stats for; rows still missing are fetched.
  useEffect(() => {
    const { first, last } = range.current;
    tree.ensureLines(first, last);
    const paths: string[] = [];
    for (let i = first; i <= last && paths.length < MAX_WATCHED; i++) {
      const row = tree.rowAt(tree.lines[i]);
      if (row) paths.push(row.path);
    }
    tree.watchPaths(paths);
  });

  const lines = tree.lines;
  const at = Math.min(cursor, Math.max(0, lines.length - 1));
  const cursorRow = tree.rowAt(lines[at]);

  /** Moves the keyboard's row, scrolling just enough to keep it on screen. */
  const moveTo = (index: number): void => {
    const target = Math.max(0, Math.min(lines.length - 1, index));
    setCursor(target);
    const { top, visible } = range.current;
    if (target < top) setScrollTo({ index: target, token: Date.now() + Math.random() });
    else if (visible > 0 && target >= top + visible) setScrollTo({ index: target - visible + 1, token: Date.now() + Math.random() });
  };

  const toggle = (row: TopicRow): void => {
    if (!row.hasChildren) return;
    if (tree.isExpanded(row.path)) tree.collapse(row.path);
    else tree.expand(row.path);
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    const row = cursorRow;
    const page = Math.max(1, range.current.visible - 1);
    if (e.key === 'ArrowDown') moveTo(at + 1);
    else if (e.key === 'ArrowUp') moveTo(at - 1);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(lines.length - 1);
    else if (e.key === 'PageDown') moveTo(at + page);
    else if (e.key === 'PageUp') moveTo(at - page);
    else if (e.key === 'ArrowRight') {
      if (row?.hasChildren && !tree.isExpanded(row.path)) tree.expand(row.path);
      else if (row?.hasChildren) moveTo(at + 1);
    } else if (e.key === 'ArrowLeft') {
      if (row?.hasChildren && tree.isExpanded(row.path)) tree.collapse(row.path);
      else {
        const parent = tree.parentLine(at);
        if (parent >= 0) moveTo(parent);
      }
    } else if (e.key === 'Enter' || e.key === ' ') {
      if (row) onSelect(row);
    } else return;
    e.preventDefault();
  };

  const totals = tree.totals;
  return (
    <section class="topics-pane" aria-label="Topics" data-testid="topics-pane">
      <div class="topics-toolbar">
        <TextField
          class="topics-search"
          label="Search topics"
          placeholder="name, or a filter: sensors/+/temp"
          value={search}
          testId="topics-search"
          onInput={(query) => {
            setSearch(query);
            clearTimeout(searchTimer.current);
            searchTimer.current = setTimeout(() => {
              setCursor(0);
              tree.setQuery(query.trim());
            }, SEARCH_DELAY_MS);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            clearTimeout(searchTimer.current);
            setCursor(0);
            tree.setQuery(search.trim());
          }}
        />
        <Dropdown
          label="Sort"
          value={tree.sort}
          options={SORT_OPTIONS}
          testId="topics-sort"
          onChange={(sort) => {
            setCursor(0);
            tree.setSort(sort);
          }}
        />
        <Button appearance="icon" title="Close the Topics pane" testId="topics-close" onClick={onClose}>
          ✕
        </Button>
      </div>
      <p class="topics-totals" data-testid="topics-totals">
        {totals ? `${totals.topics.toLocaleString('en-US')} topics · ${totals.messages.toLocaleString('en-US')} messages` : 'Loading topics…'}
        {totals && totals.untrackedTopics > 0 && (
          <span class="topics-untracked" data-testid="topics-untracked" title={`The index tracks at most ${totals.maxTracked.toLocaleString('en-US')} topics (tracemq.topics.maxTracked); messages on the others are still in the log.`}>
            {' '}
            · {totals.untrackedTopics.toLocaleString('en-US')} topics not tracked ({formatCompact(totals.untrackedMessages)} messages)
          </span>
        )}
      </p>
      {tree.error && (
        <p class="topics-error" role="alert" data-testid="topics-error">
          {tree.error}
        </p>
      )}
      <div
        class="topics-list"
        onClick={(e) => {
          const el = (e.target as Element | null)?.closest<HTMLElement>('.topic-row[data-line]');
          if (!el) return;
          const index = Number(el.dataset.line);
          const row = tree.rowAt(lines[index]);
          setCursor(index);
          if (!row) return;
          if ((e.target as Element).closest('.twisty')) toggle(row);
          else onSelect(row);
        }}
      >
        <VirtualList
          class="topics-rows"
          label="Topics"
          role="tree"
          count={lines.length}
          origin={0}
          rowHeight={ROW_HEIGHT}
          overscan={OVERSCAN}
          stickToEnd={false}
          scrollTo={scrollTo}
          activeDescendant={lines.length > 0 ? `topic-line-${at}` : undefined}
          renderRow={(index, top) => {
            const line = lines[index];
            if (!line) return null;
            const row = tree.rowAt(line);
            return (
              <TopicTreeRow
                key={row ? `p:${row.path}` : `l:${index}`}
                line={index}
                level={line.level}
                row={row}
                top={top}
                expanded={row !== undefined && tree.isExpanded(row.path)}
                selected={row !== undefined && row.path === selectedPath}
                active={index === at}
                showPath={tree.query !== ''}
                now={now}
              />
            );
          }}
          onRangeChange={(_origin, first, last, visibleRows) => {
            range.current = { first, last, top: first === 0 ? 0 : first + OVERSCAN, visible: visibleRows };
            render(0);
          }}
          onLeaveEnd={() => undefined}
          onReachEnd={() => undefined}
          onKeyDown={onKeyDown}
        />
        {totals && lines.length === 0 && (
          <p class="log-empty" data-testid="topics-empty">
            {tree.query === '' ? 'No topics yet.' : 'No topic matches.'}
          </p>
        )}
      </div>
      {cursorRow && <TopicActions row={cursorRow} channel={channel} onPublish={onPublish} />}
    </section>
  );
}
