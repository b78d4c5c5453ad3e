import type { JsonObject } from '../../shared/json/jsonValue';
import type { FormFieldProblem } from '../../shared/profileForm/profileFormProtocol';
import type { Profile } from './profile';
import { parseProfiles } from './profileParser';

/** The profile keys the form edits; anything else in a stored profile (subscriptions) is kept as is. */
export const FORM_KEYS = [
  'name',
  'url',
  'protocolVersion',
  'clientId',
  'clean',
  'keepalive',
  'connectTimeout',
  'reconnect',
  'websocket',
  'auth',
  'tls',
  'mqtt5',
  'will',
] as const;

export interface CandidateCheck {
  /** The parsed profile when there is no error. */
  profile?: Profile;
  /** Errors and warnings, located at form fields (`keepalive`, `mqtt5.userProperties`, or '' for the whole profile). */
  problems: FormFieldProblem[];
}

/**
 * Validates one profile in the `.tracemq.json` shape with the very parser that reads the workspace
 * file, so a profile is valid in the form exactly when it would be valid in the file.
 */
export function validateProfileCandidate(candidate: JsonObject): CandidateCheck {
  const { profiles, problems } = parseProfiles(JSON.stringify({ profiles: [candidate] }));
  const fieldProblems = problems.map((p): FormFieldProblem => ({
    field: p.path.replace(/^profiles\[0\]\.?/, '').replace(/^profiles$/, ''),
    message: p.message,
    severity: p.severity,
  }));
  const profile = profiles[0];
  const hasError = fieldProblems.some((p) => p.severity === 'error');
  return hasError || !profile ? { problems: fieldProblems } : { profile, problems: fieldProblems };
}

/** `original` with the form's keys replaced by those of `edited` (the form's keys first, in SPEC order). */
export function mergeFormFields(original: JsonObject | undefined, edited: JsonObject): JsonObject {
  const merged: JsonObject = {};
  for (const key of FORM_KEYS) {
    const v = edited[key];
    if (v !== undefined) merged[key] = v;
  }
  for (const [key, v] of Object.entries(original ?? {})) {
    if (!(FORM_KEYS as readonly string[]).includes(key)) merged[key] = v;
  }
  return merged;
}
