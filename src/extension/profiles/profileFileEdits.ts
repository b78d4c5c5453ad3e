import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree, type FormattingOptions, type Node } from 'jsonc-parser';
import type { JsonObject } from '../../shared/json/jsonValue';
import { FORM_KEYS } from './profileCandidate';

/**
 * Text edits of a `.tracemq.json` made with jsonc-parser's `modify`, so that the user's comments,
 * order and formatting outside the edited values survive. Pure: text in, text out.
 */

const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };

/** A `.tracemq.json` holding `profile` alone, for a workspace that has no file yet. */
export function newProfilesFileText(profile: JsonObject): string {
  return `${JSON.stringify({ profiles: [profile] }, null, 2)}\n`;
}

function profilesArray(text: string): Node | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (root?.type !== 'object') return undefined;
  const list = findNodeAtLocation(root, ['profiles']);
  return list?.type === 'array' ? list : undefined;
}

/** Index of the profile named `name` in the file's `profiles` array, or -1. */
export function profileIndex(text: string, name: string): number {
  const list = profilesArray(text);
  return (list?.children ?? []).findIndex((n) => n.type === 'object' && findNodeAtLocation(n, ['name'])?.value === name);
}

/** The JSON of the profile named `name` as written in the file. */
export function rawProfileFromText(text: string, name: string): JsonObject | undefined {
  const list = profilesArray(text);
  const node = (list?.children ?? [])[profileIndex(text, name)];
  // getNodeValue builds null-prototype objects; plain ones compare and post like any JSON.
  return node ? (JSON.parse(JSON.stringify(getNodeValue(node))) as JsonObject) : undefined;
}

/** Offset of the profile named `name` (to reveal it in an editor), or undefined. */
export function profileOffset(text: string, name: string): number | undefined {
  return (profilesArray(text)?.children ?? [])[profileIndex(text, name)]?.offset;
}

/**
 * Adds `profile` (when `oldName` is undefined) or replaces the form's keys of the profile named
 * `oldName` one key at a time, leaving its other keys (subscriptions) and everything else in place.
 */
export function upsertProfileText(text: string, oldName: string | undefined, profile: JsonObject): string {
  if (text.trim() === '') return newProfilesFileText(profile);
  const list = profilesArray(text);
  const index = oldName === undefined ? -1 : profileIndex(text, oldName);
  if (index < 0) {
    // Append (creating "profiles" when the file has none).
    const at = list ? (list.children ?? []).length : 0;
    const path = list ? ['profiles', at] : ['profiles'];
    const value = list ? profile : [profile];
    return applyEdits(text, modify(text, path, value, { formattingOptions: FORMAT, isArrayInsertion: list !== undefined }));
  }
  let out = text;
  for (const key of FORM_KEYS) {
    out = applyEdits(out, modify(out, ['profiles', index, key], profile[key], { formattingOptions: FORMAT }));
  }
  return out;
}

/** The file without the profile named `name` (unchanged when there is none). */
export function removeProfileText(text: string, name: string): string {
  const index = profileIndex(text, name);
  if (index < 0) return text;
  return applyEdits(text, modify(text, ['profiles', index], undefined, { formattingOptions: FORMAT }));
}
