import type { ComponentChild, ComponentChildren } from 'preact';
import { useCallback, useLayoutEffect, useState } from 'preact/hooks';
import { useLogChannel, type LogChannel } from './logChannel';
import { LogHeader } from './LogHeader';
import { LogFilterBar } from './LogFilterBar';
import { LogList } from './LogList';
import { LogStore } from './logStore';
import { MessageDetail } from '../detail/MessageDetail';
import { PublishPanel } from '../publish/PublishPanel';
import { ServerInfoPane } from '../connection/ServerInfoPane';
import { SubscriptionsPanel } from '../connection/SubscriptionsPanel';
import { sameItems, useLogStore } from './useLogStore';
import { UiStateStore, type ReservedHeights } from './uiStateStore';
import { useAfterFirstPaint } from './useAfterFirstPaint';
import { DeferredSlot } from '../layout/DeferredSlot';
import { useVsCodeApi } from '../ipc/vscodeApi';
import { useLogKeys } from './useLogKeys';
import { markStartup } from './startupMarks';
import { showEmbeddedSnapshot } from './showEmbeddedSnapshot';
import { PaneArea } from '../layout/PaneArea';
import type { PaneLayout } from '../layout/paneLayout';
import { TopicPaneModel } from '../topics/topicPaneModel';
import { TopicsPane } from '../topics/TopicsPane';
import { TopicDetail } from '../topics/TopicDetail';
import { useTopicSelection, type TopicSelection } from '../topics/useTopicSelection';
import { RevealNotice } from '../traceLink/RevealNotice';

/**
 * Heights (px) kept for the filter bar and the publish panel (open, or folded to its heading) until
 * they mount, at the first opening of a view (later ones keep the heights they last had): what
 * they take at the default font size in a window wide enough for one row of fields.
 */
const FILTER_BAR_HEIGHT = 56;
const PUBLISH_PANEL_HEIGHT = 227;
const PUBLISH_HEADING_HEIGHT = 30;

/**
 * The log view: wires host notifications into the store, says "ready" once listening, and keeps the
 * follow flag and the connection's key (which the host needs to restore the view) in the saved state.
 */
export function LogApp() {
  const api = useVsCodeApi();
  const channel = useLogChannel();
  const [ui] = useState(() => new UiStateStore(api));
  const [store] = useState(
    () =>
      new LogStore(
        {
          fetchPage: async (from, count) => (await channel.request('log/page/get', { from, count })).rows,
          viewportChanged: (rows, following) => {
            channel.notify('log/viewport', { rows, following });
          },
        },
        ui.get(),
      ),
  );
  // Before the first render, so that it has rows (no round trip to the host first).
  const [embedded] = useState(() => showEmbeddedSnapshot(store, ui));
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const [pane, setPane] = useState<'subscriptions' | 'server' | undefined>(undefined);
  const [layout, setLayout] = useState(() => ui.get().layout);
  const [tree] = useState(
    () =>
      new TopicPaneModel({
        children: (path, sort, offset, limit) => channel.request('topics/children', { path, sort, offset, limit }),
        search: (query, sort, offset, limit) => channel.request('topics/search', { query, sort, offset, limit }),
        watch: (paths, chart) => {
          channel.notify('topics/watch', { paths, chart });
        },
      }),
  );
  const [topicSelection, selectTopic] = useTopicSelection(store);
  // The list first: what is not needed to see the rows mounts once they are painted.
  const afterFirstPaint = useAfterFirstPaint();
  const [publishTopic, setPublishTopic] = useState<{ topic: string; token: number } | undefined>(undefined);
  // Heights of the deferred parts at the last opening (read once: they only matter before they mount).
  const [reserved] = useState(() => ui.get().reserved);
  const remember = (change: ReservedHeights): void => {
    const saved = ui.get().reserved;
    if (Object.entries(change).some(([k, v]) => saved[k as keyof ReservedHeights] !== v)) ui.update({ reserved: { ...saved, ...change } });
  };
  const [clearFilterRequest, setClearFilterRequest] = useState(0);
  const changeLayout = (change: Partial<PaneLayout>): void => {
    const next = { ...ui.get().layout, ...change };
    ui.update({ layout: next });
    setLayout(next);
  };

  useLayoutEffect(() => {
    const stopListening = [
      channel.on('log/snapshot', (params) => {
        markStartup('snapshot');
        store.applySnapshot(params);
      }),
      channel.on('log/tail', (params) => {
        store.applyTail(params);
      }),
      channel.on('connection/state', (params) => {
        store.applyConnection(params.connection);
      }),
      channel.on('topics/show', () => {
        changeLayout({ topicsOpen: true });
      }),
    ];
    const stopSaving = store.subscribe(() => {
      const saved = ui.get();
      const profileKey = store.connection?.key;
      if (saved.following !== store.following || (profileKey !== undefined && saved.profileKey !== profileKey)) {
        ui.update({ following: store.following, ...(profileKey !== undefined ? { profileKey } : {}) });
      }
    });
    channel.notify('log/ready', embedded !== undefined ? { embedded } : {});
    store.hostReady();
    return () => {
      for (const stop of stopListening) stop();
      stopSaving();
      store.dispose();
    };
  }, [channel, store, ui, embedded]);

  /** Runs a header action; its failure is shown in the header until the next action. */
  const act = async (action: () => Promise<unknown>): Promise<void> => {
    try {
      await action();
      setActionError(undefined);
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    }
  };

  const clear = useCallback(() => {
    void act(async () => {
      await channel.request('log/clear', {});
      store.clearRows();
    });
    // act only sets state, so the clear made at mount stays right.
  }, [channel, store]);
  useLogKeys(channel, store, clear);

  return (
    <div class="log-app" data-testid="log-view">
      <LogHeader
        store={store}
        actionError={actionError}
        onClear={clear}
        onExport={() => {
          void act(() => channel.request('log/export', { filtered: store.filter !== null }));
        }}
        onRecord={(record) => {
          void act(() => channel.request('log/record', { record }));
        }}
        onTrace={() => {
          channel.notify('trace/show', {});
        }}
        pane={pane}
        onPane={(p) => {
          setPane(p === pane ? undefined : p);
        }}
        topicsOpen={layout.topicsOpen}
        onTopics={() => {
          changeLayout({ topicsOpen: !layout.topicsOpen });
        }}
      />
      <ConnectionPanes store={store} channel={channel} pane={pane} />
      <LogPanes
        store={store}
        channel={channel}
        layout={layout}
        onLayout={changeLayout}
        topics={
          layout.topicsOpen && afterFirstPaint && (
            <TopicsPane
              tree={tree}
              channel={channel}
              selectedPath={topicSelection?.row.path}
              onSelect={(row) => {
                selectTopic(row);
                store.setDetailOpen(false);
              }}
              onPublish={(topic) => {
                setPublishTopic({ topic, token: (publishTopic?.token ?? 0) + 1 });
              }}
              onClose={() => {
                changeLayout({ topicsOpen: false });
              }}
            />
          )
        }
        topicDetail={topicSelection?.row.isTopic ? { selection: topicSelection, tree, close: () => { selectTopic(undefined); } } : undefined}
      >
        <DeferredSlot mounted={afterFirstPaint} reserve={reserved.filterBar ?? FILTER_BAR_HEIGHT} onHeight={(filterBar) => { remember({ filterBar }); }} testId="filter-bar-slot">
          <LogFilterBar
            topicRequest={topicSelection ? { topic: topicSelection.filter, token: topicSelection.token } : undefined}
            store={store}
            initial={ui.get().filter}
            apply={async (filter) => {
              await channel.request('log/filter/set', { filter });
            }}
            remember={(filter) => {
              ui.update({ filter });
            }}
            clearRequest={clearFilterRequest}
          />
        </DeferredSlot>
        <RevealNotice channel={channel} store={store} clearFilter={() => { setClearFilterRequest((n) => n + 1); }} />
        <LogList store={store} ui={ui} />
      </LogPanes>
      <DeferredSlot mounted={afterFirstPaint} reserve={reserved.publish ?? (ui.get().publishOpen ? PUBLISH_PANEL_HEIGHT : PUBLISH_HEADING_HEIGHT)} onHeight={(publish) => { remember({ publish }); }} testId="publish-slot">
        <PublishPanel channel={channel} ui={ui} store={store} fillTopic={publishTopic} />
      </DeferredSlot>
    </div>
  );
}

