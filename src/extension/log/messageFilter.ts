import type { LogFilter } from '../../shared/log/logFilter';
import { topicFilterError, topicMatches } from '../../shared/mqtt/topicFilter';
import type { MessageStore } from '../store/messageStore';

/** Does the stored message `seq` pass? Reads the store's columns: no object per message. */
export type MessagePredicate = (store: MessageStore, seq: number) => boolean;

/** A filter the user must change (bad topic filter, invalid regular expression); the message says how. */
export class FilterError extends Error {
  override name = 'FilterError';
}

/**
 * Payload bytes a text search looks at. Regular expressions and case-insensitive search work on
 * decoded text; bounding it keeps one 16 MB payload from costing more than everything else.
 */
export const SEARCHED_PAYLOAD_BYTES = 1024 * 1024;

/** True when the filter narrows nothing (every message passes). */
export function isEmptyFilter(filter: LogFilter | null | undefined): boolean {
  return (
    !filter ||
    ((filter.topic ?? '') === '' && (filter.text ?? '') === '' && !filter.retainedOnly && (filter.qos === undefined || filter.qos.length === 3))
  );
}

/**
 * The text a payload search reads instead of the bytes: the decoded text of a topic bound to a
 * decoder, undefined for any other (whose bytes are searched as before).
 */
export type DecodedSearchText = (store: MessageStore, seq: number) => string | undefined;

/** A predicate for the filter; throws `FilterError` when it cannot be applied. */
export function compileMessageFilter(filter: LogFilter, decodedText?: DecodedSearchText): MessagePredicate {
  const tests: MessagePredicate[] = [];
  const topic = filter.topic ?? '';
  if (topic !== '') {
    const problem = topicFilterError(topic);
    if (problem) throw new FilterError(`Topic filter: ${problem}`);
    tests.push(topic === '#' ? (store, seq) => !store.topicAt(seq).startsWith('$') : (store, seq) => topicMatches(topic, store.topicAt(seq)));
  }
  if (filter.qos !== undefined && filter.qos.length < 3) {
    const allowed = filter.qos;
    tests.push((store, seq) => allowed.includes(store.qosAt(seq)));
  }
  if (filter.retainedOnly) tests.push((store, seq) => store.retainAt(seq));
  const text = filter.text ?? '';
  if (text !== '') tests.push(payloadTest(text, filter.regex === true, filter.matchCase === true, decodedText));
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0] ?? (() => true);
  return (store, seq) => tests.every((t) => t(store, seq));
}

function payloadTest(text: string, regex: boolean, matchCase: boolean, decodedText: DecodedSearchText | undefined): MessagePredicate {
  const [raw, decoded] = textTests(text, regex, matchCase);
  if (!decodedText) return raw;
  return (store, seq) => {
    const found = decodedText(store, seq);
    return found === undefined ? raw(store, seq) : decoded(found);
  };
}

/** The test of a message's raw payload, and the same test of a decoded text. */
function textTests(text: string, regex: boolean, matchCase: boolean): [MessagePredicate, (decoded: string) => boolean] {
  if (regex) {
    let re: RegExp;
    try {
      re = new RegExp(text, matchCase ? '' : 'i');
    } catch (e) {
      throw new FilterError(`Not a valid regular expression: ${e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e)}`);
    }
    return [(store, seq) => re.test(decode(store.payloadAt(seq))), (d) => re.test(d)];
  }
  if (matchCase) {
    // Bytes against bytes: no decoding at all for the common case.
    const needle = Buffer.from(text, 'utf8');
    return [(store, seq) => asBuffer(store.payloadAt(seq)).subarray(0, SEARCHED_PAYLOAD_BYTES).includes(needle), (d) => d.includes(text)];
  }
  const lower = text.toLowerCase();
  return [(store, seq) => decode(store.payloadAt(seq)).toLowerCase().includes(lower), (d) => d.toLowerCase().includes(lower)];
}

/** mqtt.js hands payloads over as Buffers; anything else is viewed as one without copying. */
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** The payload's first SEARCHED_PAYLOAD_BYTES as UTF-8 (invalid bytes become U+FFFD, which no search text holds). */
const decode = (bytes: Uint8Array): string => asBuffer(bytes).toString('utf8', 0, Math.min(bytes.length, SEARCHED_PAYLOAD_BYTES));
