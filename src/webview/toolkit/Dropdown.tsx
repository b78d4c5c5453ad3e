import { useId } from 'preact/hooks';

export interface DropdownOption<V extends string> {
  value: V;
  label: string;
}

/** One value out of a fixed list: what a Dropdown and a SegmentedControl both take. */
export interface ChoiceProps<V extends string> {
  label: string;
  value: V;
  options: readonly DropdownOption<V>[];
  onChange: (value: V) => void;
  testId?: string;
  class?: string;
}

export interface DropdownProps<V extends string> extends ChoiceProps<V> {
  disabled?: boolean;
}

/** A labelled single choice (the toolkit's `vscode-dropdown` with `vscode-option`s). */
export function Dropdown<V extends string>(props: DropdownProps<V>) {
  const id = useId();
  return (
    <div class={`toolkit-field ${props.class ?? ''}`}>
      <label class="toolkit-label" for={id}>
        {props.label}
      </label>
      <vscode-dropdown
        id={id}
        value={props.value}
        disabled={props.disabled === true}
        data-testid={props.testId}
        onChange={(e) => {
          const chosen = props.options.find((o) => o.value === e.currentTarget.value);
          if (chosen) props.onChange(chosen.value);
        }}
      >
        {props.options.map((o) => (
          <vscode-option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </vscode-option>
        ))}
      </vscode-dropdown>
    </div>
  );
}
