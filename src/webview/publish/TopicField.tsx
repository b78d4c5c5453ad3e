import { useEffect, useRef, useState } from 'preact/hooks';
import type { LogChannel } from '../log/logChannel';
import { TextField } from '../toolkit/TextField';

export interface TopicFieldProps {
  channel: LogChannel;
  label: string;
  value: string;
  onInput: (topic: string) => void;
  /** Enter with no suggestion open. */
  onEnter?: () => void;
  placeholder?: string;
  class?: string;
  testId: string;
  invalid?: boolean;
}

/** Suggestions shown at most, and the pause in typing before asking the host. */
const SHOWN = 8;
const ASK_DELAY_MS = 120;

/**
 * A topic field that completes from the topics the connection has received (the host looks them
 * up in its store). ArrowDown/ArrowUp move through the suggestions, Enter or Tab takes one,
 * Escape closes them.
 */
export function TopicField(props: TopicFieldProps) {
  const { channel } = props;
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const asked = useRef(0);

  const ask = (prefix: string): void => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const ticket = ++asked.current;
      channel.request('mqtt/topics', { prefix }).then(
        ({ topics }) => {
          if (ticket !== asked.current) return;
          const shown = topics.filter((t) => t !== prefix).slice(0, SHOWN);
          setSuggestions(shown);
          setActive(-1);
          setOpen(shown.length > 0);
        },
        () => {
          setOpen(false);
        },
      );
    }, ASK_DELAY_MS);
  };

  useEffect(
    () => () => {
      clearTimeout(timer.current);
    },
    [],
  );

  const take = (topic: string): void => {
    props.onInput(topic);
    setOpen(false);
  };

  return (
    <div
      class={`topic-field ${props.class ?? ''}`}
      onFocusOut={(e) => {
        // Closing on blur, unless focus moved into the suggestions themselves.
        if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <TextField
        label={props.label}
        value={props.value}
        placeholder={props.placeholder}
        testId={props.testId}
        invalid={props.invalid}
        onInput={(topic) => {
          props.onInput(topic);
          ask(topic);
        }}
        onKeyDown={(e) => {
          if (open && e.key === 'ArrowDown') setActive((i) => Math.min(suggestions.length - 1, i + 1));
          else if (open && e.key === 'ArrowUp') setActive((i) => Math.max(-1, i - 1));
          else if (open && (e.key === 'Enter' || e.key === 'Tab') && active >= 0) take(suggestions[active] ?? props.value);
          else if (open && e.key === 'Escape') setOpen(false);
          else if (e.key === 'ArrowDown' && !open) {
            ask(props.value);
            return;
          } else if (e.key === 'Enter') {
            props.onEnter?.();
            e.preventDefault();
            return;
          } else return;
          e.preventDefault();
        }}
      />
      {open && (
        <ul class="topic-suggestions" role="listbox" aria-label="Topics seen" data-testid={`${props.testId}-suggestions`}>
          {suggestions.map((topic, i) => (
            <li
              key={topic}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                take(topic);
              }}
            >
              {topic}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
