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
import { UiStateStore } from './uiStateStore';
import { useVsCodeApi } from '../ipc/vscodeApi';
import { useLogKeys } from './useLogKeys';
import { PaneArea } from '../layout/PaneArea';
import type { PaneLayout } from '../layout/paneLayout';
import { TopicPaneModel } from '../topics/topicPaneModel';
import { TopicsPane } from '../topics/TopicsPane';
import { TopicDetail } from '../topics/TopicDetail';
import { useTopicSelection, type TopicSelection } from '../topics/useTopicSelection';
import { RevealNotice } from '../traceLink/RevealNotice';

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
  const [publishTopic, setPublishTopic] = useState<{ topic: string; token: number } | undefined>(undefined);
  const [clearFilterRequest, setClearFilterRequest] = useState(0);
  const changeLayout = (change: Partial<PaneLayout>): void => {
    const next = { ...ui.get().layout, ...change };
    ui.update({ layout: next });
    setLayout(next);
  };

  useLayoutEffect(() => {
    const stopListening = [
      channel.on('log/snapshot', (params) => {
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
    channel.notify('log/ready', {});
    store.hostReady();
    return () => {
      for (const stop of stopListening) stop();
      stopSaving();
      store.dispose();
    };
  }, [channel, store, ui]);

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
          layout.topicsOpen && (
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
        <RevealNotice channel={channel} store={store} clearFilter={() => { setClearFilterRequest((n) => n + 1); }} />
        <LogList store={store} ui={ui} />
      </LogPanes>
      <PublishPanel channel={channel} ui={ui} store={store} fillTopic={publishTopic} />
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
