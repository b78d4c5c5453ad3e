import { decodersProtocol } from '../../shared/decoders/decodersProtocol';
import type { Disposable } from '../base/emitter';
import type { Connection } from '../connection/connection';
import type { WebviewRouter } from '../ipc/webviewRouter';
import { requestRebirth } from './requestRebirth';

/** Answers the decoders' requests of one log view on `connection` (Request Rebirth). */
export function registerDecoderHandlers(router: WebviewRouter, connection: Connection): Disposable {
  return router.register(decodersProtocol, {
    'decoders/rebirth': async (target) => ({ topic: await requestRebirth(connection, target) }),
  });
}
