import type { HostToProfileForm, ProfileFormHostNotifications, ProfileFormNotifications, ProfileFormRequests } from '../../shared/protocol';
import { HostChannel } from '../ipc/hostChannel';
import type { VsCodeApi } from '../ipc/vscodeApi';

export type FormHostNotification = Extract<HostToProfileForm, { kind: 'notify' }>;

const HOST_METHODS: ReadonlySet<string> = new Set<keyof ProfileFormHostNotifications>(['profileForm/init']);

/** Saving may wait on a file write and secret storage: a minute before giving up. */
const SAVE_TIMEOUT_MS = 60_000;

/** The profile form's side of the protocol (see `HostChannel`). */
export class FormClient extends HostChannel<ProfileFormRequests, ProfileFormNotifications, FormHostNotification> {
  constructor(api: VsCodeApi, target: Window = window) {
    super(api, HOST_METHODS, SAVE_TIMEOUT_MS, target);
  }
}
