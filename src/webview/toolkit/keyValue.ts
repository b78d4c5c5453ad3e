/** One row of a name/value list (headers, user properties), as edited. */
export interface KeyValue {
  key: string;
  value: string;
}
