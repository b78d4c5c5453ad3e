import { useEffect, useState } from 'preact/hooks';
import type { DecoderFormat } from '../../shared/decoders/decodedPayload';
import type { LogChannel } from '../log/logChannel';

/**
 * The format of the decoder bound to `topic` in the workspace (`decoders` of `.tracemq.json`), asked
 * of the host whenever the topic changes; undefined while unbound or not known yet. A late answer
 * for a topic no longer typed is dropped.
 */
export function useTopicBinding(channel: LogChannel, topic: string): DecoderFormat | undefined {
  const [format, setFormat] = useState<DecoderFormat | undefined>(undefined);
  useEffect(() => {
    let current = true;
    if (topic === '') {
      setFormat(undefined);
      return undefined;
    }
    channel.request('publish/binding/get', { topic }).then(
      (r) => {
        if (current) setFormat(r.format);
      },
      () => {
        // Not known: "Payload as" offers the plain formats only, and publishing still works.
        if (current) setFormat(undefined);
      },
    );
    return () => {
      current = false;
    };
  }, [channel, topic]);
  return format;
}