/** The subscription editor or the broker's CONNACK, under the header when asked for. */
function ConnectionPanes({ store, channel, pane }: { store: LogStore; channel: LogChannel; pane: 'subscriptions' | 'server' | undefined }) {
  const connection = useLogStore(store, (s) => s.connection);
  if (!pane || !connection) return null;
  return pane === 'subscriptions' ? (
    <SubscriptionsPanel channel={channel} subscriptions={connection.subscriptions} mqtt5={connection.protocolVersion === '5.0'} />
  ) : (
    <ServerInfoPane server={connection.server} protocolVersion={connection.protocolVersion} />
  );
}

const NO_SUBSCRIPTIONS: NonNullable<LogStore['connection']>['subscriptions'] = [];

interface LogPanesProps {
  store: LogStore;
  channel: LogChannel;
  layout: PaneLayout;
  onLayout: (change: Partial<PaneLayout>) => void;
  topics: ComponentChild;
  /** The topic chosen in the tree, shown in the detail pane while no message is open. */
  topicDetail: { selection: TopicSelection; tree: TopicPaneModel; close: () => void } | undefined;
  children: ComponentChildren;
}

/**
 * Topics | log | detail of the selected message. Renders again only when the open message, the
 * connection's subscriptions or the layout change, not on tail posts.
 */
function LogPanes({ store, channel, layout, onLayout, topics, topicDetail, children }: LogPanesProps) {
  const [seq, subscriptions] = useLogStore(
    store,
    (s) => [s.detailOpen ? s.selectedSeq : undefined, s.connection?.subscriptions ?? NO_SUBSCRIPTIONS] as const,
    sameItems,
  );
  const close = (): void => {
    store.setDetailOpen(false);
  };
  return (
    <PaneArea
      layout={layout}
      onLayout={onLayout}
      topics={topics}
      main={children}
      detail={
        seq !== undefined ? (
          <MessageDetail seq={seq} channel={channel} subscriptions={subscriptions} onClose={close} />
        ) : topicDetail ? (
          <TopicDetail key={topicDetail.selection.row.path} row={topicDetail.selection.row} channel={channel} tree={topicDetail.tree} onClose={topicDetail.close} />
        ) : null
      }
      onCloseDetail={seq !== undefined ? close : (topicDetail?.close ?? close)}
    />
  );
}
