import { useLayoutEffect, useState } from 'preact/hooks';
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

  return (
    <div class="log-app" data-testid="log-view">
      <LogHeader
        store={store}
        actionError={actionError}
        onClear={() => {
          void act(async () => {
            await channel.request('log/clear', {});
            store.clearRows();
          });
        }}
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
      />
      <ConnectionPanes store={store} channel={channel} pane={pane} />
      <LogFilterBar
        store={store}
        initial={ui.get().filter}
        apply={async (filter) => {
          await channel.request('log/filter/set', { filter });
        }}
        remember={(filter) => {
          ui.update({ filter });
        }}
      />
      <LogList store={store} ui={ui} />
      <DetailSlot store={store} channel={channel} />
      <PublishPanel channel={channel} ui={ui} store={store} />
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

/**
 * The detail pane of the selected message. Renders again only when the open message or the
 * connection's subscriptions change, not on tail posts.
 */
function DetailSlot({ store, channel }: { store: LogStore; channel: LogChannel }) {
  const [seq, subscriptions] = useLogStore(
    store,
    (s) => [s.detailOpen ? s.selectedSeq : undefined, s.connection?.subscriptions ?? NO_SUBSCRIPTIONS] as const,
    sameItems,
  );
  if (seq === undefined) return null;
  return (
    <MessageDetail
      seq={seq}
      channel={channel}
      subscriptions={subscriptions}
      onClose={() => {
        store.setDetailOpen(false);
      }}
    />
  );
}
