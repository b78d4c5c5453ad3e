import { useRef } from 'preact/hooks';
import type { ChoiceProps } from './Dropdown';

/** `label` names the group for screen readers (it has no visible label). */
export type SegmentedControlProps<V extends string> = ChoiceProps<V>;

/**
 * A one-of-a-few choice shown all at once, as a row of toggles (ARIA radio group: one tab stop,
 * arrow keys move and choose). For a handful of short options it takes one click instead of a
 * dropdown's two, and it has no popup for an overflowing or clipped pane to hide.
 */
export function SegmentedControl<V extends string>(props: SegmentedControlProps<V>) {
  const group = useRef<HTMLDivElement>(null);
  const choose = (index: number): void => {
    const count = props.options.length;
    const option = props.options[(index + count) % count];
    if (!option) return;
    props.onChange(option.value);
    // Focus follows the choice, as in a native radio group.
    group.current?.querySelector<HTMLButtonElement>(`[data-value="${option.value}"]`)?.focus();
  };
  const current = props.options.findIndex((o) => o.value === props.value);
  return (
    <div
      ref={group}
      class={`segmented ${props.class ?? ''}`}
      role="radiogroup"
      aria-label={props.label}
      data-testid={props.testId}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
        if (step === 0) return;
        e.preventDefault();
        choose(current + step);
      }}
    >
      {props.options.map((o) => {
        const checked = o.value === props.value;
        return (
          <button
            key={o.value}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked || (current === -1 && o === props.options[0]) ? 0 : -1}
            data-value={o.value}
            class={checked ? 'segment checked' : 'segment'}
            onClick={() => {
              props.onChange(o.value);
            }}
          >
            {o.label}
          </button>
        );
      })}
    </div>
  );
}
