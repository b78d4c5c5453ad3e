import { useEffect, useRef, useState } from 'preact/hooks';
import type { MessageDto } from '../../shared/log/logProtocol';
import { detectView, formatPayload } from '../../shared/payload/payloadFormat';
import { formatByteCount } from '../../shared/payload/payloadPreview';
import { formatTime } from '../format/formatTime';
import type { LogChannel } from '../log/logChannel';
import { diffValues, type ValueDiff } from './valueDiff';

/** The newest messages of a topic the history shows (each is fetched in full, so not every stored one). */
export const HISTORY_LIMIT = 50;

export interface TopicHistoryProps {
  topic: string;
  channel: LogChannel;
  /** The topic's last stored message: a new one fetches the history again. */
  lastSeq: number | undefined;
}

type Loaded = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ok'; messages: MessageDto[] };

/**
 * A topic's stored messages, newest first, each with what changed since the one before it (jsdiff:
 * JSON structurally, text line by line). Messages already fetched are kept by seq, so a new message
 * costs one fetch, not fifty. Values are untrusted: text nodes only.
 */
export function TopicHistory({ topic, channel, lastSeq }: TopicHistoryProps) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const cache = useRef(new Map<number, MessageDto>());

  useEffect(() => {
    cache.current.clear();
    setLoaded({ state: 'loading' });
  }, [topic]);

  useEffect(() => {
    const live = { current: true };
    void (async () => {
      try {
        const { seqs } = await channel.request('topics/history', { topic, limit: HISTORY_LIMIT });
        const messages = await Promise.all(
          seqs.map(async (seq) => {
            const known = cache.current.get(seq);
            if (known) return known;
            const { message } = await channel.request('log/message/get', { seq });
            cache.current.set(seq, message);
            return message;
          }),
        );
        const keep = new Set(seqs);
        for (const seq of cache.current.keys()) if (!keep.has(seq)) cache.current.delete(seq);
        if (live.current) setLoaded({ state: 'ok', messages: messages.reverse() });
      } catch (e) {
        if (live.current) setLoaded({ state: 'error', error: e instanceof Error ? e.message : String(e) });
      }
    })();
    return () => {
      live.current = false;
    };
  }, [topic, lastSeq, channel]);

  if (loaded.state === 'loading') return <p class="detail-note">Loading the history…</p>;
  if (loaded.state === 'error') return <p class="detail-error" role="alert" data-testid="history-error">{loaded.error}</p>;
  const { messages } = loaded;
  if (messages.length === 0) return <p class="detail-note" data-testid="history-empty">No stored message of this topic (evicted or cleared).</p>;
  return (
    <ol class="topic-history" data-testid="topic-history" aria-label={`History of ${topic}, newest first`}>
      {messages.map((m, i) => {
        const older = messages[i + 1];
        return (
          <li key={m.seq} class="history-entry" data-testid="history-entry" data-seq={m.seq}>
            <div class="history-meta">
              <span>{formatTime(m.time)}</span> · <span>{formatByteCount(m.size)}</span>
              {m.retain && <span> · retained</span>}
            </div>
            {older ? <DiffView diff={diffValues(older.payload, m.payload)} /> : <FirstValue message={m} />}
          </li>
        );
      })}
    </ol>
  );
}

/** The oldest value shown has nothing to compare with: it is shown whole, in its best view (pretty JSON, text or hex). */
function FirstValue({ message }: { message: MessageDto }) {
  const formatted = formatPayload(message.payload, detectView(message.payload));
  if (!formatted.ok) return <p class="detail-note">{formatted.reason}</p>;
  return (
    <pre class="history-diff" data-testid="history-value">
      {formatted.text}
    </pre>
  );
}

/** A diff as lines marked + and −; unchanged runs are shown as they are. */
export function DiffView({ diff }: { diff: ValueDiff }) {
  if (!diff.ok) return <p class="detail-note" data-testid="history-diff-note">{diff.reason}</p>;
  return (
    <pre class={`history-diff ${diff.mode}`} data-testid="history-diff" data-mode={diff.mode}>
      {diff.parts.map((part, i) => (
        <span key={i} class={`diff-${part.kind}`} data-kind={part.kind}>
          {part.text}
        </span>
      ))}
    </pre>
  );
}
