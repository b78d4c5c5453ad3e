import { useLayoutEffect, useState } from 'preact/hooks';
import type { HiddenReason } from '../../shared/trace/traceLinkProtocol';
import type { LogChannel } from '../log/logChannel';
import type { LogStore } from '../log/logStore';
import { Button } from '../toolkit/Button';

export interface RevealNoticeProps {
  channel: LogChannel;
  store: LogStore;
  /** Clears the log's filter as the filter bar's Clear button does. */
  clearFilter: () => void;
}

const WHY: Record<HiddenReason, (seq: string) => string> = {
  evicted: (seq) => `Message #${seq} is no longer in the log: it was evicted to stay within tracemq.log.maxMessages and tracemq.log.maxBytes, or the log was cleared.`,
  filtered: (seq) => `Message #${seq} is hidden by the log's filter.`,
  filtering: (seq) => `Message #${seq} is not placed yet: the log's filter is still being applied to the stored messages.`,
};

/**
 * The log's side of the trace's "Show in Log": the host says where the message is and the store
 * scrolls to it, selects and opens it; when the log cannot show it (evicted, hidden by the
 * filter) this says why, in words, and offers to clear the filter and show it.
 */
export function RevealNotice({ channel, store, clearFilter }: RevealNoticeProps) {
  const [hidden, setHidden] = useState<{ seq: number; why: HiddenReason } | undefined>(undefined);
  /** Cleared the filter to show this message: asked again once the unfiltered snapshot is in. */
  const [afterClear, setAfterClear] = useState<number | undefined>(undefined);

  useLayoutEffect(() => {
    const stops = [
      channel.on('trace/revealMessage', (m) => {
        if ('pos' in m) {
          setHidden(undefined);
          store.revealAt(m.pos);
        } else {
          setHidden({ seq: m.seq, why: m.hidden });
        }
      }),
      channel.on('log/snapshot', (s) => {
        if (afterClear === undefined || s.filter !== null) return;
        setAfterClear(undefined);
        channel.notify('trace/reveal', { seq: afterClear });
      }),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }, [channel, store, afterClear]);

  if (!hidden) return null;
  const close = (): void => {
    setHidden(undefined);
  };
  return (
    <div class="reveal-notice" role="alert" data-testid="reveal-notice">
      <span>{WHY[hidden.why](hidden.seq.toLocaleString('en-US'))}</span>
      {hidden.why !== 'evicted' && (
        <Button
          appearance="secondary"
          testId="reveal-clear-filter"
          onClick={() => {
            setAfterClear(hidden.seq);
            setHidden(undefined);
            clearFilter();
          }}
        >
          Clear Filter and Show
        </Button>
      )}
      <Button appearance="icon" testId="reveal-dismiss" title="Dismiss" onClick={close}>
        ✕
      </Button>
    </div>
  );
}
