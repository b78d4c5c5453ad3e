import type { ConnectionState } from '../../shared/connection/connectionInfo';
import { keyHint } from './keyHint';
import type { LogStore } from './logStore';
import { Button } from '../toolkit/Button';
import { sameItems, useLogStore } from './useLogStore';

export interface LogHeaderProps {
  store: LogStore;
  onClear: () => void;
  onExport: () => void;
  onRecord: (record: boolean) => void;
  /** Open the protocol trace of this connection. */
  onTrace?: () => void;
  /** The pane open under the header, and toggling one. */
  pane: 'subscriptions' | 'server' | undefined;
  onPane: (pane: 'subscriptions' | 'server') => void;
  /** The Topics pane is open, and toggling it. */
  topicsOpen?: boolean;
  onTopics?: () => void;
  /** Why the last action (Clear, Export, Record) failed, if it did. */
  actionError?: string | undefined;
}

/** "830 B/s", "12.4 KB/s", "3.1 MB/s". */
function formatRate(bytesPerSec: number): string {
  if (bytesPerSec < 1024) return `${bytesPerSec} B/s`;
  if (bytesPerSec < 1024 * 1024) return `${(bytesPerSec / 1024).toFixed(1)} KB/s`;
  return `${(bytesPerSec / 1024 / 1024).toFixed(1)} MB/s`;
}

/** "512 B", "830 KB", "1.2 MB". */
function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const STATE_TITLES: Record<ConnectionState, string> = {
  disconnected: 'Not connected',
  connecting: 'Connecting to the broker',
  connected: 'Connected',
  reconnecting: 'Connection lost; reconnecting',
  error: 'Connection failed',
};

/** The connection this log shows, its counters, and the log's actions. */
export function LogHeader({ store, onClear, onExport, onRecord, onTrace, pane, onPane, topicsOpen, onTopics, actionError }: LogHeaderProps) {
  useLogStore(store, (s) => [s.connection, s.counters, s.filter, s.following], sameItems);
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
        {connection?.insecure && (
          <span class="state-badge insecure" data-testid="insecure-tls" title="TLS without checking the broker's certificate (insecure skip verify): anyone on the path can read and change this traffic. For development only.">
            ⚠ TLS not verified
          </span>
        )}
        {connection?.detail && (
          <span class="state-detail" data-testid="connection-detail" title={connection.detail}>
            {connection.detail}
          </span>
        )}
      </div>
      <div class="log-counters">
        <Counter label="Received" testId="counter-received" value={counters.received} />
        {store.filter && <Counter label="Shown" testId="counter-shown" value={store.shown} title="Messages that match the filter" />}
        <Counter
          label="Stored"
          testId="counter-stored"
          value={counters.stored}
          {...(fill !== undefined
            ? { unit: `${fill}%`, title: `The store holds ${counters.storeBytes} of its ${counters.maxBytes} bytes (${fill}%)` }
            : {})}
        />
        <Counter label="Evicted" testId="counter-evicted" value={counters.evicted} title="Oldest messages dropped to stay within the memory budget" />
        {counters.duplicates > 0 && (
          <Counter label="Dup" testId="counter-duplicates" value={counters.duplicates} title="Messages redelivered with the DUP flag (marked D in the log): the broker was not sure we had them" />
        )}
        <Counter label="msg/s" testId="counter-rate" value={Math.round(counters.msgPerSec)} />
        <span class="counter" title="Payload bytes received per second">
          <span class="counter-value" data-testid="counter-byte-rate">
            {formatRate(counters.bytesPerSec)}
          </span>
        </span>
        {counters.recording && (
          <span class="counter recording" title={`Recording to ${counters.recording.file}`} data-testid="recording">
            <span class="counter-label">● REC</span>
            <span class="counter-value">{formatSize(counters.recording.bytes)}</span>
          </span>
        )}
      </div>
      <div class="log-actions">
        {actionError && (
          <span class="action-error" role="alert" data-testid="action-error">
            {actionError}
          </span>
        )}
        {onTopics && (
          <Button appearance="secondary" pressed={topicsOpen === true} onClick={onTopics} title="Show every topic received on this connection as a tree" testId="pane-topics">
            Topics
          </Button>
        )}
        <Button
          appearance="secondary"
          pressed={pane === 'subscriptions'}
          onClick={() => {
            onPane('subscriptions');
          }}
          title="Show and edit this connection's subscriptions"
          testId="pane-subscriptions"
        >
          Subscriptions ({connection?.subscriptions.length ?? 0})
        </Button>
        <Button
          appearance="secondary"
          pressed={pane === 'server'}
          onClick={() => {
            onPane('server');
          }}
          title="What the broker said when we connected (CONNACK)"
          testId="pane-server"
        >
          Broker
        </Button>
        {onTrace && (
          <Button appearance="secondary" onClick={onTrace} title="Every packet and transport event of this connection, decoded and timed" testId="trace">
            Trace
          </Button>
        )}
        <Button appearance="secondary" onClick={onClear} title={`Drop every stored message of this connection${keyHint('clear')}`} testId="clear">
          Clear
        </Button>
        <Button
          appearance="secondary"
          onClick={onExport}
          title={store.filter ? 'Export the messages the filter shows to an NDJSON file' : 'Export every stored message to an NDJSON file'}
          testId="export"
        >
          Export…
        </Button>
        <Button
          appearance="secondary"
          pressed={counters.recording !== undefined}
          onClick={() => {
            onRecord(counters.recording === undefined);
          }}
          title={counters.recording ? `Stop recording to ${counters.recording.file}` : 'Write every message received from now on to an NDJSON file'}
          testId="record"
        >
          {counters.recording ? 'Stop recording' : 'Record…'}
        </Button>
        <Button
          appearance={store.following ? 'secondary' : 'primary'}
          pressed={!store.following}
          onClick={() => {
            store.setFollowing(!store.following);
          }}
          title={store.following ? `Pause: stop following the newest messages (they keep arriving)${keyHint('togglePause')}` : `Resume following the newest messages (End)${keyHint('togglePause')}`}
          testId="follow"
        >
          {store.following ? 'Pause' : 'Resume'}
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
