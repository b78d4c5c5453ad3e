import { useLayoutEffect, useState } from 'preact/hooks';
import { useHostClient, type HostClient } from './hostClient';
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
  const client = useHostClient();
  const [ui] = useState(() => new UiStateStore(api));
  const [store] = useState(
    () =>
      new LogStore(
        {
          fetchPage: async (from, count) => (await client.request('log/page/get', { from, count })).rows,
          viewportChanged: (rows, following) => {
            client.notify('log/viewport', { rows, following });
          },
        },
        ui.get(),
      ),
  );
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const [pane, setPane] = useState<'subscriptions' | 'server' | undefined>(undefined);

  useLayoutEffect(() => {
    const stopListening = client.onNotification((message) => {
      switch (message.method) {
        case 'log/snapshot':
          store.applySnapshot(message.params);
          break;
        case 'log/tail':
          store.applyTail(message.params);
          break;
        case 'connection/state':
          store.applyConnection(message.params.connection);
          break;
      }
    });
    const stopSaving = store.subscribe(() => {
      const saved = ui.get();
      const profileKey = store.connection?.key;
      if (saved.following !== store.following || (profileKey !== undefined && saved.profileKey !== profileKey)) {
        ui.update({ following: store.following, ...(profileKey !== undefined ? { profileKey } : {}) });
      }
    });
    client.notify('log/ready', {});
    store.hostReady();
    return () => {
      stopListening();
      stopSaving();
      store.dispose();
    };
  }, [client, store, ui]);

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
            await client.request('log/clear', {});
            store.clearRows();
          });
        }}
        onExport={() => {
          void act(() => client.request('log/export', { filtered: store.filter !== null }));
        }}
        onRecord={(record) => {
          void act(() => client.request('log/record', { record }));
        }}
        pane={pane}
        onPane={(p) => {
          setPane(p === pane ? undefined : p);
        }}
      />
      <ConnectionPanes store={store} client={client} pane={pane} />
      <LogFilterBar
        store={store}
        initial={ui.get().filter}
        apply={async (filter) => {
          await client.request('log/filter/set', { filter });
        }}
        remember={(filter) => {
          ui.update({ filter });
        }}
      />
      <LogList store={store} ui={ui} />
      <DetailSlot store={store} client={client} />
      <PublishPanel client={client} ui={ui} store={store} />
    </div>
  );
}

/** The subscription editor or the broker's CONNACK, under the header when asked for. */
function ConnectionPanes({ store, client, pane }: { store: LogStore; client: HostClient; pane: 'subscriptions' | 'server' | undefined }) {
  const connection = useLogStore(store, (s) => s.connection);
  if (!pane || !connection) return null;
  return pane === 'subscriptions' ? (
    <SubscriptionsPanel client={client} subscriptions={connection.subscriptions} mqtt5={connection.protocolVersion === '5.0'} />
  ) : (
    <ServerInfoPane server={connection.server} protocolVersion={connection.protocolVersion} />
  );
}

const NO_SUBSCRIPTIONS: NonNullable<LogStore['connection']>['subscriptions'] = [];

/**
 * The detail pane of the selected message. Renders again only when the open message or the
 * connection's subscriptions change, not on tail posts.
 */
function DetailSlot({ store, client }: { store: LogStore; client: HostClient }) {
  const [seq, subscriptions] = useLogStore(
    store,
    (s) => [s.detailOpen ? s.selectedSeq : undefined, s.connection?.subscriptions ?? NO_SUBSCRIPTIONS] as const,
    sameItems,
  );
  if (seq === undefined) return null;
  return (
    <MessageDetail
      seq={seq}
      client={client}
      subscriptions={subscriptions}
      onClose={() => {
        store.setDetailOpen(false);
      }}
    />
  );
}
