import type { ProfileFormHostNotifications, ProfileFormNotifications, ProfileFormRequests } from '../../shared/profileForm/profileFormProtocol';
import { WebviewChannel } from '../ipc/webviewChannel';
import type { VsCodeApi } from '../ipc/vscodeApi';

/** Saving may wait on a file write and secret storage: a minute before giving up. */
const SAVE_TIMEOUT_MS = 60_000;

/** The profile form's channel to the host: it speaks the profile form protocol. */
export class ProfileFormChannel extends WebviewChannel<ProfileFormRequests, ProfileFormNotifications, ProfileFormHostNotifications> {
  constructor(api: VsCodeApi, target: Window = window) {
    super(api, SAVE_TIMEOUT_MS, target);
  }
}
