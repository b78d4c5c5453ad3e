import type { LogStore } from './logStore';
import { Button } from '../toolkit/Button';
import { sameItems, useLogStore } from './useLogStore';

/** "1 new message", "1,204 new messages". */
export function newMessagesText(n: number): string {
  return `${n.toLocaleString('en-US')} new message${n === 1 ? '' : 's'}`;
}

/**
 * Over the bottom of the list while it does not follow the tail (a click on a row, a scroll up or
 * Pause stop it): how many messages arrived since, and Resume. Without it a paused log looks
 * frozen, with only the Received counter moving. Its own component, so that a counters-only post
 * re-renders this line and not the list.
 */
export function PausedBanner({ store }: { store: LogStore }) {
  const [paused, count] = useLogStore(store, (s) => [s.loaded && !s.following, s.newWhilePaused] as const, sameItems);
  if (!paused) return null;
  return (
    <div class="paused-banner" role="status" data-testid="paused-banner">
      <span class="paused-text" data-testid="paused-count">
        {count === 0 ? 'Paused' : newMessagesText(count)}
      </span>
      <Button
        appearance="primary"
        testId="paused-resume"
        title="Follow the newest messages again (End)"
        onClick={() => {
          store.setFollowing(true);
        }}
      >
        Resume
      </Button>
    </div>
  );
}
