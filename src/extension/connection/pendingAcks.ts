import type { MqttClient, Packet } from 'mqtt';
import { ConnectionError } from './connectionError';

/**
 * Requests sent to the broker and waiting for its acknowledgement (PUBACK/PUBREC/PUBCOMP,
 * SUBACK, UNSUBACK). When the connection ends, mqtt.js may never call a waiting request back (it
 * keeps QoS 1/2 publishes for a session that is not coming): `abandon` settles each one in words,
 * so no command waits forever.
 *
 * mqtt.js resolves a successful QoS 1/2 publish with the PUBLISH itself, so the PUBACK/PUBREC
 * reason code (0x10 "No matching subscribers") is read off the acks as they arrive; that listener
 * exists only while publishes are outstanding.
 */
export class PendingAcks {
  private readonly abandons = new Set<(error: ConnectionError) => void>();
  private readonly ackCodes = new Map<number, number>();
  private publishing = 0;
  private client: MqttClient | undefined;
  private readonly onPacket = (packet: Packet): void => {
    if ((packet.cmd === 'puback' || packet.cmd === 'pubrec') && packet.messageId !== undefined && packet.reasonCode !== undefined) {
      this.ackCodes.set(packet.messageId, packet.reasonCode);
    }
  };

  /** `request` as it settles, or rejected with a `ConnectionError` when abandoned first. */
  async wait<T>(request: Promise<T>): Promise<T> {
    let abandon!: (error: ConnectionError) => void;
    const abandoned = new Promise<never>((_, reject) => {
      abandon = reject;
    });
    this.abandons.add(abandon);
    try {
      return await Promise.race([request, abandoned]);
    } finally {
      this.abandons.delete(abandon);
    }
  }

  /** Publishes through `client`: the acknowledged packet and its ack's reason code. */
  async publish(client: MqttClient, send: () => Promise<Packet | undefined>): Promise<{ packet: Packet | undefined; code: number | undefined }> {
    this.watchCodes(client, 1);
    try {
      const packet = await this.wait(send());
      let code: number | undefined;
      if (packet?.messageId !== undefined) {
        code = this.ackCodes.get(packet.messageId);
        this.ackCodes.delete(packet.messageId);
      }
      return { packet, code };
    } finally {
      this.watchCodes(client, -1);
    }
  }

  /** The connection ended: every request still waiting fails with `why`. */
  abandon(why: string): void {
    const error = new ConnectionError(why);
    for (const a of [...this.abandons]) a(error);
    this.abandons.clear();
  }

  get size(): number {
    return this.abandons.size;
  }

  private watchCodes(client: MqttClient, delta: 1 | -1): void {
    this.publishing += delta;
    if (delta === 1 && this.publishing === 1) {
      this.client = client;
      client.on('packetreceive', this.onPacket);
    }
    if (delta === -1 && this.publishing === 0) {
      this.client?.removeListener('packetreceive', this.onPacket);
      this.client = undefined;
      this.ackCodes.clear();
    }
  }
}
