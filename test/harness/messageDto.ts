import type { MessageDto } from '../../src/shared/log/logProtocol';
import type { RowDto } from '../../src/shared/log/rowDto';

const encoder = new TextEncoder();
/** Every built message's receive time is this plus its seq, so rows and messages of one seq agree. */
const BASE_TIME = new Date(2024, 4, 17, 9, 30, 0).getTime();

/** A payload as given, text as UTF-8 bytes; by default `{"n":<seq>}`. */
const bytesOf = (payload: string | Uint8Array | undefined, seq: number): Uint8Array =>
  typeof payload === 'string' ? encoder.encode(payload) : (payload ?? encoder.encode(`{"n":${seq}}`));

/**
 * A stored message as the host would send it, at position `pos` (its seq too unless given, as in a
 * log without a filter); `payload` as text or bytes, `size` defaults to its length.
 */
export function makeRow(pos: number, fields: Partial<Omit<RowDto, 'preview'>> & { payload?: string | Uint8Array } = {}): RowDto {
  const seq = fields.seq ?? pos;
  const { payload, ...rest } = fields;
  const bytes = bytesOf(payload, seq);
  return {
    pos,
    seq,
    sub: 0,
    time: BASE_TIME + seq,
    topic: `sensors/dev${seq}/state`,
    qos: 0,
    retain: false,
    dup: false,
    size: bytes.length,
    ...rest,
    preview: bytes.subarray(0, 256),
  };
}

/** The rows at positions [from, to), each its own seq. */
export function makeRows(from: number, to: number): RowDto[] {
  const rows: RowDto[] = [];
  for (let seq = from; seq < to; seq++) rows.push(makeRow(seq));
  return rows;
}

/**
 * The whole message with this seq, as the host answers `log/message/get`: the same topic, time and
 * default payload as `makeRow` gives its row; `payload` as text or bytes, `size` defaults to its length.
 */
export function makeMessage(seq: number, fields: Partial<Omit<MessageDto, 'seq' | 'payload'>> & { payload?: string | Uint8Array } = {}): MessageDto {
  const { payload, ...rest } = fields;
  const bytes = bytesOf(payload, seq);
  return { seq, sub: 0, time: BASE_TIME + seq, topic: `sensors/dev${seq}/state`, qos: 0, retain: false, dup: false, size: bytes.length, ...rest, payload: bytes };
}
