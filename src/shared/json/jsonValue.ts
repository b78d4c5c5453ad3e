/** A JSON value as it crosses postMessage. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object, e.g. a profile in the `.tracemq.json` shape. */
export type JsonObject = { [key: string]: JsonValue };
