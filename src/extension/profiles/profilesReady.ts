import * as vscode from 'vscode';
import { boundedWait } from '../base/boundedWait';
import { PROFILES_FILE, type ProfileRepository } from './profileRepository';

/** How long a command waits for the first read of the profiles before it says so and stops. */
export const FIRST_LOAD_LIMIT_MS = 10_000;
/** A wait shorter than this shows nothing; a longer one shows a progress notification. */
const PROGRESS_AFTER_MS = 1_000;

/**
 * Waits until the profiles have been read once (bounded, with a progress notification when it
 * takes more than a second). Every command that reads the profile list, or the connections made
 * from it, waits here first: a new window's first command activates the extension and would
 * otherwise see an empty list and answer "no profiles". False when the command should stop; the
 * user has then been told why.
 */
export async function profilesReady(profiles: ProfileRepository): Promise<boolean> {
  if (profiles.loaded) return true;
  try {
    const outcome = await boundedWait(profiles.whenLoaded(), {
      slowAfterMs: PROGRESS_AFTER_MS,
      limitMs: FIRST_LOAD_LIMIT_MS,
      onSlow: (ended) => {
        void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TraceMQ: reading the profiles (${PROFILES_FILE})…` }, () => ended);
      },
    });
    if (outcome === 'settled') return true;
    void vscode.window.showWarningMessage(
      `TraceMQ: the profiles (${PROFILES_FILE} and your user profiles) have still not been read after ${FIRST_LOAD_LIMIT_MS / 1000} s: the workspace's file system is slow to answer. Run the command again once they show in the Connections view.`,
    );
  } catch (e) {
    void vscode.window.showErrorMessage(
      `TraceMQ: the profiles could not be read: ${e instanceof Error ? e.message : String(e)}. "TraceMQ: Reload Profiles" reads them again.`,
    );
  }
  return false;
}
