import type { ConnectionState } from '../../shared/connection/connectionInfo';
import type { Disposable } from '../base/emitter';
import type { ConnectFlow } from './connectFlow';
import type { Connection } from './connection';
import type { ConnectionManager } from './connectionManager';

/**
 * Says when a connection that was up ends in an error (a refused login on a reconnect, another
 * client taking the session over, a protocol failure), with what fixes it. A connect that fails
 * is shown by the command that started it; this covers the connections that stop later, which
 * otherwise only turned their tree icon red.
 */
export class FailureNotifier implements Disposable {
  private readonly previous = new WeakMap<Connection, ConnectionState>();
  private readonly subscription: Disposable;

  constructor(manager: ConnectionManager, flow: ConnectFlow) {
    this.subscription = manager.onDidChange((connection) => {
      const before = this.previous.get(connection) ?? 'disconnected';
      this.previous.set(connection, connection.state);
      if (connection.state === 'error' && (before === 'connected' || before === 'reconnecting')) {
        void flow.reportFailure(connection.entry, connection.detail ?? 'The connection was lost.', `"${connection.name}" stopped`, connection.errorKind);
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
