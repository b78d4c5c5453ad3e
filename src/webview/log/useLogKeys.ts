import { useEffect } from 'preact/hooks';
import type { LogKeyAction } from '../../shared/logKeys/logKeys';
import type { LogChannel } from './logChannel';
import type { LogStore } from './logStore';

/**
 * Does what the host says a keyboard shortcut asked for (VS Code keybindings, see shared/logKeys):
 * the same as the view's buttons and list keys. `clear` is the header's Clear action.
 */
export function useLogKeys(channel: LogChannel, store: LogStore, clear: () => void): void {
  useEffect(
    () =>
      channel.on('logKeys/run', ({ action }) => {
        runLogKey(action, store, clear);
      }),
    [channel, store, clear],
  );
}

/** One shortcut's action on the view. */
export function runLogKey(action: LogKeyAction, store: LogStore, clear: () => void): void {
  switch (action) {
    case 'focusFilter':
      document.querySelector<HTMLElement>('[data-testid="filter-topic"]')?.focus();
      return;
    case 'togglePause':
      store.setFollowing(!store.following);
      return;
    case 'clear':
      clear();
      return;
    // With a filter the list holds only its matches, so the next row is the next match.
    case 'nextMatch':
      store.moveSelection(1);
      return;
    case 'previousMatch':
      store.moveSelection(-1);
      return;
    case 'toggleDetail':
      if (store.detailOpen) store.setDetailOpen(false);
      else {
        if (store.selectedPos === undefined) store.moveSelection(-1);
        store.setDetailOpen(true);
      }
      return;
  }
}
