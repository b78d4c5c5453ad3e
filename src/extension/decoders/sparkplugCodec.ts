import type protobuf from 'protobufjs';
import type { JsonValue } from '../../shared/json/jsonValue';
import type { PayloadCodec } from './payloadCodec';
import { ProtobufCodec } from './protobufCodec';
import { sparkplugPayloadFromJson } from './sparkplugEncode';
import type { SparkplugState } from './sparkplugState';
import { sparkplugView, type SparkplugView } from './sparkplugView';

/**
 * Sparkplug B (Eclipse Tahu's Payload): decodes for display with the connection's SparkplugState
 * when there is one (names of alias-only metrics, seq gaps, bdSeq mismatches), encodes from the
 * shown form.
 */
export class SparkplugCodec implements PayloadCodec {
  readonly format = 'sparkplugb';
  private readonly protobuf: ProtobufCodec;

  constructor(readonly payloadType: protobuf.Type) {
    this.protobuf = new ProtobufCodec(payloadType, 'sparkplugb');
  }

  /** Without state (no topic known): the payload alone. */
  decode(payload: Uint8Array): JsonValue {
    return sparkplugView(this.payloadType, '', payload).value;
  }

  /** With the topic and, when given, the state of the connection it arrived on (`at`: its store sequence number). */
  view(topic: string, payload: Uint8Array, state?: SparkplugState, at?: number): SparkplugView {
    return sparkplugView(this.payloadType, topic, payload, state ? (t) => state.context(t.groupId, t.edgeNodeId, t.deviceId, at) : undefined);
  }

  encode(value: unknown): Uint8Array {
    return this.protobuf.encode(sparkplugPayloadFromJson(value));
  }
}
