import { appendFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import type { MqttClient } from 'mqtt';
import type { Packet } from 'mqtt-packet';
import type { Disposable } from '../base/emitter';
import type { ClientTap } from '../connection/connection';

/**
 * Appends the TLS session keys of one connect (its first client and that client's reconnects) to
 * a file the user chose, in the SSLKEYLOGFILE format Wireshark reads (`CLIENT_RANDOM …`,
 * `CLIENT_HANDSHAKE_TRAFFIC_SECRET …`). Opt-in per connect only: nothing else creates one. The
 * file is made readable by its owner only. A later connect's client gets nothing (`attach` is
 * then a no-op and `ended` fires so the owner removes the tap).
 */
export class KeyLogTap implements ClientTap {
  private used = false;
  /** Lines appended so far (for the notification that says where they went). */
  lines = 0;

  constructor(
    readonly file: string,
    private readonly ended: () => void,
  ) {}

  attach(client: MqttClient): Disposable {
    if (this.used) {
      this.ended();
      return { dispose: () => undefined };
    }
    this.used = true;
    let socket: TLSSocket | undefined;
    const onKeylog = (line: Buffer): void => {
      appendFileSync(this.file, line, { mode: 0o600 });
      this.lines++;
    };
    const onSend = (packet: Packet): void => {
      if (packet.cmd !== 'connect') return;
      socket?.off('keylog', onKeylog);
      const stream = client.stream as unknown;
      socket = isTlsSocket(stream) ? stream : undefined;
      socket?.on('keylog', onKeylog);
    };
    client.on('packetsend', onSend);
    return {
      dispose: () => {
        client.off('packetsend', onSend);
        socket?.off('keylog', onKeylog);
      },
    };
  }
}

function isTlsSocket(stream: unknown): stream is TLSSocket {
  return typeof stream === 'object' && stream !== null && (stream as { encrypted?: unknown }).encrypted === true;
}
