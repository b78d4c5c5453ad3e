import { diffJson, diffLines } from 'diff';
import { decodeText, hexDump, jsonDepth } from '../../shared/payload/payloadFormat';

/** One run of a diff: lines only in the older value, only in the newer, or in both. */
export interface DiffPart {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

export type ValueDiff =
  | { ok: true; mode: 'json' | 'text' | 'hex'; parts: DiffPart[] }
  | { ok: false; reason: string };

/** Larger values are not diffed: a history row shows both values' sizes and says why. */
export const MAX_DIFF_BYTES = 256 * 1024;
/** Deeper JSON is compared as text (canonicalising it recurses once per level). */
const MAX_JSON_DEPTH = 64;
/** A diff that takes longer than this gives up (jsdiff's `timeout`), so that two unlike values never freeze the pane. */
const DIFF_TIMEOUT_MS = 100;

/** The value as JSON when it is JSON (a number, an object…) not nested too deep, else undefined. */
function asJson(text: string): unknown {
  try {
    if (jsonDepth(text, MAX_JSON_DEPTH + 1) > MAX_JSON_DEPTH) return undefined;
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * What changed from `older` to `newer`, with jsdiff: two JSON values structurally (keys sorted,
 * pretty-printed with two spaces, so reordered keys are no change), two texts line by line, binary
 * payloads as hex dumps line by line.
 */
export function diffValues(older: Uint8Array, newer: Uint8Array): ValueDiff {
  if (older.length > MAX_DIFF_BYTES || newer.length > MAX_DIFF_BYTES) {
    return { ok: false, reason: `Not compared: values over ${MAX_DIFF_BYTES / 1024} KB` };
  }
  const oldText = decodeText(older);
  const newText = decodeText(newer);
  let mode: 'json' | 'text' | 'hex';
  let changes: ReturnType<typeof diffLines> | undefined;
  if (oldText !== undefined && newText !== undefined) {
    const oldJson = asJson(oldText);
    const newJson = asJson(newText);
    if (oldJson !== undefined && newJson !== undefined) {
      mode = 'json';
      // jsdiff takes objects as they are; a bare number or string is given as its JSON text.
      const side = (v: unknown): string | object => (typeof v === 'object' && v !== null ? v : JSON.stringify(v));
      changes = diffJson(side(oldJson), side(newJson), { timeout: DIFF_TIMEOUT_MS });
    } else {
      mode = 'text';
      changes = diffLines(oldText, newText, { timeout: DIFF_TIMEOUT_MS });
    }
  } else {
    const oldHex = hexDump(older);
    const newHex = hexDump(newer);
    if (!oldHex.ok || !newHex.ok) return { ok: false, reason: 'Not compared: binary values too large to show as hex' };
    mode = 'hex';
    changes = diffLines(oldHex.text, newHex.text, { timeout: DIFF_TIMEOUT_MS });
  }
  if (changes === undefined) return { ok: false, reason: 'Not compared: the values differ too much to compare quickly' };
  return { ok: true, mode, parts: changes.map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value })) };
}
