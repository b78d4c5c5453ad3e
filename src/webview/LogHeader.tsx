import type { ConnectionState } from '../shared/protocol';
import type { LogStore } from './logStore';
import { Button } from './toolkit/Button';
import { useLogStore } from './useLogStore';

export interface LogHeaderProps {
  store: LogStore;
  onClear: () => void;
  /** Why the last Clear failed, if it did. */
  clearError?: string | undefined;
}

const STATE_TITLES: Record<ConnectionState, string> = {
  disconnected: 'Not connected',
  connecting: 'Connecting to the broker',
  connected: 'Connected',
  reconnecting: 'Connection lost; reconnecting',
  error: 'Connection failed',
};

/** The connection this log shows, its counters, and the log's actions. */
export function LogHeader({ store, onClear, clearError }: LogHeaderProps) {
  useLogStore(store);
  const connection = store.connection;
  const counters = store.counters;
  const state = connection?.state ?? 'disconnected';
  const fill = counters.maxBytes > 0 ? Math.min(100, Math.round((counters.storeBytes / counters.maxBytes) * 100)) : undefined;
  return (
    <header class="log-header">
      <div class="log-connection">
        <span class="profile">{connection?.profile ?? 'TraceMQ'}</span>
        {connection && (
          <span class="url" title={`${connection.url} (MQTT ${connection.protocolVersion})`}>
            {connection.url}
          </span>
        )}
        <span class={`state ${state}`} data-testid="connection-state" title={STATE_TITLES[state]}>
          {state}
        </span>
        {connection?.detail && (
          <span class="state-detail" data-testid="connection-detail" title={connection.detail}>
            {connection.detail}
          </span>
        )}
      </div>
      <div class="log-counters">
        <Counter label="Received" testId="counter-received" value={counters.received} />
        <Counter
          label="Stored"
          testId="counter-stored"
          value={store.stored}
          {...(fill !== undefined
            ? { unit: `${fill}%`, title: `The store holds ${counters.storeBytes} of its ${counters.maxBytes} bytes (${fill}%)` }
            : {})}
        />
        <Counter label="Evicted" testId="counter-evicted" value={counters.evicted} title="Oldest messages dropped to stay within the memory budget" />
        <Counter label="msg/s" testId="counter-rate" value={Math.round(counters.msgPerSec)} />
      </div>
      <div class="log-actions">
        {clearError && (
          <span class="action-error" role="alert">
            {clearError}
          </span>
        )}
        <Button appearance="secondary" onClick={onClear} title="Drop every stored message of this connection" testId="clear">
          Clear
        </Button>
        <Button
          appearance={store.following ? 'secondary' : 'primary'}
          pressed={store.following}
          onClick={() => {
            store.setFollowing(true);
          }}
          title={store.following ? 'Following the newest messages (scroll up to stop)' : 'Follow the newest messages (End)'}
          testId="follow"
        >
          {store.following ? 'Following' : 'Follow'}
        </Button>
      </div>
    </header>
  );
}

interface CounterProps {
  label: string;
  value: number;
  testId: string;
  unit?: string;
  title?: string;
}

function Counter({ label, value, testId, unit, title }: CounterProps) {
  return (
    <span class="counter" title={title}>
      <span class="counter-label">{label}</span>
      <span class="counter-value" data-testid={testId}>
        {value}
      </span>
      {unit && <span class="counter-unit">{unit}</span>}
    </span>
  );
}
