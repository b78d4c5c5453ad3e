import type { TraceHostNotifications, TraceNotifications, TraceRequests } from '../../shared/trace/traceProtocol';
import { WebviewChannel } from '../ipc/webviewChannel';
import type { VsCodeApi } from '../ipc/vscodeApi';

/** The trace view's channel to the host: it speaks the trace protocol. */
export class TraceChannel extends WebviewChannel<TraceRequests, TraceNotifications, TraceHostNotifications> {
  constructor(api: VsCodeApi, target: Window = window) {
    super(api, undefined, target);
  }
}
