/**
 * The profile form's protocol: the host (`ProfileFormPanels`) and the profile form webview
 * (`src/webview/profileForm/`).
 *
 * The form edits one profile in the `.tracemq.json` shape of SPEC.md, as plain JSON. The host checks
 * every message with `profileFormProtocol` and validates the profile with the same parser as the
 * workspace file, answering with problems located at form fields. Secrets travel one way only: the
 * form may send a new password or passphrase; the host only ever says whether one is stored.
 */

import { isRecord, noParams, type Validator, type WebviewProtocol } from '../ipc/webviewProtocol';
import type { NotifyMessageOf, RequestMessageOf, ResponseMessage } from '../ipc/envelope';
import type { JsonObject } from '../json/jsonValue';

/** What to do with a stored secret when the form is saved. */
export type SecretChange = { action: 'keep' } | { action: 'clear' } | { action: 'set'; value: string };

/** Whether secrets are stored for the profile (never their values). */
export interface SecretStatus {
  password: boolean;
  passphrase: boolean;
}

/** A validation problem at a form field: `field` is the profile path, e.g. `keepalive`, `mqtt5.userProperties`. */
export interface FormFieldProblem {
  field: string;
  message: string;
  severity: 'error' | 'warning';
}

/** What the form is editing. */
export interface ProfileFormInit {
  mode: 'add' | 'edit';
  /** Where the profile is saved: the user's profiles (global state) or the workspace `.tracemq.json`. */
  source: 'user' | 'workspace';
  /** The profile as stored (SPEC.md shape); absent when adding. */
  profile?: JsonObject;
  secrets: SecretStatus;
}

export interface ProfileFormSaveParams {
  /** The profile exactly as typed (SPEC.md shape; numbers that did not parse stay strings). */
  profile: JsonObject;
  password: SecretChange;
  passphrase: SecretChange;
  /** Connect the profile once saved (Save & Connect); a running connection of it is made again. */
  connect?: boolean;
}

export type ProfileFormSaveResult =
  | { ok: true; name: string; secrets: SecretStatus; problems: FormFieldProblem[] }
  | { ok: false; problems: FormFieldProblem[] };

/** Requests the profile form may send. */
export interface ProfileFormRequests {
  /** Validate and save the profile (and its secret changes); field problems come back when invalid. */
  'profileForm/save': { params: ProfileFormSaveParams; result: ProfileFormSaveResult };
  /** Check the profile as typed, saving nothing: the problems the save would report (asked while the user types). */
  'profileForm/validate': { params: { profile: JsonObject }; result: { problems: FormFieldProblem[] } };
  /** Ask the host for a file (open dialog); `path` is relative to the folder of a workspace profile when inside it, else absolute. */
  'profileForm/pickFile': { params: { field: TlsFileField }; result: { path?: string } };
}

/** The TLS fields that take a file path. */
export type TlsFileField = 'ca' | 'cert' | 'key';

/** Notifications the profile form may send. */
export interface ProfileFormNotifications {
  /** The form is mounted: the host answers with `profileForm/init`. */
  'profileForm/ready': Record<string, never>;
  /** Close the form without saving. */
  'profileForm/cancel': Record<string, never>;
}

/** Notifications the host sends to the profile form. */
export interface ProfileFormHostNotifications {
  /** The profile to edit (after `profileForm/ready`). */
  'profileForm/init': ProfileFormInit;
}


/** Everything the profile form posts to the host. */
export type ProfileFormToHost = RequestMessageOf<ProfileFormRequests> | NotifyMessageOf<ProfileFormNotifications>;

/** Everything the host posts to the profile form. */
export type HostToProfileForm = NotifyMessageOf<ProfileFormHostNotifications> | ResponseMessage;

/** Largest profile the form may submit, as JSON text. */
export const MAX_FORM_PROFILE_CHARS = 256 * 1024;
/** Longest secret the form may submit. */
export const MAX_SECRET_CHARS = 4096;
const TLS_FILE_FIELDS: readonly unknown[] = ['ca', 'cert', 'key'] satisfies TlsFileField[];

function jsonObjectOf(v: unknown): JsonObject | undefined {
  if (!isRecord(v)) return undefined;
  try {
    const text = JSON.stringify(v);
    if (text.length > MAX_FORM_PROFILE_CHARS) return undefined;
    // A fresh copy: no prototype tricks, no shared references, only JSON values.
    return JSON.parse(text) as JsonObject;
  } catch {
    return undefined;
  }
}

const secretChangeOf: Validator<SecretChange> = (v) => {
  if (!isRecord(v)) return undefined;
  if (v.action === 'keep' || v.action === 'clear') return { action: v.action };
  if (v.action === 'set' && typeof v.value === 'string' && v.value.length > 0 && v.value.length <= MAX_SECRET_CHARS) {
    return { action: 'set', value: v.value };
  }
  return undefined;
};

/** The profile form protocol's validators: the host checks every message the form sends with them. */
export const profileFormProtocol: WebviewProtocol<ProfileFormRequests, ProfileFormNotifications, ProfileFormHostNotifications> = {
  requests: {
    'profileForm/save': (p) => {
      if (!isRecord(p)) return undefined;
      const profile = jsonObjectOf(p.profile);
      const password = secretChangeOf(p.password);
      const passphrase = secretChangeOf(p.passphrase);
      if (p.connect !== undefined && typeof p.connect !== 'boolean') return undefined;
      if (!profile || !password || !passphrase) return undefined;
      return p.connect === true ? { profile, password, passphrase, connect: true } : { profile, password, passphrase };
    },
    'profileForm/validate': (p) => {
      if (!isRecord(p)) return undefined;
      const profile = jsonObjectOf(p.profile);
      return profile ? { profile } : undefined;
    },
    'profileForm/pickFile': (p) => (isRecord(p) && TLS_FILE_FIELDS.includes(p.field) ? { field: p.field as TlsFileField } : undefined),
  },
  notifications: {
    'profileForm/ready': noParams,
    'profileForm/cancel': noParams,
  },
};
