/** Store and rate counters, sent with every throttled update. */
export interface LogCounters {
  /** Messages received since the store was created or cleared. */
  received: number;
  /** Messages evicted to stay within the byte and count budgets. */
  evicted: number;
  /** Messages received with the DUP flag: redeliveries of a QoS 1 message the broker was not sure we had. */
  duplicates: number;
  /** Messages held by the store. */
  stored: number;
  /** Oldest position of the view (equals `nextPos` when it shows nothing); shown = nextPos - firstPos. */
  firstPos: number;
  /** Position the next shown message will get. */
  nextPos: number;
  /** Bytes held by the store and its budget. */
  storeBytes: number;
  maxBytes: number;
  /** Rates over the last second. */
  msgPerSec: number;
  bytesPerSec: number;
  /** While a new filter is still being applied to the stored messages: how far it got. */
  filtering?: { scanned: number; total: number };
  /** Set while the connection is recorded to a file. */
  recording?: { file: string; bytes: number; messages: number };
}
